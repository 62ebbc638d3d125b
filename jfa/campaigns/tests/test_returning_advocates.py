"""An advocate back for another December starts from last year's page (and team) instead of from
nothing, and last year's page stays as it was."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from jfa.campaigns.actions import update_page
from jfa.campaigns.models import AdvocatePage, Campaign
from jfa.core.testing import make_campaign, make_page, png_bytes

pytestmark = pytest.mark.django_db

REGISTRATION_2027 = datetime.datetime(2027, 10, 12, 15, tzinfo=datetime.UTC)
SETUP = reverse("campaigns:page_setup")


@pytest.fixture
def next_year(campaign, time_machine) -> Campaign:
    time_machine.move_to(REGISTRATION_2027)
    return make_campaign(2027)


@pytest.fixture
def bob_2026(bob_page) -> AdvocatePage:
    return update_page(
        page=bob_page,
        display_name="Bob Tremblay",
        title="Bob's tie for freedom",
        pitch="Thirty-one ties.",
        goal_minor=75_000,
        country="CA",
        commitment="tie",
        photo=ContentFile(png_bytes(color=(10, 120, 200)), name="bob.png"),
        photo_alt="Bob in a blue tie",
    )


def setup_form(**overrides) -> dict:
    """What a returning advocate sends having changed nothing but the pitch."""
    return {
        "display_name": "Bob Tremblay",
        "title": "Bob's tie for freedom",
        "pitch": "Back for a second year.",
        "goal": "750",
        "country": "CA",
        "commitment": "tie",
        "photo_alt": "Bob in a blue tie",
        "reuse_photo": "on",
        **overrides,
    }


def test_the_set_up_starts_from_last_years_page(client, bob, bob_2026, next_year):
    client.force_login(bob)
    html = client.get(SETUP).content.decode()
    assert "Welcome back! The form starts from your page for Dress for Freedom 2026" in html
    assert 'value="Bob Tremblay"' in html
    assert "Thirty-one ties.</textarea>" in html
    assert 'name="goal" value="750"' in html
    assert 'id="id_reuse_photo" checked' in html
    assert "Use my photo from Dress for Freedom 2026" in html


def test_last_years_photo_comes_along_as_a_copy(client, bob, bob_2026, next_year):
    client.force_login(bob)
    response = client.post(SETUP, setup_form())
    assert response.status_code == 302
    page = AdvocatePage.objects.get(owner=bob, campaign=next_year)
    assert (page.pitch, page.goal_minor, page.currency, page.photo_alt) == (
        "Back for a second year.",
        75_000,
        "CAD",
        "Bob in a blue tie",
    )
    bob_2026.refresh_from_db()
    assert page.photo.name != bob_2026.photo.name  # a file of its own: closing one page keeps the other
    with page.photo.open("rb") as new, bob_2026.photo.open("rb") as old:
        assert new.read() == old.read()
    assert page.photo_thumbnail.name
    assert bob_2026.pitch == "Thirty-one ties." and bob_2026.campaign_id != next_year.pk


def test_unticked_the_photo_stays_behind(client, bob, bob_2026, next_year):
    client.force_login(bob)
    client.post(SETUP, setup_form(reuse_photo="", photo_alt=""))
    assert not AdvocatePage.objects.get(owner=bob, campaign=next_year).photo


def test_nobody_borrows_another_advocates_photo(campaign, bob_2026, alice, next_year):
    assert not make_page(next_year, alice, photo_from=bob_2026).photo


def test_a_newcomer_sees_no_welcome_back(client, charlie, next_year):
    client.force_login(charlie)
    html = client.get(SETUP).content.decode()
    assert "Welcome back" not in html
    assert "reuse_photo" not in html


def test_last_years_captain_starts_the_team_again(client, alice, alice_page, team, next_year):
    client.force_login(alice)
    html = client.get(SETUP).content.decode()
    assert 'You captained Tie One On. Once your page is up, <a href="/teams/new/?again=1">' in html
    form = client.get("/teams/new/?again=1").content.decode()
    assert 'value="Tie One On"' in form
    assert 'name="goal" value="5000"' in form
    assert client.get("/teams/new/").content.decode().count('value="Tie One On"') == 0


def test_the_welcome_back_is_in_french(client, bob, bob_2026, next_year):
    client.force_login(bob)
    html = client.get(SETUP, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Bon retour parmi nous!" in html
