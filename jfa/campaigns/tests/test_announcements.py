"""Campaign staff write to every advocate from the admin: each gets the message by email, in
French when they read it and a French text was given, with a one-click stop; once per form."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jfa.campaigns.actions import CampaignError, announce, take_down_page
from jfa.campaigns.models import Announcement
from jfa.campaigns.tests.test_stop_emails import stop_link
from jfa.core.testing import make_page, make_user

pytestmark = pytest.mark.django_db

ADD = reverse("admin:campaigns_announcement_add")


@pytest.fixture
def advocates(campaign, alice, alice_page, bob, bob_page, charlie, settings):
    """Alice (English), Bob (French), Charlie (no page: not an advocate), Dora (turned these off),
    Eve (page taken down by staff)."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    bob.language = "fr"
    bob.save(update_fields=["language"])
    dora = make_user("dora@example.org", "Dora")
    dora.campaign_news = False
    dora.save(update_fields=["campaign_news"])
    make_page(campaign, dora)
    eve = make_user("eve@example.org", "Eve")
    take_down_page(page=make_page(campaign, eve), reason="Spam.")
    mail.outbox.clear()


def form(campaign, **overrides) -> dict:
    return {
        "campaign": campaign.pk,
        "subject": "Tomorrow we start!",
        "body": "Post your first photo tomorrow.\n\nThe campaign team",
        "subject_fr": "On commence demain!",
        "body_fr": "Publiez votre première photo demain.",
        "form_key": "form-1",
        **overrides,
    }


def test_staff_write_to_every_advocate_in_their_language(
    client, campaign, staff, advocates, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, form(campaign))
        client.post(ADD, form(campaign))  # the same form again: nothing more is sent
    assert response.status_code == 302
    sent = Announcement.objects.get()
    assert (sent.recipients, sent.sent_by) == (2, staff)
    news = [m for m in mail.outbox if m.subject in ("Tomorrow we start!", "On commence demain!")]
    by_address = {m.to[0]: m for m in news}
    assert len(news) == 2
    assert sorted(by_address) == ["alice@example.org", "bob@example.org"]
    alice_mail, bob_mail = by_address["alice@example.org"], by_address["bob@example.org"]
    assert alice_mail.subject == "Tomorrow we start!"
    assert "Hi Alice,\n\nPost your first photo tomorrow.\n\nThe campaign team" in alice_mail.body
    assert alice_mail.reply_to == ["hello@justiceforall.example"]
    assert bob_mail.subject == "On commence demain!"
    assert "Publiez votre première photo demain." in bob_mail.body

    # Alice stops them from the email; the next announcement skips her.
    Client(enforce_csrf_checks=True).post(stop_link(alice_mail))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD, form(campaign, form_key="form-2", subject_fr="", body_fr=""))
    assert [m.to for m in mail.outbox if m.subject == "Tomorrow we start!"] == [["bob@example.org"]]


def test_what_was_sent_cannot_be_changed_or_deleted(client, campaign, staff, advocates):
    client.force_login(staff)
    client.post(ADD, form(campaign))
    sent = Announcement.objects.get()
    change = reverse("admin:campaigns_announcement_change", args=[sent.pk])
    client.post(change, form(campaign, subject="Edited"))
    sent.refresh_from_db()
    assert sent.subject == "Tomorrow we start!"
    assert client.post(reverse("admin:campaigns_announcement_delete", args=[sent.pk])).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject": ""}, "This field is required."),
        ({"body_fr": ""}, "Give both the French subject and the French message, or neither."),
    ],
)
def test_an_incomplete_announcement_sends_nothing(client, campaign, staff, advocates, overrides, message):
    client.force_login(staff)
    response = client.post(ADD, form(campaign, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_action_refuses_a_blank_message(campaign, staff):
    with pytest.raises(CampaignError, match="Write a subject and a message."):
        announce(campaign=campaign, by=staff, subject="  ", body="Hi", idempotency_key="k")


def test_the_dashboard_switch_turns_them_off_and_on(client, campaign, alice, alice_page):
    client.force_login(alice)
    assert "You get the campaign team's news by email" in client.get(reverse("campaigns:dashboard")).content.decode()
    client.post(reverse("campaigns:campaign_news"), {"on": "0"})
    alice.refresh_from_db()
    assert not alice.campaign_news
