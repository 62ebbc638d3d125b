"""The advocates' leaderboard country by country: a country's pages share one currency, so its
board ranks exactly, and an advocate sees their place in their own country too."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from jfa.campaigns import views
from jfa.core.testing import give, make_page

from .test_leaderboards import rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(campaign, alice_page, bob_page, charlie):
    """Alice in the United States; Bob and Charlie in Canada."""
    charlie_page = make_page(campaign, charlie, country="CA")
    give(page=alice_page, amount_minor=10_000)
    give(page=bob_page, amount_minor=5_000)
    give(page=charlie_page, amount_minor=8_000)
    return alice_page, bob_page, charlie_page


def test_a_countrys_board_ranks_only_its_pages_in_their_own_currency(client, pages):
    html = client.get(reverse("campaigns:advocates"), {"country": "CA"}).content.decode()
    assert "<h1>Every advocate (country: Canada), by amount raised</h1>" in html
    assert rows(html) == [("1", "Charlie", "1", "CA$80.00"), ("2", "Bob", "1", "CA$50.00")]
    assert "2 advocates with gifts so far" in html
    assert "approximate exchange rate" not in html  # one currency: the ranking is exact
    assert '<strong aria-current="page">Canada</strong>' in html
    assert '<a href="/advocates/?country=US">United States</a>' in html
    assert '<a href="/search/?country=CA">Find an advocate</a>' in html

    everyone = client.get(reverse("campaigns:advocates")).content.decode()
    assert len(rows(everyone)) == 3
    assert "approximate exchange rate" in everyone  # dollars of two countries side by side
    assert '<a href="/advocates/?country=CA">Canada</a>' in everyone


def test_an_unknown_or_empty_country_shows_everyone(client, pages):
    for country in ("ZZ", "FR", "<script>"):
        response = client.get(reverse("campaigns:advocates"), {"country": country})
        assert response.status_code == 200
        assert len(rows(response.content.decode())) == 3


def test_the_countrys_pages_of_the_board_keep_the_country(client, pages, monkeypatch):
    monkeypatch.setattr(views, "LEADERBOARD_PAGE_SIZE", 1)
    first = client.get(reverse("campaigns:advocates"), {"country": "CA"}).content.decode()
    assert '<a href="?country=CA&amp;page=2" rel="next">Lower ranks</a>' in first
    second = client.get(reverse("campaigns:advocates"), {"country": "CA", "page": "2"}).content.decode()
    assert rows(second) == [("2", "Bob", "1", "CA$50.00")]


def test_an_advocate_sees_their_place_in_their_country(client, bob, pages):
    client.force_login(bob)
    cache.clear()  # the board is read from the shared cache, up to 15 seconds old
    html = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "You are number 3 of 3 advocates with gifts. In your country (Canada): number 2 of 2." in html
    assert '<a href="/advocates/?country=CA">Your country\'s leaderboard</a>' in html


def test_with_one_country_there_is_no_country_choice(client, campaign, alice_page, alice):
    give(page=alice_page, amount_minor=1_000)
    html = client.get(reverse("campaigns:advocates")).content.decode()
    assert "Leaderboards by country" not in html
    client.force_login(alice)
    assert "In your country" not in client.get(reverse("campaigns:dashboard")).content.decode()


def test_the_country_board_in_french(client, pages):
    html = client.get(reverse("campaigns:advocates"), {"country": "CA"}, headers={"accept-language": "fr"})
    assert "Tous les porte-parole (pays\u00a0: Canada), selon le montant amassé" in html.content.decode()


def test_a_hidden_page_leaves_its_countrys_board(client, pages, campaign):
    _, bob_page, _ = pages
    bob_page.is_published = False
    bob_page.save(update_fields=["is_published"])
    cache.clear()
    html = client.get(reverse("campaigns:advocates"), {"country": "CA"}).content.decode()
    assert [name for _, name, _, _ in rows(html)] == ["Charlie"]
