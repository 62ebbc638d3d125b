"""A captain hands the team over to a member (in the team's currency) and may then leave it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jfa.campaigns.actions import CampaignError, hand_over_team, join_team, leave_team
from jfa.campaigns.models import Team
from jfa.core.testing import make_page, make_user
from jfa.donations.tests.test_concurrency import run_in_threads

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(campaign, team, bob, bob_page, charlie, django_capture_on_commit_callbacks):
    """Alice captains a US-dollar team; Charlie (US) and Bob (Canada, so CAD) are members."""
    with django_capture_on_commit_callbacks(execute=True):  # Alice's news of them goes now
        join_team(page=make_page(campaign, charlie, country="US", slug="charlie"), team=team)
        join_team(page=bob_page, team=team)
    return team


def test_the_captain_hands_over_and_then_may_leave(
    client, campaign, alice, alice_page, charlie, crew, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    charlie.language = "fr"
    charlie.save(update_fields=["language"])
    client.force_login(alice)
    edit = client.get(reverse("campaigns:team_edit", args=[crew.slug])).content.decode()
    assert '<option value="charlie">Charlie</option>' in edit
    assert '<option value="bob">' not in edit  # Bob's page raises CAD: he cannot captain a USD team

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("campaigns:team_hand_over", args=[crew.slug]), {"member": "charlie"}, follow=True
        )
    assert "Charlie is now the team&#x27;s captain." in response.content.decode()
    crew.refresh_from_db()
    assert crew.captain == charlie
    # Charlie hears of it, in French, and can answer Alice.
    [news] = mail.outbox
    assert (news.to, news.reply_to) == (["charlie@example.org"], ["alice@example.org"])
    assert news.subject == "Vous êtes maintenant capitaine de Tie One On"
    assert "Alice vous a confié Tie One On\u00a0: vous en êtes maintenant capitaine." in news.body
    assert f"http://127.0.0.1:8000/t/{crew.slug}/edit/" in news.body

    leave_team(page=alice_page)  # no longer the captain, Alice may go
    alice_page.refresh_from_db()
    assert alice_page.team is None
    client.force_login(charlie)
    assert f'href="/t/{crew.slug}/edit/">Edit team</a>' in client.get(crew.get_absolute_url()).content.decode()


def test_only_the_captain_hands_over_and_only_to_a_member_in_the_teams_currency(
    client, campaign, alice, bob, charlie, crew
):
    with pytest.raises(CampaignError, match="Only the team's captain"):
        hand_over_team(team=crew, by=charlie, page_slug="charlie")
    with pytest.raises(CampaignError, match="The team raises USD, its captain's currency"):
        hand_over_team(team=crew, by=alice, page_slug="bob")
    with pytest.raises(CampaignError, match="not on this team"):
        hand_over_team(team=crew, by=alice, page_slug="nobody")
    for not_a_slug in ("", "char\x00lie", "charlie/", " charlie"):
        with pytest.raises(CampaignError, match="not on this team"):
            hand_over_team(team=crew, by=alice, page_slug=not_a_slug)
    with pytest.raises(CampaignError, match="already the captain"):
        hand_over_team(team=crew, by=alice, page_slug="alice")

    client.force_login(charlie)
    response = client.post(reverse("campaigns:team_hand_over", args=[crew.slug]), {"member": "charlie"}, follow=True)
    assert "Only the team&#x27;s captain can change the team." in response.content.decode()
    assert Team.objects.get(pk=crew.pk).captain == alice

    client.force_login(alice)
    hand_over = reverse("campaigns:team_hand_over", args=[crew.slug])
    response = client.post(hand_over, {"member": "char\x00lie"}, follow=True)
    assert "That advocate is not on this team." in response.content.decode()
    assert Team.objects.get(pk=crew.pk).captain == alice


def test_a_captain_who_tries_to_leave_is_told_how(client, campaign, alice, alice_page, crew):
    with pytest.raises(CampaignError, match="hand it over to another member first"):
        leave_team(page=alice_page)


@pytest.mark.django_db(transaction=True)
def test_two_hand_overs_at_once_leave_one_captain(campaign, alice, team):
    dora, emil = make_user("dora@example.org", "Dora"), make_user("emil@example.org", "Emil")
    for user in (dora, emil):
        join_team(page=make_page(campaign, user, country="US", slug=user.display_name.lower()), team=team)
    errors = run_in_threads(2, lambda n: hand_over_team(team=team, by=alice, page_slug=["dora", "emil"][n]))
    assert [str(e) for e in errors] == ["Only the team's captain can change the team."]
    assert Team.objects.get(pk=team.pk).captain in (dora, emil)


def test_a_team_name_with_a_line_break_still_makes_a_one_line_subject(
    campaign, alice, crew, django_capture_on_commit_callbacks
):
    crew.name = "Tie One\r\nOn"
    crew.save(update_fields=["name"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hand_over_team(team=crew, by=alice, page_slug="charlie")
    assert [m.subject for m in mail.outbox] == ["You are now the captain of Tie One On"]
