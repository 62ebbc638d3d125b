import re

import pytest
from django.core import mail
from django.urls import reverse

from jfa.accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_verifies_the_email_then_leads_to_page_setup(client, campaign):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.org").exists()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]

    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert client.get(reverse("campaigns:page_setup")).status_code == 200


def test_password_reset_sends_an_email(client, campaign, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_emails_are_unique_whatever_their_case(client, campaign, alice):
    client.post(
        reverse("account_signup"),
        {
            "email": "ALICE@example.org",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
        },
    )
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


def test_an_account_remembers_the_language_it_was_made_in_and_the_last_one_chosen(client, campaign):
    client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "password1": "une-phrase-assez-longue-42",
            "password2": "une-phrase-assez-longue-42",
        },
        headers={"Accept-Language": "fr"},
    )
    user = User.objects.get(email="nouvelle@example.org")
    assert user.language == "fr"

    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})  # not a language we speak
    user.refresh_from_db()
    assert user.language == "en"


def test_switching_language_signed_out_changes_no_account(client, campaign, alice):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "en"


def test_account_emails_name_the_campaign_site_not_the_sites_framework_default(client, campaign, settings):
    settings.SITE_URL = "https://justiceforall.example"
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-enough-passphrase-42",
            "password2": "a-long-enough-passphrase-42",
        },
    )
    client.post(reverse("account_reset_password"), {"email": "new@example.org"})

    assert [message.subject for message in mail.outbox] == [
        "[Justice For All] Confirm your email address",
        "[Justice For All] Password reset email",
    ]
    for message in mail.outbox:
        assert "example.com" not in message.body
        # In the site's own voice, signed with its name and address, as every email of ours is.
        assert message.body.startswith("Hello,\n")
        assert message.body.rstrip().endswith("Justice For All\nhttps://justiceforall.example")
        assert "Hello from" not in message.body
    welcome = mail.outbox[0].body
    assert "Thank you for signing up with Justice For All to raise money for freedom." in welcome
    confirm = r"To open your account, confirm your email address:\nhttps?://\S+/accounts/confirm-email/\S+\n"
    assert re.search(confirm, welcome)
    assert "no account opens without this confirmation" in welcome


def test_a_french_sign_up_reads_courriel_from_form_to_email(client, campaign):
    signup = {
        "email": "nouveau@example.org",
        "password1": "une-phrase-assez-longue-42",
        "password2": "une-phrase-assez-longue-42",
    }
    sent = client.post(reverse("account_signup"), signup, HTTP_ACCEPT_LANGUAGE="fr", follow=True).content.decode()
    assert "Vérifiez votre adresse courriel" in sent
    message = mail.outbox[0]
    assert message.subject.endswith("Confirmez votre adresse courriel")
    assert "Merci de vous être inscrit·e à Justice For All" in message.body
    assert "Pour ouvrir votre compte, confirmez votre adresse courriel\u00a0:\nhttp" in message.body
    assert message.body.startswith("Bonjour,\n")
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message.body).group(0)
    confirm = client.get("/" + link.split("/", 3)[3], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        'Confirmez que l’adresse <a href="mailto:nouveau@example.org">nouveau@example.org</a> est bien la vôtre.'
        in confirm
    )
    for text in (sent, message.subject, message.body, confirm):
        assert "e-mail" not in text.lower()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "We use your email address to sign you in"), ("fr", "Votre adresse courriel sert à vous connecter")],
)
def test_the_sign_up_form_says_what_the_address_is_for_and_links_the_privacy_notice(client, campaign, language, words):
    html = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    form_end = html.index("</form>")
    notice = html.index(words)
    assert form_end < notice
    assert f'href="{reverse("privacy")}"' in html[notice:]
