"""Each gift email and dress-log reminder carries a link (and the headers for the mail client's
own button) that stops that kind of email in one click, without signing in."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jfa.accounts.models import User
from jfa.campaigns.actions import EmailKind, queue_dress_log_reminders, stop_token
from jfa.core.testing import give

pytestmark = pytest.mark.django_db

DEC_3 = datetime.date(2026, 12, 3)


def stop_link(message) -> str:
    """The link in the email's body, which the List-Unsubscribe header must also name."""
    found = re.search(r"open this link: http://127\.0\.0\.1:8000(/emails/stop/\S+/)", message.body)
    assert found is not None, message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{found.group(1)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return found.group(1)


def settings_of(user: User) -> tuple[bool, bool]:
    user.refresh_from_db()
    return user.gift_emails, user.dress_log_reminders


def test_the_mail_clients_one_click_stops_the_gift_emails_and_only_them(
    campaign, alice, alice_page, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with django_capture_on_commit_callbacks(execute=True):
        give(page=alice_page, amount_minor=2_500)
    [news] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    link = stop_link(news)

    # What a mail client sends for RFC 8058: a bare POST, no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Done: alice@example.org will no longer get an email for each new gift." in response.content.decode()
    assert settings_of(alice) == (False, True)  # the reminders stay on

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        give(page=alice_page, amount_minor=2_500)
    assert [m.to for m in mail.outbox] == [["dana@example.net"]]  # the donor's thanks, nothing for Alice
    assert mail_client.post(link).status_code == 200  # a second press changes nothing and says so again


def test_opening_the_reminders_link_asks_first_and_the_button_stops_them(
    client, campaign, alice, alice_page, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with django_capture_on_commit_callbacks(execute=True):
        queue_dress_log_reminders(campaign=campaign, on=DEC_3)
    [reminder] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    link = stop_link(reminder)

    # A link scanner (or a curious click) that only opens the address turns nothing off.
    question = client.get(link).content.decode()
    assert "Stop sending alice@example.org an evening reminder to post the day's dress-log photo?" in question
    assert '<meta name="robots" content="noindex">' in question
    assert settings_of(alice) == (True, True)

    done = client.post(link).content.decode()
    assert "Done: alice@example.org will no longer get dress-log reminders." in done
    assert settings_of(alice) == (True, False)

    french = client.get(link, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ne plus envoyer à alice@example.org" in french


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # a damaged signature
        lambda token: "nothing-signed-here",
    ],
)
def test_a_forged_or_damaged_link_changes_nothing(client, campaign, alice, mangle):
    link = reverse("campaigns:stop_emails", args=[mangle(stop_token(alice, EmailKind.GIFT_EMAILS))])
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400
        assert "This link is not valid. Nothing was changed." in response.content.decode()
    assert settings_of(alice) == (True, True)


def test_a_link_sent_to_an_address_the_account_has_left_no_longer_works(client, campaign, alice):
    link = reverse("campaigns:stop_emails", args=[stop_token(alice, EmailKind.REMINDERS)])
    User.objects.filter(pk=alice.pk).update(email="alice@new.example.org")
    assert client.post(link).status_code == 400
    assert settings_of(alice) == (True, True)
