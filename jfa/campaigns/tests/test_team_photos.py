"""From the first day of the dress log, a team's page counts each member's photos beside what
they raised: the captain and readers see who keeps the daily promise."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from jfa.campaigns.models import DressLogEntry

pytestmark = pytest.mark.django_db


def members(html: str) -> dict[str, list[str]]:
    """Each member's name and the numbers of their row, from the members' table."""
    table = re.search(r'<section aria-labelledby="members".*?</table>', html, re.S).group(0)
    rows = re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a>.*?</td>((?:<td class="num">[^<]*</td>)+)</tr>', table)
    return {name: re.findall(r'<td class="num">([^<]*)</td>', cells) for name, cells in rows}


def test_a_team_page_counts_each_member_s_photos_once_the_log_opens(campaign, alice_page, bob_page, team, monkeypatch):
    bob_page.team = team
    bob_page.save(update_fields=["team"])
    url = team.get_absolute_url()

    before = Client().get(url).content.decode()  # 25 November: nothing to count yet
    assert '<th scope="col" class="num">Photos</th>' not in before
    assert members(before)[alice_page.display_name] == ["US$0.00"]

    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    for day in (1, 2):
        DressLogEntry.objects.create(page=alice_page, day=day, photo="dresslog/x.jpg", photo_alt="A dress")
    html = Client().get(url).content.decode()
    assert '<th scope="col" class="num">Photos</th>' in html
    assert "Team members, amounts raised and dress-log photos" in html
    counted = members(html)
    assert counted[alice_page.display_name][1] == "2" and counted[bob_page.display_name][1] == "0"

    # The very next reader sees a removed photo go: the count is part of what keys the kept page.
    DressLogEntry.objects.filter(page=alice_page, day=1).delete()
    assert members(Client().get(url).content.decode())[alice_page.display_name][1] == "1"


def test_a_member_s_dashboard_says_how_many_of_the_team_posted_today(
    client, campaign, alice, alice_page, bob_page, team, monkeypatch
):
    bob_page.team = team
    bob_page.save(update_fields=["team"])
    client.force_login(alice)
    dashboard = reverse("campaigns:dashboard")
    assert "Your team's dress log today" not in client.get(dashboard).content.decode()  # 25 November

    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    DressLogEntry.objects.create(page=bob_page, day=3, photo="dresslog/x.jpg", photo_alt="A dress")
    DressLogEntry.objects.create(page=alice_page, day=2, photo="dresslog/y.jpg", photo_alt="A dress")  # yesterday's
    assert "Your team's dress log today, day 3, photos posted: 1 of 2." in client.get(dashboard).content.decode()
    french = client.get(dashboard, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Journal des tenues de votre équipe aujourd’hui, jour 3, photos publiées\u00a0: 1 sur 2." in french
