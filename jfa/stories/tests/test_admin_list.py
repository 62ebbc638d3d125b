"""Staff read the list of stories at a glance: when each goes out on one short line, whether it
takes comments as a tick, so the titles keep the list's width."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

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
    assert '<td class="field-publishes">4 déc. 2026, 09:00</td>' in french
    assert ">Parution</a>" in french
