"""Staff read the list of stories at a glance: when each goes out on one short line, whether it
takes comments as a tick, so the titles keep the list's width."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from jfa.stories.models import Comment, CommentReport
from jfa.stories.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_the_story_list_gives_each_story_its_date_on_one_short_line(client, staff):
    make_post(title="Friday spotlight", publish_at=datetime.datetime(2026, 12, 4, 14, tzinfo=datetime.UTC))
    make_post(title="Draft", status="draft", comments_open=False)
    client.force_login(staff)
    url = reverse("admin:stories_post_changelist")

    html = client.get(url).content.decode()
    assert '<td class="field-publishes">4 Dec. 2026, 09:00</td>' in html  # in the campaign's time zone
    assert '<td class="field-publishes">—</td>' in html  # a draft has no date yet
    assert html.count('<td class="field-comments"><img src="/static/admin/img/icon-') == 2
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<td class="field-publishes">4 déc. 2026, 9\u00a0h\u00a000</td>' in french
    assert ">Parution</a>" in french


def test_the_admin_home_leads_to_comments_waiting_for_a_moderator(client, staff):
    post = make_post()
    client.force_login(staff)
    assert "to moderate" not in client.get(reverse("admin:index")).content.decode()

    Comment.objects.create(post=post, guest_name="Gina", guest_email="gina@example.org", body="Hello")
    approved = Comment.objects.create(
        post=post, guest_name="Hal", guest_email="hal@example.org", body="Thanks", status=Comment.Status.APPROVED
    )
    CommentReport.objects.create(comment=approved, reason=CommentReport.Reason.SPAM, reporter_key="r1")
    CommentReport.objects.create(comment=approved, reason=CommentReport.Reason.ABUSE, reporter_key="r2")
    Comment.objects.create(
        post=post, guest_name="Ivy", guest_email="ivy@example.org", body="Seen", status=Comment.Status.APPROVED
    )

    home = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("stories:moderation")}">2 comments to moderate</a>' in home
    french = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "2 commentaires à modérer</a>" in french
