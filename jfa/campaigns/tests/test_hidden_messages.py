"""An advocate takes a donor's message off their page's wall (an insult, a private matter), and
can put it back; the gift itself, and what the books hold, do not change."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jfa.campaigns.actions import join_team
from jfa.core.testing import give
from jfa.donations.actions import DonationError, set_message_hidden
from jfa.donations.models import Donation, TotalScope
from jfa.donations.totals import total_for

pytestmark = pytest.mark.django_db

RUDE = "You will never make it, loser"


def gift_with_message(*, page=None, team=None, message=RUDE) -> Donation:
    gift = give(page=page, team=team, amount_minor=2_500)
    Donation.objects.filter(pk=gift.pk).update(message=message)
    gift.refresh_from_db()
    return gift


def hide_url(gift: Donation) -> str:
    return reverse("campaigns:gift_message", args=[gift.public_id])


def test_the_advocate_hides_a_message_and_shows_it_again(client, campaign, alice, alice_page):
    gift = gift_with_message(page=alice_page)
    raised = total_for(TotalScope.PAGE, alice_page.pk).money("USD")
    reader = Client()
    # Readers' copies of the page (the whole page, and its wall for the advocate herself) are kept.
    assert RUDE in reader.get(alice_page.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert RUDE in client.get(alice_page.get_absolute_url()).content.decode()
    board = client.get(reverse("campaigns:thanks")).content.decode()
    assert "Hide this message" in board

    response = client.post(hide_url(gift), {"hidden": "1"}, follow=True)
    assert "The message is hidden from the wall." in response.content.decode()
    gift.refresh_from_db()
    assert gift.message_hidden_at is not None and gift.message == RUDE  # kept in our records
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == raised

    # Gone at once, for the advocate and for a reader who had the page before.
    for who in (client, reader):
        for url in (alice_page.get_absolute_url(), reverse("campaigns:page_gifts", args=[alice_page.slug])):
            html = who.get(url).content.decode()
            assert RUDE not in html, url
            assert "Dana Donor" in html  # the gift itself still shows, without its words
    board = client.get(reverse("campaigns:thanks")).content.decode()
    assert "Hidden from the wall: only you see this message." in board and RUDE in board

    client.post(hide_url(gift), {"hidden": "0"})
    assert RUDE in client.get(alice_page.get_absolute_url()).content.decode()
    assert RUDE in reader.get(alice_page.get_absolute_url()).content.decode()


def test_nobody_else_can_hide_it(client, campaign, alice_page, bob, bob_page):
    gift = gift_with_message(page=alice_page)
    client.force_login(bob)
    assert client.post(hide_url(gift), {"hidden": "1"}).status_code == 404
    with pytest.raises(DonationError, match="Only the advocate whose page received this gift"):
        set_message_hidden(donation=gift, by=bob, hidden=True)
    gift.refresh_from_db()
    assert gift.message_hidden_at is None


def test_the_captain_hides_messages_on_the_teams_page_and_members_on_theirs(
    client, campaign, alice, team, bob, bob_page
):
    join_team(page=bob_page, team=team)
    bob_page.refresh_from_db()  # a gift on Bob's page now counts for the team too
    on_team_page = gift_with_message(team=team)
    on_bobs_page = gift_with_message(page=bob_page, message="Rude to Bob")
    client.force_login(alice)  # the captain's row is on the team's page: sign in before it is kept
    reader = Client()
    team_page = reader.get(team.get_absolute_url()).content.decode()
    assert RUDE in team_page and "Rude to Bob" in team_page  # kept for the next reader
    assert client.post(hide_url(on_team_page), {"hidden": "1"}).status_code == 302
    assert client.post(hide_url(on_bobs_page), {"hidden": "1"}).status_code == 404  # Bob's to decide
    client.force_login(bob)
    assert client.post(hide_url(on_bobs_page), {"hidden": "1"}).status_code == 302

    for who in (client, reader):
        team_page = who.get(team.get_absolute_url()).content.decode()
        assert RUDE not in team_page and "Rude to Bob" not in team_page
    assert "Rude to Bob" not in reader.get(bob_page.get_absolute_url()).content.decode()


def test_a_gift_without_a_message_has_nothing_to_hide(client, campaign, alice, alice_page):
    gift = give(page=alice_page, amount_minor=2_500)
    client.force_login(alice)
    assert "Hide this message" not in client.get(reverse("campaigns:thanks")).content.decode()
    response = client.post(hide_url(gift), {"hidden": "1"}, follow=True)
    assert "This gift came with no message." in response.content.decode()
    gift.refresh_from_db()
    assert gift.message_hidden_at is None


def test_hiding_is_a_post_only(client, campaign, alice, alice_page):
    gift = gift_with_message(page=alice_page)
    client.force_login(alice)
    assert client.get(hide_url(gift) + "?hidden=1")["Location"] == reverse("campaigns:thanks")
    gift.refresh_from_db()
    assert gift.message_hidden_at is None


def test_the_buttons_are_in_french(client, campaign, alice, alice_page):
    gift = gift_with_message(page=alice_page)
    client.force_login(alice)
    html = client.get(reverse("campaigns:thanks"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Masquer ce message" in html
    set_message_hidden(donation=gift, by=alice, hidden=True)
    html = client.get(reverse("campaigns:thanks"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Le remettre sur le mur" in html
