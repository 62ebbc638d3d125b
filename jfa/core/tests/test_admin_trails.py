"""Our own back-office screens about one object (refunding a gift, taking a page down) lead back
to that object and its list, and offer amounts as the staff member writes them."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
