"""A captain hears of each new member by email, in their own language, and can stop these emails
from the email itself or from the dashboard."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jfa.campaigns.actions import join_team, leave_team
from jfa.campaigns.emails import tell_captains_of_members
from jfa.campaigns.tests.test_stop_emails import stop_link
from jfa.core.testing import make_page, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def news_for(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_captain_hears_who_joined_and_how_big_the_team_is(
    site, campaign, alice, team, bob, bob_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join_team(page=bob_page, team=team)
    [news] = news_for("alice@example.org")
    assert news.subject == "Bob joined Tie One On"
    assert "Bob joined Tie One On: the team now has 2 members." in news.body
    assert f"Their page: http://127.0.0.1:8000/p/{bob_page.slug}/" in news.body
    assert f"message to the team: http://127.0.0.1:8000/t/{team.slug}/message/" in news.body
    assert "bob@example.org" not in news.body  # the member's address is never passed on
    stop_link(news)  # and it carries the one-click stop, in the body and the headers


def test_a_new_page_set_up_in_a_team_tells_its_captain_in_french(
    site, campaign, alice, team, charlie, django_capture_on_commit_callbacks
):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        make_page(campaign, charlie, team=team)  # the set-up, with a team chosen
    [news] = news_for("alice@example.org")
    assert news.subject == "Charlie a rejoint Tie One On"
    assert "l’équipe compte maintenant 2 membres" in news.body


def test_nothing_for_the_captains_own_page_a_second_press_or_a_member_who_left(
    site, campaign, alice, team, bob, bob_page, django_capture_on_commit_callbacks
):
    # The captain's own page joined when the team was made (in the fixture): no email for that.
    with django_capture_on_commit_callbacks(execute=True):
        join_team(page=bob_page, team=team)
        join_team(page=bob_page, team=team)
    assert len(news_for("alice@example.org")) == 1

    mail.outbox.clear()
    dora = make_page(campaign, make_user("dora@example.org", "Dora"))
    join_team(page=dora, team=team)
    leave_team(page=dora)
    # The email task runs after Dora has already left again: the captain is not told of her.
    tell_captains_of_members([{"team_id": team.pk, "page_id": dora.pk}])
    assert news_for("alice@example.org") == []


def test_the_captain_stops_them_from_the_email_and_turns_them_on_from_the_dashboard(
    site, client, campaign, alice, team, bob, bob_page, charlie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join_team(page=bob_page, team=team)
    link = stop_link(news_for("alice@example.org")[0])
    asked = Client().get(link).content.decode()
    assert "Stop sending alice@example.org an email when someone joins the team?" in asked
    done = Client(enforce_csrf_checks=True).post(link).content.decode()
    assert "Done: alice@example.org will no longer get an email when someone joins the team." in done
    alice.refresh_from_db()
    assert not alice.team_news and alice.team_messages and alice.gift_emails  # only this kind

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        join_team(page=make_page(campaign, charlie), team=team)
    assert news_for("alice@example.org") == []

    client.force_login(alice)
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "You do not get an email when someone joins your team." in dashboard
    response = client.post(reverse("campaigns:team_news"), {"on": "1"}, follow=True)
    assert "You will get an email when someone joins your team." in response.content.decode()
    alice.refresh_from_db()
    assert alice.team_news


def test_members_are_not_offered_the_captains_switch(client, campaign, team, bob, bob_page):
    join_team(page=bob_page, team=team)
    client.force_login(bob)
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "when someone joins your team" not in dashboard
    assert "You get your captain's messages by email." in dashboard


def test_a_batch_of_joins_costs_the_same_few_queries(
    site, campaign, alice, team, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    pages = [make_page(campaign, make_user(f"m{n}@example.org", f"M{n}")) for n in range(6)]
    for page in pages:
        join_team(page=page, team=team)
    payloads = [{"team_id": team.pk, "page_id": page.pk} for page in pages]
    mail.outbox.clear()
    with django_assert_max_num_queries(3):
        tell_captains_of_members(payloads)
    assert len(news_for("alice@example.org")) == 6
    assert "the team now has 7 members" in news_for("alice@example.org")[-1].body
