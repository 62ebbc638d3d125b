"""An advocate downloads everything we hold about their account as one JSON file: nobody else's
data, and never a donor's address."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from jfa.campaigns.actions import join_team, post_dress_log, send_team_message
from jfa.core.testing import give, png_bytes
from jfa.donations.actions import send_thanks_note
from jfa.donations.models import Donation
from jfa.stories.actions import post_comment, subscribe
from jfa.stories.tests.factories import make_post, member

pytestmark = pytest.mark.django_db

DATA = reverse("download_data")


def download(client) -> dict:
    response = client.get(DATA)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="justice-for-all-2026-12-03.json"'
    assert response["Cache-Control"] == "private, no-store"
    return json.loads(response.content)


def test_an_advocate_downloads_what_we_hold(client, campaign, alice, alice_page, team, bob, bob_page, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, tzinfo=datetime.UTC))
    post_dress_log(
        page=alice_page, day=2, photo=ContentFile(png_bytes(), name="d.png"), photo_alt="Red dress", caption="Day 2!"
    )
    named = give(page=alice_page, amount_minor=2_500)
    Donation.objects.filter(pk=named.pk).update(message="Go Alice!")
    hidden = give(page=alice_page, amount_minor=1_000)
    Donation.objects.filter(pk=hidden.pk).update(is_anonymous=True)
    send_thanks_note(donation=named, sender=alice, note="Thank you, Dana!")
    give(page=bob_page, amount_minor=9_900)  # Bob's: not in Alice's file
    join_team(page=bob_page, team=team)
    send_team_message(team=team, sender=alice, body="Day 3, team!")
    story = make_post(title="What a story")
    post_comment(post_id=story.pk, commenter=member(alice), body="What a story.")
    subscribe(post_id=story.pk, email="Alice@example.org", confirmed=True, language="fr")
    subscribe(post_id=story.pk, email="someone-else@example.org", confirmed=True)

    client.force_login(alice)
    data = download(client)
    assert data["account"]["email"] == "alice@example.org"
    assert data["account"]["email_addresses"] == [{"email": "alice@example.org", "verified": True, "primary": True}]
    assert data["account"]["emails_we_send_you"]["each_new_gift"] is True

    [page] = data["pages"]
    assert (page["campaign"], page["team"], page["published"]) == ("Dress for Freedom 2026", "Tie One On", True)
    assert page["goal"] == {"minor_units": 100_000, "currency": "USD", "shown": "US$1,000.00"}
    assert [(d["day"], d["caption"], d["photo_description"]) for d in page["dress_log"]] == [(2, "Day 2!", "Red dress")]
    assert page["dress_log"][0]["photo"].startswith("http")
    donors = [(g["donor"], g["amount"]["minor_units"], g["message"]) for g in page["gifts"]]
    assert donors == [("Dana Donor", 2_500, "Go Alice!"), ("Anonymous", 1_000, "")]
    assert page["gifts"][0]["your_thanks"]["note"] == "Thank you, Dana!"

    [captained] = data["teams_you_captain"]
    assert [m["message"] for m in captained["messages_to_the_team"]] == ["Day 3, team!"]
    assert [c["comment"] for c in data["comments"]] == ["What a story."]
    [follow] = data["stories_you_follow"]
    assert (follow["story"], follow["email"], follow["language"]) == ("What a story", "alice@example.org", "fr")
    assert follow["address"].startswith("http") and follow["confirmed_at"] is not None

    text = json.dumps(data)
    assert "dana@example.net" not in text  # a donor's address is never the advocate's to have
    assert "bob@example.org" not in text and "9900" not in text
    assert "someone-else@example.org" not in text


def test_the_file_is_for_the_signed_in_person_only(client, campaign):
    response = client.get(DATA)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_dashboard_and_the_privacy_notice_lead_to_it(client, campaign, alice, alice_page):
    client.force_login(alice)
    link = f'href="{DATA}"'
    assert link in client.get(reverse("campaigns:dashboard")).content.decode()
    assert link in client.get(reverse("privacy")).content.decode()
    assert link in client.get(reverse("close_account")).content.decode()
