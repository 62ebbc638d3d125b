from __future__ import annotations

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.urls import reverse

from jfa.stories.actions import december_fridays, publish_post, schedule_fridays
from jfa.stories.models import Post

from .factories import make_partner, make_post, make_user

pytestmark = pytest.mark.django_db
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def at(day: int, hour: int = 12, month: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=TORONTO)


def four_partners():
    return [
        make_partner("ijm-canada", "International Justice Mission Canada"),
        make_partner("ijm", "International Justice Mission"),
        make_partner("freedom-road", "Freedom Road Aftercare"),
        make_partner("open-door", "Open Door Prevention Network"),
    ]


def test_december_2026_has_four_fridays():
    assert december_fridays(2026) == [datetime.date(2026, 12, day) for day in (4, 11, 18, 25)]


def test_a_december_with_five_fridays_is_counted_in_full():
    assert [day.day for day in december_fridays(2028)] == [1, 8, 15, 22, 29]


def test_scheduler_lays_out_one_spotlight_per_friday_of_december_2026():
    partners = four_partners()
    posts = schedule_fridays(year=2026, partners=partners, author=make_user("editor"), now=at(1, month=11))
    assert [post.publish_at for post in posts] == [at(day, hour=9) for day in (4, 11, 18, 25)]
    assert [post.partner for post in posts] == partners
    assert {post.status for post in posts} == {Post.Status.SCHEDULED}
    assert all(post.tags.filter(slug="spotlight").exists() for post in posts)


def test_fridays_already_past_are_published_and_later_ones_scheduled():
    posts = schedule_fridays(year=2026, partners=four_partners(), author=make_user("editor"), now=at(12))
    assert [post.status for post in posts] == ["published", "published", "scheduled", "scheduled"]


def test_laying_out_the_month_twice_changes_nothing():
    partners = four_partners()
    first = schedule_fridays(year=2026, partners=partners, author=make_user("editor"), now=at(1, month=11))
    again = schedule_fridays(year=2026, partners=partners, author=make_user("editor"), now=at(1, month=11))
    assert [post.pk for post in again] == [post.pk for post in first]
    assert Post.objects.count() == 4


def test_more_partners_than_fridays_is_refused():
    partners = [*four_partners(), make_partner("safe-passage", "Safe Passage Legal Defense")]
    with pytest.raises(ValueError):
        schedule_fridays(year=2026, partners=partners, author=make_user("editor"))
    assert not Post.objects.exists()


def test_a_scheduled_post_becomes_visible_at_its_time_without_anyone_pressing_a_button():
    [post] = schedule_fridays(year=2026, partners=four_partners()[:1], author=make_user("editor"), now=at(1))
    friday_nine = at(4, hour=9)
    assert post.status == Post.Status.SCHEDULED
    assert not Post.objects.visible(friday_nine - datetime.timedelta(seconds=1)).exists()
    assert list(Post.objects.visible(friday_nine)) == [post]


def test_a_scheduled_post_page_opens_to_readers_once_the_clock_passes_its_time(client):
    [post] = schedule_fridays(year=2026, partners=four_partners()[:1], author=make_user("editor"), now=at(1))
    with mock.patch("django.utils.timezone.now", return_value=at(4, hour=8)):
        assert client.get(post.get_absolute_url()).status_code == 404
        assert post.title not in client.get(reverse("stories:index")).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=at(4, hour=9)):
        assert client.get(post.get_absolute_url()).status_code == 200
        assert post.title in client.get(reverse("stories:index")).content.decode()
    # Nothing was flipped in the database: visibility is computed, the row still says "scheduled".
    post.refresh_from_db()
    assert post.status == Post.Status.SCHEDULED


def test_drafts_never_show_whatever_the_time():
    post = make_post(status=Post.Status.DRAFT)
    assert not Post.objects.visible(at(31)).filter(pk=post.pk).exists()


def test_publish_post_schedules_a_future_time_and_publishes_a_past_one():
    post = make_post(status=Post.Status.DRAFT)
    scheduled = publish_post(post_id=post.pk, at=at(18, hour=9), now=at(1))
    assert (scheduled.status, scheduled.publish_at) == (Post.Status.SCHEDULED, at(18, hour=9))
    published = publish_post(post_id=post.pk, now=at(2))
    assert (published.status, published.publish_at) == (Post.Status.PUBLISHED, at(2))


def test_before_the_first_spotlight_the_stories_page_names_its_day(client):
    schedule_fridays(year=2026, partners=four_partners()[:2], author=make_user("editor"), now=at(1, month=11))
    with mock.patch("django.utils.timezone.now", return_value=at(29, month=11)):
        html = client.get(reverse("stories:index")).content.decode()
        assert "No stories yet. The first spotlight goes out on Friday 4 December." in html
        french = client.get(reverse("stories:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Le premier partenaire à l’honneur paraît le vendredi 4 décembre." in french


def test_with_nothing_scheduled_the_stories_page_still_says_when_spotlights_come(client):
    html = client.get(reverse("stories:index")).content.decode()
    assert "The first spotlight goes out on the first Friday of December." in html
