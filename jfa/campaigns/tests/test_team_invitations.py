"""Joining a team from its page before having a page of one's own: through sign-up and the email
check, the set-up opens with that team already chosen."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.urls import reverse

from jfa.campaigns.models import AdvocatePage
from jfa.core.testing import page_form

pytestmark = pytest.mark.django_db


def test_a_visitor_joins_a_team_through_sign_up_and_the_set_up(client, campaign, team):
    invitation = f"/me/setup/?team={team.slug}"
    assert f'<a class="button secondary" href="{invitation}">Join this team</a>' in (
        client.get(team.get_absolute_url()).content.decode()
    )

    sign_in = client.get(invitation)
    assert sign_in["Location"] == f"/accounts/login/?next=/me/setup/%3Fteam%3D{team.slug}"
    sign_up = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', client.get(sign_in["Location"]).content.decode())
    assert sign_up is not None and unquote(sign_up.group(1)) == f"/accounts/signup/?next={invitation}"
    password = "a-Long-pass-1234"
    response = client.post(
        sign_up.group(1),
        {"email": "dora@example.org", "password1": password, "password2": password, "next": invitation},
    )
    assert response.status_code == 302
    confirm = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    assert client.post(confirm)["Location"] == invitation

    setup = client.get(invitation).content.decode()
    assert "You are joining Tie One On: the team is chosen for you under “Your team”." in setup
    assert f'<option value="{team.pk}" selected>Tie One On</option>' in setup
    response = client.post(invitation, page_form(display_name="Dora", country="US", team=team.pk))
    assert response.status_code == 302
    assert AdvocatePage.objects.get(owner__email="dora@example.org").team == team


def test_an_advocate_without_a_page_who_presses_join_goes_to_the_set_up_with_the_team(client, campaign, team, bob):
    client.force_login(bob)
    assert 'href="/me/setup/?team=' in client.get(team.get_absolute_url()).content.decode()
    response = client.post(reverse("campaigns:team_join", args=[team.slug]))
    assert response["Location"] == f"/me/setup/?team={team.slug}"
    assert not AdvocatePage.objects.filter(owner=bob).exists()


def test_an_unknown_team_in_the_address_chooses_nothing(client, campaign, team, bob):
    client.force_login(bob)
    setup = client.get("/me/setup/?team=no-such-team").content.decode()
    assert "You are joining" not in setup
    assert '<option value="" selected>---------</option>' in setup


def test_members_and_the_captain_are_not_invited_to_join(client, campaign, team, alice, bob, bob_page):
    client.force_login(alice)  # the captain
    assert "Join this team" not in client.get(team.get_absolute_url()).content.decode()
    client.force_login(bob)  # a page on no team: joins in one press, no set-up
    html = client.get(team.get_absolute_url()).content.decode()
    assert f'action="/t/{team.slug}/join/"' in html and "/me/setup/?team=" not in html
