"""Addresses with a NUL character get a clear 400, never a 500 (PostgreSQL refuses NUL in text)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/media/a%00b.jpg",
    "/search/?q=a%00b",
    "/search/?q=%00%00",
    "/api/pages/a%00b",
    "/api/teams/a%00b",
    "/transparency/gift/?reference=a%00",
    "/?x%00=1",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_nul_character_in_the_address_is_a_bad_request(campaign, alice_page, address):
    client = Client(raise_request_exception=False)
    response = client.get(address)
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


def test_the_bad_request_page_keeps_the_sites_header_footer_and_language(campaign, alice, alice_page, settings):
    settings.CONTACT_EMAIL = "help@dress.example"
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    html = client.get("/search/?q=a%00", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Nous n’avons pas pu lire cette demande" in html
    assert 'href="mailto:help@dress.example"' in html
    assert ">Ma page</a>" in html  # still signed in


def test_ordinary_percent_signs_and_accents_still_pass(client, campaign, alice_page):
    assert client.get("/search/?q=%2500").status_code == 200  # the text "%00", typed
    assert client.get("/search/?q=Chlo%C3%A9").status_code == 200
