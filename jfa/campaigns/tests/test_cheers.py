"""Readers cheer a day of a dress log on, once each; the advocate sees the cheers on their calendar."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from jfa.campaigns.actions import CampaignError, cheer, post_dress_log
from jfa.campaigns.models import DressLogCheer, DressLogEntry
from jfa.core.testing import png_bytes
from jfa.donations.tests.test_concurrency import run_in_threads

pytestmark = pytest.mark.django_db


def post_day_one(page) -> DressLogEntry:
    return post_dress_log(
        page=page, day=1, photo=ContentFile(png_bytes(), name="d1.png"), photo_alt="Alice in red", caption=""
    )


@pytest.fixture
def day_one(campaign, alice_page, time_machine) -> DressLogEntry:
    time_machine.move_to(datetime.datetime(2026, 12, 1, 18, tzinfo=datetime.UTC))
    return post_day_one(alice_page)


def cheer_url(entry: DressLogEntry) -> str:
    return reverse("campaigns:page_day_cheer", args=[entry.page.slug, entry.day])


def day_url(entry: DressLogEntry) -> str:
    return reverse("campaigns:page_day", args=[entry.page.slug, entry.day])


def test_a_reader_cheers_once_and_the_advocate_sees_it(client, alice, day_one):
    page = client.get(day_url(day_one)).content.decode()
    assert "Cheer Alice on</button>" in page

    response = client.post(cheer_url(day_one), follow=True)
    assert "You cheered Alice on, with 1 person in all." in response.content.decode()
    client.post(cheer_url(day_one))  # a second press counts nothing
    Client().post(cheer_url(day_one))  # the same address, not signed in: the same reader
    day_one.refresh_from_db()
    assert day_one.cheers == 1 == DressLogCheer.objects.count()

    Client(REMOTE_ADDR="203.0.113.9").post(cheer_url(day_one))
    day_one.refresh_from_db()
    assert day_one.cheers == 2

    owner = Client()
    owner.force_login(alice)
    assert '<span class="cheers">2 cheers</span>' in owner.get(reverse("campaigns:dashboard")).content.decode()


def test_htmx_swaps_in_the_new_count(client, day_one):
    response = client.post(cheer_url(day_one), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form") and "<html" not in html
    assert "You cheered Alice on, with 1 person in all." in html


@pytest.mark.django_db(transaction=True)
def test_two_readers_cheering_at_once_both_count_and_one_reader_counts_once(day_one):
    errors = run_in_threads(8, lambda n: cheer(entry=day_one, cheerer_key=f"ip:{n}"))
    assert errors == []
    outcomes: list[bool] = []
    errors = run_in_threads(6, lambda n: outcomes.append(cheer(entry=day_one, cheerer_key="ip:same")))
    assert errors == [] and sorted(outcomes) == [False] * 5 + [True]
    day_one.refresh_from_db()
    assert day_one.cheers == 9 == DressLogCheer.objects.count()


def test_a_flood_of_cheers_is_cut_short(campaign, alice_page, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 18, tzinfo=datetime.UTC))
    entry = post_day_one(alice_page)
    for _ in range(60):
        cheer(entry=entry, cheerer_key="ip:script")
    with pytest.raises(CampaignError, match="That is a lot of cheering!"):
        cheer(entry=entry, cheerer_key="ip:script")


def test_cheering_needs_a_post_and_a_real_day(client, day_one):
    # A visit cheers nothing: it is sent to the day's page (see post_only).
    visit = client.get(cheer_url(day_one))
    assert visit["Location"] == reverse("campaigns:page_day", args=[day_one.page.slug, 1])
    missing = reverse("campaigns:page_day_cheer", args=[day_one.page.slug, 2])
    assert client.post(missing).status_code == 404
    assert not DressLogCheer.objects.exists()


def test_the_cheer_button_is_in_french(client, day_one):
    html = client.get(day_url(day_one), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Applaudir Alice</button>" in html
