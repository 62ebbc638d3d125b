"""A new advocate's dashboard lists the steps that bring in gifts, ticks each one as it is done,
and goes away once all are."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from jfa.campaigns.models import DressLogEntry
from jfa.core.testing import give, png_bytes
from jfa.donations.actions import send_thanks_note

pytestmark = pytest.mark.django_db


def at(monkeypatch, when: datetime.datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: when.replace(tzinfo=datetime.UTC))


def checklist(client) -> tuple[str, list[str]]:
    """The checklist's count and its items as read aloud (marks are hidden from screen readers)."""
    html = client.get(reverse("campaigns:dashboard")).content.decode()
    section = re.search(r'<section aria-labelledby="steps-title".*?</section>', html, re.S)
    if section is None:
        return "", []
    count = re.search(r'<p class="muted">(.*?)</p>', section.group(0)).group(1)
    items = re.findall(r"<li[^>]*>(.*?)</li>", section.group(0), re.S)
    spoken = [" ".join(re.sub(r'<span class="mark"[^>]*>.*?</span>|<[^>]+>', " ", item).split()) for item in items]
    return count, spoken


def test_a_new_page_starts_with_every_step_to_do(client, campaign, alice, alice_page, monkeypatch):
    at(monkeypatch, datetime.datetime(2026, 11, 20, 17))
    client.force_login(alice)
    assert checklist(client) == (
        "0 of 6 done",
        [
            "To do: Add a photo of yourself · Add a photo",
            "To do: Join a team or start one · Find a team",
            "To do: Get your first gift · Share your page",
            "To do: Post your first dress-log photo · From 1 December",
            "To do: Thank your donors · After your first gift",
            "To do: Reach your goal · Share your page again",
        ],
    )
    html = client.get(reverse("campaigns:dashboard")).content.decode()
    assert f'<a href="/p/{alice_page.slug}/edit/">Add a photo</a>' in html
    assert '<a href="/teams/">Find a team</a>' in html and '<a href="#share-link">Share your page</a>' in html

    french = client.get(reverse("campaigns:dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Premiers pas" in french and "0 sur 6 faites" in french
    assert "À faire\u00a0:" in french and "À partir du 1er décembre" in french


def test_each_step_is_ticked_as_it_is_done_and_the_list_goes_when_all_are(
    client, campaign, alice, alice_page, team, monkeypatch
):
    at(monkeypatch, datetime.datetime(2026, 12, 3, 17))
    client.force_login(alice)
    gift = give(page=alice_page, amount_minor=40_000)  # US$400 of US$1,000
    count, items = checklist(client)
    assert count == "2 of 6 done"  # on the team she captains, and a first gift
    assert items[1] == "Done: Join a team or start one"
    assert items[2] == "Done: Get your first gift"
    assert items[3] == "To do: Post your first dress-log photo · Post a photo"
    assert items[4] == "To do: Thank your donors · Say thanks"

    send_thanks_note(donation=gift, sender=alice, note="Thank you!")
    entry = DressLogEntry(page=alice_page, day=3, photo_alt="Alice in red")
    entry.photo.save("d.png", ContentFile(png_bytes()), save=False)
    entry.save()
    alice_page.photo.save("p.png", ContentFile(png_bytes()), save=False)
    alice_page.save(update_fields=["photo"])
    assert checklist(client)[0] == "5 of 6 done"

    give(page=alice_page, amount_minor=60_000)
    assert checklist(client)[0] == "5 of 6 done"  # the goal is reached, and a new donor waits for thanks
    [waiting] = [g for g in alice_page.donations.all() if not hasattr(g, "thanks")]
    send_thanks_note(donation=waiting, sender=alice, note="Thanks a lot!")
    assert checklist(client) == ("", [])  # all six done: the list is gone
