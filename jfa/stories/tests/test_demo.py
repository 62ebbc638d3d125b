from __future__ import annotations

import datetime
import zoneinfo

import pytest

from jfa.partners.models import Partner
from jfa.stories.demo import load_stories_demo
from jfa.stories.models import Comment, Post

pytestmark = pytest.mark.django_db
MID_DECEMBER = datetime.datetime(2026, 12, 12, 12, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))


def _snapshot() -> list[tuple]:
    posts = list(Post.objects.order_by("pk").values_list("pk", "slug", "status", "publish_at", "updated_at", "body"))
    comments = list(Comment.objects.order_by("pk").values_list("pk", "post_id", "status", "body"))
    return [posts, comments, list(Partner.objects.order_by("pk").values_list("pk", "slug"))]


def test_the_demo_creates_the_ijm_spotlights_with_approved_replies():
    load_stories_demo(year=2026, now=MID_DECEMBER)
    assert set(Partner.objects.values_list("slug", flat=True)) >= {"ijm-canada", "ijm"}
    posts = list(Post.objects.order_by("publish_at"))
    assert [post.partner.slug for post in posts[:2]] == ["ijm-canada", "ijm"]
    assert [post.publish_at.date().day for post in posts] == [4, 11][: len(posts)]
    first = posts[0]
    for level in ("Rescue victims", "Bring criminals to justice", "Restore survivors", "Strengthen justice systems"):
        assert level in first.body
    assert Comment.objects.filter(post=first, status=Comment.Status.APPROVED).count() >= 2
    # Tags read as written ("IJM", not "Ijm"), at addresses made from them.
    assert sorted(first.tags.values_list("name", "slug")) == [
        ("Canada", "canada"),
        ("IJM", "ijm"),
        ("Spotlight", "spotlight"),
    ]
    # Each spotlight is written in French too, and its tags named in French.
    for post in posts:
        assert post.title_fr.startswith("Vendredi à l’honneur\u00a0: ") and post.summary_fr and post.body_fr
    assert "**Libérer les victimes.**" in first.body_fr
    assert sorted(first.tags.values_list("name_fr", flat=True)) == ["Canada", "IJM", "À l’honneur"]


def test_past_fridays_are_published_and_later_ones_scheduled():
    for slug, name in [("freedom-road", "Freedom Road Aftercare"), ("open-door", "Open Door Prevention Network")]:
        Partner.objects.create(slug=slug, name=name, country="US")
    load_stories_demo(year=2026, now=MID_DECEMBER)
    posts = list(Post.objects.order_by("publish_at"))
    assert [post.publish_at.day for post in posts] == [4, 11, 18, 25]
    assert [post.status for post in posts] == ["published", "published", "scheduled", "scheduled"]
    assert [post.partner.slug for post in posts] == ["ijm-canada", "ijm", "freedom-road", "open-door"]
    assert Post.objects.visible(MID_DECEMBER).count() == 2


def test_loading_the_demo_twice_changes_nothing():
    load_stories_demo(year=2026, now=MID_DECEMBER)
    before = _snapshot()
    load_stories_demo(year=2026, now=MID_DECEMBER)
    assert _snapshot() == before


def test_the_demo_spotlight_page_renders(client):
    load_stories_demo(year=2026, now=MID_DECEMBER)
    post = Post.objects.get(partner__slug="ijm-canada")
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=MID_DECEMBER):
        page = client.get(post.get_absolute_url()).content.decode()
    assert "Friday spotlight: International Justice Mission Canada" in page
    assert "Marie Tremblay" in page and "marie.tremblay@example.org" not in page
