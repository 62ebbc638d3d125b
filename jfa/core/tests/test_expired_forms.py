"""A form refused by the cross-site request check gets the site's own page, saying nothing
happened and leading back to the form, instead of Django's page about forgery."""

import pytest
from django.test import Client

from jfa.core.testing import gift_form
from jfa.donations.models import Donation
from jfa.payments.models import PaymentAttempt

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def strict_client(**headers) -> Client:
    """A browser the check applies to (the test client skips it unless asked)."""
    return Client(enforce_csrf_checks=True, headers=headers)


def test_a_gift_sent_with_a_stale_token_is_refused_and_the_donor_told_no_card_was_charged(bob_page):
    donor = strict_client()
    give_url = f"/give/page/{bob_page.slug}/"
    assert donor.get(give_url).status_code == 200  # sets the cookie
    # Signing in or out in another tab renews the token: the form still carries the old one.
    data = gift_form(csrfmiddlewaretoken="x" * 64)
    response = donor.post(give_url, data, headers={"Referer": SITE + give_url})

    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html
    assert "no gift was made and no card was charged" in html
    assert "sign in or out in another tab" in html
    assert f'href="{SITE}{give_url}">Open the form again' in html
    assert 'class="site-header"' in html  # the site's layout, not Django's bare page
    assert "Cross Site Request Forgery" not in html
    assert Donation.objects.count() == 0
    assert PaymentAttempt.objects.count() == 0


def test_a_browser_without_cookies_is_asked_to_allow_them(bob_page):
    response = strict_client().post(f"/give/page/{bob_page.slug}/", gift_form())
    html = response.content.decode()
    assert response.status_code == 403
    assert "Allow cookies for this site" in html
    assert "another tab" not in html
    # No page of ours to go back to (no Referer): the campaign instead.
    assert "Open the form again<" not in html
    assert "reload the page" in html
    assert ">Go to the campaign</a>" in html
    assert Donation.objects.count() == 0


def test_another_sites_address_is_never_offered_as_the_form(bob_page):
    response = strict_client().post(
        f"/give/page/{bob_page.slug}/", gift_form(), headers={"Referer": "https://evil.example/give/"}
    )
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()
    assert "Open the form again<" not in response.content.decode()


def test_a_form_that_is_not_a_gift_does_not_speak_of_cards(alice, alice_page, team):
    advocate = strict_client()
    advocate.force_login(alice)
    advocate.get(f"/t/{team.slug}/")
    response = advocate.post(
        f"/t/{team.slug}/leave/", {"csrfmiddlewaretoken": "x" * 64}, headers={"Referer": f"{SITE}/t/{team.slug}/"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Nothing was sent." in html
    assert f'href="{SITE}/t/{team.slug}/">Open the form again' in html
    assert "Sign out" in html  # drawn for the signed-in reader, with the site's header
    assert "no gift was made" not in html
    assert "another tab" in html
    alice_page.refresh_from_db()
    assert alice_page.team_id == team.pk


def test_the_page_is_in_french_for_french_readers(bob_page):
    response = strict_client(accept_language="fr").post(f"/give/page/{bob_page.slug}/", gift_form())
    html = response.content.decode()
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in html
    assert "Rien n’a été envoyé\u00a0: aucun don n’a été fait" in html
    assert "aucun don n’a été fait et aucune carte n’a été débitée" in html
