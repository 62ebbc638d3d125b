"""The privacy notice, the contact address, and the notice's promises checked against the product."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jfa.core import testing
from jfa.donations.models import Donation

pytestmark = pytest.mark.django_db

ADDRESS = "help@dress.example"


@pytest.fixture
def contact(settings):
    settings.CONTACT_EMAIL = ADDRESS
    return ADDRESS


def gift_form(**overrides):
    return testing.gift_form(**{"donor_email": "dana.private@example.net", "card_cvc": "987", **overrides})


def test_every_page_footer_links_the_notice_and_gives_the_contact_address(client, campaign, contact):
    html = client.get(reverse("campaigns:home")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'<a href="{reverse("privacy")}">Privacy</a>' in footer
    assert f'Questions? Write to <a href="mailto:{ADDRESS}">{ADDRESS}</a>.' in footer


def test_the_notice_names_the_address_to_write_to_in_english_and_french(client, contact):
    english = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Your privacy</h1>" in english
    assert f'make a past gift anonymous, write to <a href="mailto:{ADDRESS}">{ADDRESS}</a>.' in english

    french = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Votre vie privée</h1>" in french
    assert f'rendre anonyme un don passé, écrivez à <a href="mailto:{ADDRESS}">{ADDRESS}</a>.' in french
    for english_heading in ("When you give", "When you open a page", "When you comment on a story", "Seeing and"):
        assert english_heading not in french


def test_the_notice_only_answers_reads(client):
    assert client.post(reverse("privacy")).status_code == 405


def test_account_pages_that_say_write_to_us_give_the_address(client, contact):
    mailto = f'<a href="mailto:{ADDRESS}">{ADDRESS}</a>'
    reset = client.get(reverse("account_reset_password")).content.decode()
    assert f"Trouble resetting your password? Write to {mailto}." in reset
    assert "contact us" not in reset

    for name in ("account_reset_password_done", "account_email_verification_sent"):
        html = client.get(reverse(name)).content.decode()
        assert f"Still nothing after a few minutes? Write to {mailto}." in html, name
        assert "contact us" not in html, name

    french = client.get(reverse("account_email_verification_sent"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"Toujours rien après quelques minutes? Écrivez à {mailto}." in french


def test_a_gift_above_the_online_limit_says_where_to_write(client, campaign, alice_page, contact):
    response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), gift_form(amount="100001"))
    assert response.status_code == 400
    assert f"cannot be made online. To give more, write to {ADDRESS}." in response.content.decode()
    assert not Donation.objects.exists()


def test_no_table_keeps_the_card_number_or_security_code(client, campaign, alice_page):
    """'We never store them': after a gift, nothing in the database holds the full number or the CVC."""
    client.post(reverse("donations:give_to_page", args=[alice_page.slug]), gift_form())
    donation = Donation.objects.get()
    assert donation.attempts.get().card_last4 == "4242"

    out = io.StringIO()
    call_command("dumpdata", format="json", stdout=out)
    everything = out.getvalue()
    assert str(donation.public_id) in everything  # the dump does hold the gift
    assert "4242424242424242" not in everything
    assert "4242 4242 4242 4242" not in everything
    assert '"987"' not in everything


def test_the_donors_email_and_country_appear_on_no_public_page(client, campaign, alice_page, team):
    client.post(reverse("donations:give_to_page", args=[alice_page.slug]), gift_form(donor_country="NZ"))
    donation = Donation.objects.get()
    public = [
        reverse("campaigns:home"),
        alice_page.get_absolute_url(),
        reverse("campaigns:page_gifts", args=[alice_page.slug]),
        team.get_absolute_url(),
        reverse("donations:thanks", args=[donation.public_id]),
        reverse("transparency:lookup") + f"?reference={donation.public_id}",
        "/api/campaign",
        f"/api/pages/{alice_page.slug}",
    ]
    # Pages with a donation form list every country in its menu; the others must not name hers.
    with_form = {alice_page.get_absolute_url(), team.get_absolute_url()}
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "dana.private@example.net" not in response.content.decode(), url
        if url not in with_form:
            assert "New Zealand" not in response.content.decode(), url
    # The wall does show the name and message, as the notice says.
    wall = client.get(alice_page.get_absolute_url()).content.decode()
    assert "Dana Donor" in wall and "Keep going!" in wall


def test_the_public_books_never_say_who_gave(client, campaign, alice_page):
    client.post(reverse("donations:give_to_page", args=[alice_page.slug]), gift_form())
    donation = Donation.objects.get()
    proof = client.get(reverse("transparency:lookup"), {"reference": str(donation.public_id)}).content.decode()
    assert "Yes: your gift is in the books" in proof
    assert "Dana Donor" not in proof
    assert "Dana Donor" not in client.get(reverse("transparency:report")).content.decode()
