"""An advocate takes back a dress-log photo; the day opens again and the photo is gone."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jfa.core.models import StoredFile
from jfa.core.testing import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_of_december(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))


def photo():
    return SimpleUploadedFile("d.png", png_bytes(size=(30, 30)), content_type="image/png")


def post(client, day, **extra):
    data = {"day": day, "photo": photo(), "photo_alt": f"Dress of day {day}", "caption": f"Day {day}!", **extra}
    return client.post(reverse("campaigns:dress_log_post"), data)


def test_a_removed_photo_is_gone_and_its_day_can_be_posted_again(
    client, campaign, alice, alice_page, third_of_december
):
    client.force_login(alice)
    post(client, 2)
    post(client, 3)
    old_photo = alice_page.dress_log.get(day=3).photo
    old_thumbnail = alice_page.dress_log.get(day=3).thumbnail
    assert StoredFile.objects.count() == 4  # two photos, each with its thumbnail
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "Remove the photo of day 2</button>" in dashboard and "Remove the photo of day 3</button>" in dashboard

    response = client.post(reverse("campaigns:dress_log_remove", args=[3]), follow=True)
    assert "The photo of day 3 was removed." in response.content.decode()
    assert list(alice_page.dress_log.values_list("day", flat=True)) == [2]
    assert client.get(old_photo.url).status_code == 404
    assert client.get(old_thumbnail.url).status_code == 404
    assert StoredFile.objects.count() == 2
    assert old_photo.url not in client.get(alice_page.get_absolute_url()).content.decode()

    post(client, 3, caption="Better one")
    assert alice_page.dress_log.get(day=3).caption == "Better one"


def test_nobody_removes_another_advocates_photo(client, campaign, alice, alice_page, bob, bob_page, third_of_december):
    client.force_login(alice)
    post(client, 3)
    client.force_login(bob)
    response = client.post(reverse("campaigns:dress_log_remove", args=[3]), follow=True)
    assert "There is no photo for day 3." in response.content.decode()  # Bob's own log has none
    assert alice_page.dress_log.filter(day=3).exists()

    client.logout()
    assert client.post(reverse("campaigns:dress_log_remove", args=[3])).status_code == 302
    assert alice_page.dress_log.filter(day=3).exists()


def test_removing_only_answers_a_post(client, campaign, alice, alice_page, third_of_december):
    client.force_login(alice)
    post(client, 3)
    assert client.get(reverse("campaigns:dress_log_remove", args=[3]))["Location"] == reverse("campaigns:dashboard")
    assert alice_page.dress_log.filter(day=3).exists()


def test_the_dashboard_offers_no_removal_before_anything_is_posted(client, campaign, alice, alice_page):
    client.force_login(alice)
    assert "Remove a posted photo" not in client.get(reverse("campaigns:dashboard")).content.decode()


def test_each_photo_gets_a_small_square_thumbnail_that_the_calendar_shows(
    client, campaign, alice, alice_page, third_of_december
):
    from PIL import Image

    client.force_login(alice)
    data = {"day": 2, "photo": SimpleUploadedFile("tall.png", png_bytes(size=(600, 900)), content_type="image/png")}
    client.post(reverse("campaigns:dress_log_post"), {**data, "photo_alt": "A tall photo", "caption": ""})
    entry = alice_page.dress_log.get(day=2)
    with entry.thumbnail.open() as thumb, Image.open(thumb) as image:
        assert (image.format, image.size) == ("JPEG", (320, 320))
    assert entry.thumbnail.size < entry.photo.size
    html = client.get(alice_page.get_absolute_url()).content.decode()
    day_page = reverse("campaigns:page_day", args=[alice_page.slug, 2])  # where the full photo shows
    assert f'<a href="{day_page}"><img src="{entry.thumbnail.url}" alt="A tall photo"' in html
