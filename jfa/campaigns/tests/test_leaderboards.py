"""The full leaderboards: every advocate and every team with gifts, most raised first, in pages."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from jfa.campaigns import views
from jfa.core.testing import give, make_page

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[tuple[str, str, str, str]]:
    """(rank, name, gifts, raised) for each row of the board."""
    cells = r'<td>(\d+)</td><td><a href="[^"]+">([^<]+)</a></td><td class="num">(\d+)</td><td class="num">([^<]+)</td>'
    return re.findall(f"<tr>{cells}</tr>", html)


@pytest.fixture
def three_pages(campaign, alice_page, bob_page, charlie):
    charlie_page = make_page(campaign, charlie, country="US")
    give(page=alice_page, amount_minor=1_000)
    give(page=alice_page, amount_minor=500)
    give(page=bob_page, amount_minor=5_000)  # CA$50 ranks above US$20 at any sane rate
    give(page=charlie_page, amount_minor=2_000)
    return alice_page, bob_page, charlie_page


def test_every_advocate_with_gifts_is_ranked_page_by_page(client, three_pages, monkeypatch):
    monkeypatch.setattr(views, "LEADERBOARD_PAGE_SIZE", 2)
    first = client.get(reverse("campaigns:advocates")).content.decode()
    assert rows(first) == [("1", "Bob", "1", "CA$50.00"), ("2", "Charlie", "1", "US$20.00")]
    assert "3 advocates with gifts so far" in first
    assert "Page 1 of 2" in first
    assert '<a href="?page=2" rel="next">Lower ranks</a>' in first

    second = client.get(reverse("campaigns:advocates"), {"page": 2}).content.decode()
    assert rows(second) == [("3", "Alice", "2", "US$15.00")]
    assert '<a href="?page=1" rel="prev">Higher ranks</a>' in second

    # A mistyped or overshooting page number lands on a real page, never an error.
    assert rows(client.get(reverse("campaigns:advocates"), {"page": "abc"}).content.decode())[0][1] == "Bob"
    assert rows(client.get(reverse("campaigns:advocates"), {"page": "99"}).content.decode()) == rows(second)


def test_a_hidden_page_and_a_page_without_gifts_are_not_on_the_board(client, campaign, three_pages):
    alice_page, _, _ = three_pages
    alice_page.is_published = False
    alice_page.save(update_fields=["is_published"])
    html = client.get(reverse("campaigns:advocates")).content.decode()
    assert [name for _, name, _, _ in rows(html)] == ["Bob", "Charlie"]
    assert "Looking for someone who has no gifts yet?" in html


def test_every_team_is_ranked_with_its_gift_count(client, alice_page, team):
    alice_page.refresh_from_db()  # its captain's page joined the team when it was made
    give(page=alice_page, amount_minor=3_000)
    give(team=team, amount_minor=700)
    html = client.get(reverse("campaigns:teams")).content.decode()
    assert rows(html) == [("1", "Tie One On", "2", "US$37.00")]
    assert '<a href="/teams/" aria-current="page">Teams</a>' in html


def test_the_home_boards_link_to_the_full_lists_and_speak_french(client, campaign):
    home = client.get("/").content.decode()
    assert '<a href="/advocates/">See every advocate</a>' in home
    assert '<a href="/teams/">See every team</a>' in home
    french = client.get("/advocates/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Tous les porte-parole, selon le montant amassé</h1>" in french
    assert '<td colspan="4">Aucun don pour l’instant.</td>' in french


def test_the_dashboard_gives_the_advocates_place_and_cheers_a_goal_reached(client, alice, alice_page, bob_page):
    client.force_login(alice)
    before = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "You are number" not in before  # no gift, no place yet
    assert "You reached your goal!" not in before

    give(page=bob_page, amount_minor=5_000)
    give(page=alice_page, amount_minor=2_000)
    cache.clear()  # the board is read from the shared cache, up to 15 seconds old
    placed = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "You are number 2 of 2 advocates with gifts." in placed
    assert '<a href="/advocates/">See the leaderboard</a>' in placed

    give(page=alice_page, amount_minor=98_000)  # US$1,000: the whole goal
    cache.clear()
    reached = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "You are number 1 of 2 advocates with gifts." in reached
    assert f'You reached your goal! <a href="/p/{alice_page.slug}/edit/">Raise it to keep going</a>' in reached
