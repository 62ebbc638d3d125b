"""A team's captain writes to the members: each gets an email in their own language, answers go
to the captain, no member's address is shown, and a few a day is the limit."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from jfa.accounts.models import User
from jfa.campaigns.actions import CampaignError, join_team, send_team_message
from jfa.campaigns.models import TeamMessage
from jfa.core.testing import make_page, make_user
from jfa.donations.tests.test_concurrency import run_in_threads

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(campaign, team, bob, bob_page, charlie, django_capture_on_commit_callbacks):
    """Bob and Charlie (who reads French) join Alice's team; Dora, on no team, must hear nothing."""
    charlie.language = "fr"
    charlie.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):  # Alice's news of them goes now
        join_team(page=bob_page, team=team)
        join_team(page=make_page(campaign, charlie, country="CA"), team=team)
    make_page(campaign, make_user("dora@example.org", "Dora"), country="US")
    mail.outbox.clear()
    return team


def message_url(team) -> str:
    return reverse("campaigns:team_message", args=[team.slug])


def test_the_captain_writes_and_each_member_gets_it_in_their_language(
    client, campaign, alice, members, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    assert (
        f'href="{message_url(members)}">Write to your team</a>'
        in client.get(members.get_absolute_url()).content.decode()
    )
    form = client.get(message_url(members)).content.decode()
    assert "Your message goes by email to 2 members of Tie One On" in form
    assert "Members who answer write to you at alice@example.org" in form

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(message_url(members), {"body": "Day 3! <b>Keep</b> going, team.\n\nAlice"})
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["bob@example.org", "charlie@example.org"]  # not the captain, not Dora
    bob_mail, charlie_mail = by_address["bob@example.org"], by_address["charlie@example.org"]
    assert bob_mail.subject == "Alice writes to Tie One On"
    assert bob_mail.reply_to == ["alice@example.org"]
    assert (
        "Alice, captain of Tie One On, writes to the team:\n\nDay 3! <b>Keep</b> going, team.\n\nAlice" in bob_mail.body
    )
    assert "/emails/stop/" in bob_mail.extra_headers["List-Unsubscribe"]
    assert charlie_mail.subject == "Alice écrit à Tie One On"
    assert "Alice, capitaine de Tie One On, écrit à l’équipe" in charlie_mail.body

    # The captain's page lists it, escaped, as plain text.
    sent = client.get(message_url(members)).content.decode()
    assert "Day 3! &lt;b&gt;Keep&lt;/b&gt; going, team." in sent


def test_a_member_who_stops_them_gets_no_more(
    client, campaign, alice, bob, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_team_message(team=members, sender=alice, body="First")
    [to_bob] = [m for m in mail.outbox if m.to == ["bob@example.org"]]
    stop = to_bob.extra_headers["List-Unsubscribe"].strip("<>").split("testserver", 1)[-1]
    stop = stop[stop.index("/emails/stop/") :]
    assert Client(enforce_csrf_checks=True).post(stop).status_code == 200
    bob.refresh_from_db()
    assert not bob.team_messages and bob.gift_emails  # only these emails stop

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_team_message(team=members, sender=alice, body="Second")
    assert [m.to for m in mail.outbox] == [["charlie@example.org"]]

    client.force_login(bob)  # and Bob can turn them back on from the dashboard
    assert "You do not get your captain's messages." in client.get(reverse("campaigns:dashboard")).content.decode()
    client.post(reverse("campaigns:team_messages"), {"on": "1"})
    bob.refresh_from_db()
    assert bob.team_messages


def test_only_the_captain_may_write_and_bad_messages_change_nothing(client, campaign, alice, bob, members):
    client.force_login(bob)
    assert client.get(message_url(members)).status_code == 403
    assert client.post(message_url(members), {"body": "Hijack"}).status_code == 403
    with pytest.raises(CampaignError, match="Only the team's captain"):
        send_team_message(team=members, sender=bob, body="Hijack")

    client.force_login(alice)
    for body, error in [("   ", "This field is required."), ("x" * 2001, "at most 2000 characters")]:
        response = client.post(message_url(members), {"body": body})
        assert response.status_code == 400 and error in response.content.decode()
    assert not TeamMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_three_messages_a_day_even_sent_at_once(campaign, alice, members):
    errors = run_in_threads(5, lambda n: send_team_message(team=members, sender=alice, body=f"Message {n}"))
    assert TeamMessage.objects.count() == 3
    assert [str(e) for e in errors] == ["A team can get 3 messages a day; write again tomorrow."] * 2
    tomorrow = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1, minutes=1)
    send_team_message(team=members, sender=alice, body="Next day", now=tomorrow)
    assert TeamMessage.objects.count() == 4


def test_a_member_who_left_the_team_before_the_email_went_gets_nothing(
    campaign, alice, bob, bob_page, members, django_capture_on_commit_callbacks
):
    from jfa.campaigns.actions import leave_team

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_team_message(team=members, sender=alice, body="Hello")
    bob_page.refresh_from_db()
    leave_team(page=bob_page)
    mail.outbox.clear()
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["charlie@example.org"]]
    assert User.objects.get(pk=bob.pk).team_messages


def test_a_team_name_with_a_line_break_still_makes_a_one_line_subject(
    campaign, alice, members, django_capture_on_commit_callbacks
):
    """A header with a line break is refused by the mail library: every member's copy would fail."""
    members.name = "Tie One\nOn"
    members.save(update_fields=["name"])
    with django_capture_on_commit_callbacks(execute=True):
        send_team_message(team=members, sender=alice, body="Day 3!")
    assert sorted(m.subject for m in mail.outbox) == ["Alice writes to Tie One On", "Alice écrit à Tie One On"]
