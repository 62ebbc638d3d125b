"""One name, one team: names that differ only by accents or case are the same team to a donor,
however many captains claim it at once."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from jfa.campaigns.actions import CampaignError, create_team, update_team
from jfa.campaigns.models import Team
from jfa.core.testing import make_user
from jfa.donations.tests.test_concurrency import run_in_threads

VARIANTS = [
    "Dress Code", "dress code", "Dréss Code", "DRESS CODE ", "Dress Côde", "dress Code", "Drèss code", "DRÉSS CODE",
]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_eight_captains_claiming_one_name_at_once_make_one_team(campaign):
    captains = [make_user(f"captain{n}@example.org", f"Captain {n}") for n in range(len(VARIANTS))]

    def claim(n: int) -> None:
        create_team(
            campaign=campaign, captain=captains[n], name=VARIANTS[n], description="", goal_minor=100_000, currency="USD"
        )

    errors = run_in_threads(len(VARIANTS), claim)
    assert Team.objects.count() == 1
    assert len(errors) == len(VARIANTS) - 1
    assert all(isinstance(error, CampaignError) for error in errors), errors
    assert {str(error) for error in errors} == {"A team with that name already exists."}


@pytest.mark.django_db
def test_a_rename_to_an_accent_variant_of_another_team_is_refused(campaign, alice, bob, team):
    other = create_team(
        campaign=campaign, captain=bob, name="Montréal en robe", description="", goal_minor=1, currency="CAD"
    )
    with pytest.raises(CampaignError, match="already exists"):
        update_team(team=team, by=alice, name="montreal EN ROBE", description="", goal_minor=1)
    # Its own name in another case is still its own.
    renamed = update_team(team=other, by=bob, name="Montréal En Robe", description="", goal_minor=1)
    assert renamed.name == "Montréal En Robe"


@pytest.mark.django_db
def test_the_database_itself_refuses_a_second_team_of_the_same_folded_name(campaign, alice, team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(
            campaign=campaign, name="TIE ONE ON", slug="another", captain=alice, goal_minor=1, currency="USD"
        )


@pytest.mark.django_db
def test_staff_renaming_a_team_to_a_taken_name_in_the_admin_get_the_message(client, campaign, staff, alice, team):
    from django.urls import reverse

    other = create_team(campaign=campaign, captain=alice, name="Others", description="", goal_minor=100, currency="USD")
    client.force_login(staff)
    url = reverse("admin:campaigns_team_change", args=[other.pk])
    data = {
        "campaign": campaign.pk, "name": "tie one on", "slug": other.slug, "captain": alice.pk,
        "description": "", "goal_minor": "1.00", "currency": "USD",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A team with that name already exists." in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Others"


@pytest.mark.django_db(transaction=True)
def test_teams_of_different_names_racing_for_one_address_each_get_a_team(campaign):
    names = [
        "Dress Code",
        "Dress-Code",
        "Dress Code!",
        "Dress Code?",
        "Dress Code.",
        "(Dress Code)",
        "Dress  Code",
        "Dress Code…",
    ]
    captains = [make_user(f"captain{n}@example.org", f"Captain {n}") for n in range(len(names))]

    def create(n: int) -> None:
        create_team(campaign=campaign, captain=captains[n], name=names[n], description="", goal_minor=1, currency="USD")

    assert run_in_threads(len(names), create) == []
    slugs = list(Team.objects.values_list("slug", flat=True))
    assert len(slugs) == len(names) == len(set(slugs))
    assert all(slug.startswith("dress-code") for slug in slugs)
