"""An advocate turns the email for each new gift off (and on again) from the dashboard."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jfa.core.testing import gift_form

pytestmark = pytest.mark.django_db


def gift(client, page):
    return client.post(reverse("donations:give_to_page", args=[page.slug]), gift_form())


def sent_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_an_advocate_stops_and_restarts_the_email_for_each_gift(
    client, campaign, alice, alice_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gift(client, alice_page)
    [news] = sent_to("alice@example.org")
    assert "To stop an email for each gift, open this link: http" in news.body
    assert news.body.rstrip().endswith("Justice For All")

    client.force_login(alice)
    assert "Stop these emails</button>" in client.get(reverse("campaigns:dashboard")).content.decode()
    page = client.post(reverse("campaigns:gift_emails"), {"on": "0"}, follow=True).content.decode()
    assert "You will no longer get an email for each new gift." in page
    assert "Email me about each gift</button>" in page
    alice.refresh_from_db()
    assert not alice.gift_emails

    mail.outbox.clear()
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        assert gift(client, alice_page).status_code == 302
    assert sent_to("alice@example.org") == []
    assert len(sent_to("dana@example.net")) == 1  # the donor is still thanked

    client.force_login(alice)
    client.post(reverse("campaigns:gift_emails"), {"on": "1"})
    client.logout()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gift(client, alice_page)
    assert len(sent_to("alice@example.org")) == 1


def test_the_setting_only_changes_by_a_signed_in_post(client, campaign, alice, alice_page):
    assert client.post(reverse("campaigns:gift_emails"), {"on": "0"}).status_code == 302  # to sign in
    client.force_login(alice)
    assert client.get(reverse("campaigns:gift_emails"))["Location"] == reverse("campaigns:dashboard")
    alice.refresh_from_db()
    assert alice.gift_emails


def test_the_email_says_how_close_the_goal_now_is(
    client, campaign, alice, alice_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gift(client, alice_page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("donations:give_to_page", args=[alice_page.slug]), gift_form(amount="225"))
    first, second = sent_to("alice@example.org")
    assert "Your page has now raised US$25.00 of its US$1,000.00 goal (2%)." in first.body
    assert "Your page has now raised US$250.00 of its US$1,000.00 goal (25%)." in second.body


def test_a_captain_hears_where_the_team_stands(client, campaign, alice, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("donations:give_to_team", args=[team.slug]), gift_form(amount="50"))
    [news] = sent_to("alice@example.org")
    assert "Your team has now raised US$50.00 of its US$5,000.00 goal (1%)." in news.body
