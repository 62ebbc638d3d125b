"""Our own back-office screens about one object (refunding a gift, taking a page down) lead back
to that object and its list, and offer amounts as the staff member writes them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jfa.campaigns.actions import report_page
from jfa.core.money import Money
from jfa.core.testing import give
from jfa.donations.actions import return_gift

pytestmark = pytest.mark.django_db


def trail(html: str) -> str:
    return html.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]


def test_the_refund_screen_leads_back_to_the_gift_and_offers_what_is_left_in_french(
    client, campaign, alice_page, staff
):
    gift = give(page=alice_page, amount_minor=5_050)
    return_gift(donation=gift, amount=Money(1_000, "USD"), kind="refund", reason="Asked", idempotency_key="r1")
    client.force_login(staff)
    url = reverse("admin:donations_donation_return", args=[gift.pk])

    crumbs = trail(client.get(url).content.decode())
    assert (
        f'<a href="{reverse("admin:donations_donation_change", args=[gift.pk])}">US$50.50 from Dana Donor</a>' in crumbs
    )
    assert f'<a href="{reverse("admin:donations_donation_changelist")}">Donations</a>' in crumbs
    assert crumbs.rstrip().endswith("Return a gift")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'name="amount" value="40,50"' in french
    assert "Accueil" in trail(french)


def test_the_take_down_screen_leads_back_to_the_page(client, campaign, alice_page, staff):
    client.force_login(staff)
    url = reverse("admin:campaigns_advocatepage_take_down", args=[alice_page.pk])

    crumbs = trail(client.get(url).content.decode())
    change = reverse("admin:campaigns_advocatepage_change", args=[alice_page.pk])
    assert f'<a href="{change}">{alice_page.title}</a>' in crumbs
    assert f'<a href="{reverse("admin:campaigns_advocatepage_changelist")}">Advocate pages</a>' in crumbs
    assert crumbs.rstrip().endswith("Take the page down")


def test_the_admin_home_opens_with_the_campaign_at_a_glance_and_reports_waiting(client, campaign, alice_page, staff):
    client.force_login(staff)
    home = client.get(reverse("admin:index")).content.decode()
    glance = reverse("admin:campaigns_campaign_overview", args=[campaign.pk])
    assert f'<a href="{glance}">Dress for Freedom 2026 at a glance</a>' in home
    assert "reports waiting" not in home and "report waiting" not in home

    for key in ("reader-1", "reader-2"):
        report_page(page=alice_page, reporter_key=key, reason="spam")
    home = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    waiting = reverse("admin:campaigns_pagereport_changelist") + "?resolved_at=no"
    assert f'<a href="{waiting}">2 signalements de page en attente</a>' in home
    assert home.index("en un coup d’œil") < home.index("Tâches de fond")  # first thing on the page
