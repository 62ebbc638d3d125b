"""robots.txt and sitemap.xml: what search engines are told to read, written from SITE_URL."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from jfa.core.testing import make_campaign, make_page
from jfa.stories.models import Post
from jfa.stories.tests.factories import make_post

pytestmark = pytest.mark.django_db

SITE = "https://give.example.org"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    cache.clear()  # the sitemap is cached for an hour; each test builds its own
    return SITE


def test_robots_txt_keeps_personal_pages_out_and_points_to_the_sitemap(client, site_url):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for private in ("/admin/", "/accounts/", "/me/", "/give/thanks/"):
        assert f"Disallow: {private}" in lines
    assert "Disallow: /" not in lines  # the campaign itself stays open to search engines
    assert lines[-1] == f"Sitemap: {SITE}/sitemap.xml"


def test_the_sitemap_lists_the_running_campaigns_pages_teams_and_visible_stories(
    client, site_url, campaign, alice_page, bob_page, team, charlie
):
    bob_page.is_published = False
    bob_page.save(update_fields=["is_published"])
    story = make_post(title="Seen")
    later = make_post(
        title="Later", status=Post.Status.SCHEDULED, publish_at=timezone.now() + datetime.timedelta(days=3)
    )
    draft = make_post(title="Draft", status=Post.Status.DRAFT)
    old = make_campaign(2025, is_active=False, goal_minor=1)
    with time_machine.travel(datetime.datetime(2025, 11, 20, 15, tzinfo=datetime.UTC)):
        old_page = make_page(old, charlie, country="US", slug="charlie-2025")  # opened while 2025's campaign ran

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in [
        "/",
        "/advocates/",
        "/teams/",
        "/stories/",
        "/transparency/",
        "/privacy/",
        alice_page.get_absolute_url(),
        team.get_absolute_url(),
    ]:
        assert f"<loc>{SITE}{path}</loc>" in xml, path
    # The date in the site's time zone: in the evening in Toronto it is already tomorrow in UTC.
    changed_on = timezone.localdate(story.updated_at).isoformat()
    assert f"<loc>{SITE}{story.get_absolute_url()}</loc><lastmod>{changed_on}" in xml
    for hidden in (bob_page, later, draft, old_page):
        assert hidden.get_absolute_url() not in xml, hidden
    assert "example.com" not in xml


def test_the_sitemap_is_served_from_the_shared_cache(client, site_url, campaign, alice_page, django_assert_num_queries):
    client.get("/sitemap.xml")
    # A second crawl costs two cache reads (the database cache here: the cached headers, then the
    # page), not the campaign's queries again.
    with django_assert_num_queries(2):
        assert client.get("/sitemap.xml").status_code == 200
