"""Card testing: after a few declined cards from one connection, giving from it pauses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jfa.core.limits import Limit
from jfa.core.testing import gift_form
from jfa.donations.models import Donation, DonationStatus
from jfa.payments.models import AttemptStatus, PaymentAttempt

pytestmark = pytest.mark.django_db

DECLINED, SUCCEEDS = "4000 0000 0000 0002", "4242 4242 4242 4242"
PAUSED = "Too many cards were declined from your connection."


@pytest.fixture(autouse=True)
def three_declines(settings):
    settings.GIVING_DECLINE_LIMITS = (Limit(count=3, seconds=900),)


def give(client, page, card, ip="203.0.113.7", **extra):
    data = gift_form(amount="10", donor_name="Tess Tester", donor_email="tess@example.net", card_number=card)
    return client.post(reverse("donations:give_to_page", args=[page.slug]), data, REMOTE_ADDR=ip, **extra)


def test_after_the_limit_of_declines_a_connection_is_paused_and_nothing_is_written(client, campaign, alice_page):
    for _ in range(3):
        response = give(client, alice_page, DECLINED)
        assert response.status_code == 400
        assert "declined" in response.content.decode()
    assert PaymentAttempt.objects.filter(status=AttemptStatus.FAILED).count() == 3
    donations, attempts = Donation.objects.count(), PaymentAttempt.objects.count()

    # Even a good card is refused now, before any gift or payment attempt is written.
    response = give(client, alice_page, SUCCEEDS)
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert (Donation.objects.count(), PaymentAttempt.objects.count()) == (donations, attempts)
    assert not Donation.objects.filter(status=DonationStatus.SUCCEEDED).exists()

    # Other donors, on other connections, give as before.
    assert give(client, alice_page, SUCCEEDS, ip="198.51.100.20").status_code == 302


def test_gifts_that_go_through_never_count_toward_the_pause(client, campaign, alice_page):
    for _ in range(6):
        assert give(client, alice_page, SUCCEEDS).status_code == 302
    assert give(client, alice_page, DECLINED).status_code == 400
    assert give(client, alice_page, SUCCEEDS).status_code == 302


def test_a_form_with_mistakes_is_not_a_declined_card(client, campaign, alice_page):
    for _ in range(5):
        response = give(client, alice_page, "4242 abcd")
        assert response.status_code == 400
        assert "card number as digits" in response.content.decode()
    assert give(client, alice_page, SUCCEEDS).status_code == 302


def test_behind_the_proxy_the_connection_is_the_address_the_proxy_saw(client, campaign, alice_page, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = {"HTTP_X_FORWARDED_PROTO": "https", "ip": "10.0.0.2"}
    for n in range(3):
        # A tester cannot escape by making up a different first hop each time.
        assert (
            give(client, alice_page, DECLINED, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9", **proxied).status_code
            == 400
        )
    assert give(client, alice_page, SUCCEEDS, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9", **proxied).status_code == 429
    assert give(client, alice_page, SUCCEEDS, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxied).status_code == 302


def test_the_pause_is_explained_in_french(client, campaign, alice_page):
    for _ in range(3):
        give(client, alice_page, DECLINED)
    response = give(client, alice_page, SUCCEEDS, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert "Trop de cartes ont été refusées depuis votre connexion." in response.content.decode()
