"""An advocate hides their page for a while, and shows it again."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from jfa.core.money import Money
from jfa.core.testing import give
from jfa.donations.models import TotalScope
from jfa.donations.totals import total_for

pytestmark = pytest.mark.django_db


def hide(client, published="0"):
    return client.post(reverse("campaigns:page_visibility"), {"published": published}, follow=True)


def test_a_hidden_page_leaves_every_public_place_but_its_gifts_still_count(
    client, campaign, alice, bob, bob_page, team
):
    bob_page.team = team
    bob_page.save(update_fields=["team"])
    give(page=bob_page, amount_minor=4_000)
    client.force_login(bob)

    html = hide(client).content.decode()
    assert "Your page is hidden." in html
    assert "Share this page" not in html
    assert "Show my page again" in html and "View my page" not in html
    bob_page.refresh_from_db()
    assert not bob_page.is_published

    client.logout()
    cache.clear()
    assert client.get(bob_page.get_absolute_url()).status_code == 404
    assert client.get(reverse("donations:give_to_page", args=[bob_page.slug])).status_code == 404
    assert bob_page.get_absolute_url() not in client.get(reverse("campaigns:search"), {"q": "bob"}).content.decode()
    assert bob_page.get_absolute_url() not in client.get(team.get_absolute_url()).content.decode()
    assert bob_page.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    assert bob_page.get_absolute_url() not in client.get(reverse("campaigns:home")).content.decode()
    assert total_for(TotalScope.CAMPAIGN, campaign.pk).money("CAD") == Money(4_000, "CAD")

    client.force_login(bob)
    html = hide(client, published="1").content.decode()
    assert "Your page is visible again." in html
    assert client.get(bob_page.get_absolute_url()).status_code == 200


def test_an_advocate_can_only_hide_their_own_page(client, campaign, alice, alice_page, charlie):
    client.force_login(charlie)  # no page of her own: sent to set one up
    response = client.post(reverse("campaigns:page_visibility"), {"published": "0"})
    assert response["Location"] == reverse("campaigns:page_setup")
    alice_page.refresh_from_db()
    assert alice_page.is_published
    client.logout()
    assert client.post(reverse("campaigns:page_visibility"), {"published": "0"}).status_code == 302
    alice_page.refresh_from_db()
    assert alice_page.is_published


def test_hiding_only_answers_a_post(client, campaign, alice, alice_page):
    client.force_login(alice)
    assert client.get(reverse("campaigns:page_visibility"))["Location"] == reverse("campaigns:dashboard")
    alice_page.refresh_from_db()
    assert alice_page.is_published
