"""Each day of a dress log has a page of its own: the photo large, its caption, the days around it,
and a way to give; a shared link to it shows the day's photo."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from jfa.campaigns.actions import post_dress_log, set_page_published, update_page
from jfa.core.testing import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def days(campaign, alice_page, time_machine):
    """Alice posted days 1 and 3 (not 2)."""
    time_machine.move_to(datetime.datetime(2026, 12, 3, 18, tzinfo=datetime.UTC))
    for day, caption in ((1, "Red for day one"), (3, "")):
        post_dress_log(
            page=alice_page,
            day=day,
            photo=ContentFile(png_bytes(), name=f"d{day}.png"),
            photo_alt=f"Alice in a dress, day {day}",
            caption=caption,
        )
    return alice_page


def day_url(page, day: int) -> str:
    return reverse("campaigns:page_day", args=[page.slug, day])


def test_a_day_has_a_page_with_its_photo_caption_and_the_next_day(client, days):
    html = client.get(day_url(days, 1)).content.decode()
    assert "<h1>Alice, day 1 of 31</h1>" in html
    assert 'alt="Alice in a dress, day 1"' in html
    assert "<figcaption>Red for day one</figcaption>" in html
    assert '<time datetime="2026-12-01">1 December 2026</time>' in html
    assert f'href="{day_url(days, 3)}" rel="next">Day 3 →</a>' in html
    assert 'rel="prev"' not in html
    entry = days.dress_log.get(day=1)
    assert f'<meta property="og:image" content="http://testserver{entry.photo.url}">' in html
    assert '<meta property="og:image:alt" content="Alice in a dress, day 1">' in html
    assert f'href="{days.get_absolute_url()}#give">Donate</a>' in html

    last = client.get(day_url(days, 3)).content.decode()
    assert f'href="{day_url(days, 1)}" rel="prev">← Day 1</a>' in last
    assert "<figcaption>" not in last


def test_the_page_calendar_and_the_home_strip_lead_to_the_days(client, days):
    assert f'<a href="{day_url(days, 1)}">' in client.get(days.get_absolute_url()).content.decode()
    assert f'<a href="{day_url(days, 3)}">Day 3</a>' in client.get(reverse("campaigns:home")).content.decode()


@pytest.mark.parametrize("day", [2, 0, 32, 999])
def test_a_day_without_a_photo_is_not_found(client, days, day):
    assert client.get(day_url(days, day)).status_code == 404


def test_a_hidden_page_hides_its_days_too(client, days):
    set_page_published(page=days, published=False)
    assert client.get(day_url(days, 1)).status_code == 404


def test_a_day_follows_its_page_to_a_new_address(client, days):
    old = day_url(days, 1)
    moved = update_page(
        page=days,
        display_name=days.display_name,
        title=days.title,
        pitch=days.pitch,
        goal_minor=days.goal_minor,
        country=days.country,
        commitment=days.commitment,
        photo=None,
        photo_alt="",
        slug="alice-for-freedom",
    )
    response = client.get(old)
    assert response.status_code == 307
    assert response["Location"] == day_url(moved, 1)


def test_a_day_reads_in_french(client, days):
    html = client.get(day_url(days, 1), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Alice, jour 1 sur 31" in html
    assert "1er décembre 2026" in html
