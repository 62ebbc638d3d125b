"""Where signing in on the site leads: an advocate to their dashboard, staff without a page of
their own to the back office, and anyone sent to sign in back to where they were going."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jfa.core.testing import make_page

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, user, **params):
    url = reverse("account_login")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return client.post(url, {"login": user.email, "password": PASSWORD})


def test_staff_without_a_page_land_in_the_back_office(client, campaign, staff):
    response = sign_in(client, staff)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_staff_with_a_page_and_advocates_land_on_their_dashboard(client, campaign, staff, alice_page):
    make_page(campaign, staff, country="CA")
    assert sign_in(client, staff)["Location"] == reverse("campaigns:dashboard")
    client.logout()
    assert sign_in(client, alice_page.owner)["Location"] == reverse("campaigns:dashboard")


def test_an_address_sent_to_sign_in_for_still_wins(client, campaign, staff, alice_page):
    target = alice_page.get_absolute_url()
    assert sign_in(client, staff, next=target)["Location"] == target


def test_the_back_office_greets_staff_by_name_not_by_email(client, staff):
    client.force_login(staff)
    html = client.get(reverse("admin:index")).content.decode()
    assert "<strong>Staff</strong>" in html
    assert "<strong>staff@example.org</strong>" not in html
