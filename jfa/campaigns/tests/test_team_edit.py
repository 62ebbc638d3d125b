"""A team's captain edits its name, description and goal; nobody else can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jfa.campaigns.actions import create_team
from jfa.campaigns.models import Team
from jfa.core.money import Money

pytestmark = pytest.mark.django_db


def edit_url(team):
    return reverse("campaigns:team_edit", args=[team.slug])


def test_the_captain_renames_the_team_and_moves_its_goal_and_the_address_stays(client, campaign, alice, team):
    client.force_login(alice)
    page = client.get(team.get_absolute_url()).content.decode()
    assert f'href="{edit_url(team)}">Edit team</a>' in page
    assert "Leave team" not in page  # a captain cannot leave their own team, so is not offered to
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert f'<a href="{edit_url(team)}">Edit your team</a>' in dashboard
    form = client.get(edit_url(team)).content.decode()
    assert 'value="Tie One On"' in form and 'value="5000"' in form
    assert "In USD, the team&#x27;s currency." in form

    response = client.post(
        edit_url(team), {"name": "  Ties for Freedom ", "description": "We wear ties.", "goal": "7,500.50"}
    )
    assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
    team.refresh_from_db()
    assert (team.name, team.description, team.goal) == ("Ties for Freedom", "We wear ties.", Money(750_050, "USD"))
    assert team.slug == "tie-one-on"
    # Search finds it by its new name.
    assert "Ties for Freedom" in client.get(reverse("campaigns:search"), {"q": "ties for"}).content.decode()


def test_only_the_captain_may_edit(client, campaign, team, bob, bob_page):
    client.force_login(bob)
    assert "Edit team</a>" not in client.get(team.get_absolute_url()).content.decode()
    assert client.get(edit_url(team)).status_code == 403
    assert client.post(edit_url(team), {"name": "Mine now", "description": "", "goal": "1"}).status_code == 403
    client.logout()
    assert client.get(edit_url(team))["Location"].startswith(reverse("account_login"))
    team.refresh_from_db()
    assert team.name == "Tie One On"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Others", "description": "", "goal": "100"}, "A team with that name already exists."),
        ({"name": "others", "description": "", "goal": "100"}, "A team with that name already exists."),
        ({"name": "Tie One On", "description": "", "goal": "0"}, "Enter a goal greater than zero."),
        ({"name": "Tie One On", "description": "", "goal": "ten"}, "as a number"),
        ({"name": "", "description": "", "goal": "100"}, "This field is required."),
    ],
)
def test_a_bad_edit_is_refused_and_nothing_changes(client, campaign, alice, team, bob, bob_page, data, message):
    create_team(campaign=campaign, captain=bob, name="Others", description="", goal_minor=100, currency="CAD")
    client.force_login(alice)
    response = client.post(edit_url(team), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    team.refresh_from_db()
    assert (team.name, team.goal_minor) == ("Tie One On", 500_000)
    assert Team.objects.filter(name="Others").count() == 1


def test_the_edit_form_speaks_french(client, campaign, alice, team):
    client.force_login(alice)
    html = client.get(edit_url(team), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Modifier votre équipe</h1>" in html
    assert "la devise de l’équipe" in html


def test_the_captain_takes_a_member_off_the_team_and_their_gifts_so_far_stay(
    client, campaign, alice, team, bob, bob_page
):
    from jfa.core.testing import give
    from jfa.donations.models import TotalScope
    from jfa.donations.totals import total_for

    bob_page.team = team
    bob_page.save(update_fields=["team"])
    give(page=bob_page, amount_minor=4_000)
    before = total_for(TotalScope.TEAM, team.pk).money("CAD")
    client.force_login(alice)
    remove = reverse("campaigns:team_remove_member", args=[team.slug, bob_page.slug])
    assert f'action="{remove}"' in client.get(team.get_absolute_url()).content.decode()

    html = client.post(remove, follow=True).content.decode()
    assert f"{bob_page.display_name} is no longer on the team." in html
    bob_page.refresh_from_db()
    assert bob_page.team is None
    assert total_for(TotalScope.TEAM, team.pk).money("CAD") == before


def test_only_the_captain_removes_members_and_never_themselves(
    client, campaign, alice, alice_page, team, bob, bob_page, charlie
):
    bob_page.team = team
    bob_page.save(update_fields=["team"])
    client.force_login(bob)
    assert client.post(reverse("campaigns:team_remove_member", args=[team.slug, alice_page.slug])).status_code == 403
    assert "Remove</button>" not in client.get(team.get_absolute_url()).content.decode()
    client.force_login(alice)
    html = client.post(reverse("campaigns:team_remove_member", args=[team.slug, alice_page.slug]), follow=True)
    assert "A captain cannot leave their own team" in html.content.decode()
    html = client.post(reverse("campaigns:team_remove_member", args=[team.slug, "nobody"]), follow=True)
    assert "That advocate is not on this team." in html.content.decode()
    alice_page.refresh_from_db()
    bob_page.refresh_from_db()
    assert alice_page.team == team and bob_page.team == team
    visit = client.get(reverse("campaigns:team_remove_member", args=[team.slug, bob_page.slug]))
    assert visit["Location"] == team.get_absolute_url()
    bob_page.refresh_from_db()
    assert bob_page.team == team


def test_a_member_moves_to_another_team_but_a_captain_stays_with_theirs(client, campaign, alice, team, bob, bob_page):
    from jfa.campaigns.actions import create_team

    other = create_team(campaign=campaign, captain=bob, name="Others", description="", goal_minor=100, currency="CAD")
    bob_page.refresh_from_db()
    assert bob_page.team == other  # its captain

    client.force_login(bob)  # Bob captains Others: he is not offered to join, and cannot
    assert "Join this team" not in client.get(team.get_absolute_url()).content.decode()
    html = client.post(reverse("campaigns:team_join", args=[team.slug]), follow=True).content.decode()
    assert "A captain cannot leave their own team" in html
    bob_page.refresh_from_db()
    assert bob_page.team == other

    charlie = make_member(campaign, other)
    client.force_login(charlie.owner)
    assert "Join this team" in client.get(team.get_absolute_url()).content.decode()
    html = client.post(reverse("campaigns:team_join", args=[team.slug]), follow=True).content.decode()
    assert "You left Others and joined Tie One On." in html
    charlie.refresh_from_db()
    assert charlie.team == team


def make_member(campaign, team):
    from jfa.core.testing import make_page, make_user

    return make_page(campaign, make_user("dora@example.org", "Dora"), country="CA", team=team)
