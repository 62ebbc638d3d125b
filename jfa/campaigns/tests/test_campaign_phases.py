"""Who may join the campaign, and when: pages and teams open from registration to the last day of
December. Afterwards the line-up is final, while the pages stay up and gifts to them still count."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from jfa.campaigns import actions
from jfa.campaigns.models import AdvocatePage, Team
from jfa.core.testing import give, make_page, page_form

pytestmark = pytest.mark.django_db

# 5 January 2027 in Toronto, the site's time zone: the 2026 campaign ended on 31 December.
AFTER_THE_END = datetime.datetime(2027, 1, 5, 15, 0, tzinfo=datetime.UTC)
# The last evening of the campaign in Toronto, already 1 January in UTC.
LAST_EVENING = datetime.datetime(2027, 1, 1, 3, 0, tzinfo=datetime.UTC)
BEFORE_REGISTRATION = datetime.datetime(2026, 9, 20, 15, 0, tzinfo=datetime.UTC)
ENDED = "Dress for Freedom 2026 ended on 31 December 2026: new pages and teams can no longer be opened."


def test_no_page_or_team_is_opened_once_the_campaign_has_ended(campaign, charlie, time_machine):
    time_machine.move_to(AFTER_THE_END)
    with pytest.raises(actions.CampaignError, match=ENDED):
        make_page(campaign, charlie)
    with pytest.raises(actions.CampaignError, match=ENDED):
        actions.create_team(
            campaign=campaign, captain=charlie, name="Latecomers", description="", goal_minor=100_000, currency="USD"
        )
    assert not AdvocatePage.objects.filter(owner=charlie).exists()
    assert not Team.objects.exists()


def test_the_last_evening_in_toronto_still_counts_as_the_campaign(campaign, charlie, time_machine):
    time_machine.move_to(LAST_EVENING)
    assert make_page(campaign, charlie).pk is not None


def test_no_team_is_started_before_registration_opens(campaign, charlie, client, time_machine):
    time_machine.move_to(BEFORE_REGISTRATION)
    with pytest.raises(actions.CampaignError, match="Pages for Dress for Freedom 2026 open on 1 October 2026"):
        actions.create_team(
            campaign=campaign, captain=charlie, name="Early birds", description="", goal_minor=100_000, currency="USD"
        )
    client.force_login(charlie)
    response = client.post(reverse("campaigns:team_create"), {"name": "Early birds", "goal": "1000", "currency": "USD"})
    assert response.status_code == 400
    assert not Team.objects.exists()


def test_gifts_still_reach_pages_and_teams_after_the_end(campaign, alice_page, team, time_machine):
    time_machine.move_to(AFTER_THE_END)
    assert give(page=alice_page, amount_minor=2_500).status == "succeeded"
    assert give(team=team, amount_minor=4_000).status == "succeeded"


def test_nobody_joins_a_team_once_the_campaign_has_ended(client, campaign, team, bob, bob_page, time_machine):
    time_machine.move_to(AFTER_THE_END)
    with pytest.raises(actions.CampaignError, match="Dress for Freedom 2026 has ended: its teams are final."):
        actions.join_team(page=bob_page, team=team)

    client.force_login(bob)
    html = client.get(team.get_absolute_url()).content.decode()
    assert "Join this team" not in html
    response = client.post(reverse("campaigns:team_join", args=[team.slug]), follow=True)
    assert "its teams are final" in response.content.decode()
    bob_page.refresh_from_db()
    assert bob_page.team is None


def test_a_member_may_still_leave_after_the_end(client, campaign, team, bob, bob_page, time_machine):
    actions.join_team(page=bob_page, team=team)
    time_machine.move_to(AFTER_THE_END)
    client.force_login(bob)
    assert "Leave team" in client.get(team.get_absolute_url()).content.decode()
    client.post(reverse("campaigns:team_leave", args=[team.slug]))
    bob_page.refresh_from_db()
    assert bob_page.team is None


def test_the_set_up_and_team_forms_say_the_campaign_has_ended(client, campaign, charlie, time_machine):
    time_machine.move_to(AFTER_THE_END)
    client.force_login(charlie)

    setup = client.get(reverse("campaigns:page_setup")).content.decode()
    assert ENDED in setup
    assert "Publish my page" not in setup
    assert client.post(reverse("campaigns:page_setup"), page_form()).status_code == 400
    assert not AdvocatePage.objects.filter(owner=charlie).exists()

    start = client.get(reverse("campaigns:team_create")).content.decode()
    assert ENDED in start
    assert "Create team" not in start
    response = client.post(reverse("campaigns:team_create"), {"name": "Late", "goal": "1000", "currency": "USD"})
    assert response.status_code == 400
    assert not Team.objects.exists()


def test_no_page_offers_to_start_a_team_after_the_end(client, campaign, bob, bob_page, time_machine):
    start_link = f'href="{reverse("campaigns:team_create")}"'
    client.force_login(bob)
    pages = (reverse("campaigns:home"), reverse("campaigns:teams"), reverse("campaigns:dashboard"))
    assert all(start_link in client.get(url).content.decode() for url in pages)

    time_machine.move_to(AFTER_THE_END)
    for url in pages:
        assert start_link not in client.get(url).content.decode(), url


def test_the_ended_notice_is_in_french(client, campaign, charlie, time_machine):
    time_machine.move_to(AFTER_THE_END)
    client.force_login(charlie)
    html = client.get(reverse("campaigns:team_create"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Dress for Freedom 2026 a pris fin le 31 décembre 2026" in html


LATE_GIFTS = (
    "Dress for Freedom 2026 ended on 31 December 2026. Gifts are still welcome, and they reach the partners in full."
)


def test_after_the_end_the_giving_forms_say_the_campaign_is_over_and_gifts_still_count(
    client, campaign, alice_page, team, time_machine
):
    during = [alice_page.get_absolute_url(), team.get_absolute_url(), f"/give/page/{alice_page.slug}/"]
    for url in during:
        assert "Gifts are still welcome" not in client.get(url).content.decode()

    time_machine.move_to(AFTER_THE_END)
    for url in [*during, f"/give/team/{team.slug}/"]:
        assert LATE_GIFTS in client.get(url).content.decode(), url
    page = client.get(alice_page.get_absolute_url()).content.decode()
    assert "Alice took up the challenge of wearing a dress every day of December 2026." in page
    assert "is wearing" not in page
    french = client.get(alice_page.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()
    assert "a relevé le défi de porter une robe chaque jour de décembre 2026." in french
    assert "a pris fin le 31 décembre 2026. Les dons sont toujours les bienvenus" in french


def test_during_the_campaign_the_page_says_what_the_advocate_is_doing(client, campaign, alice_page):
    page = client.get(alice_page.get_absolute_url()).content.decode()
    assert "Alice is wearing a dress every day of December." in page
