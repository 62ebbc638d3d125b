"""An evening reminder to advocates with no dress-log photo for the day: one per page and day,
however many times the daily command runs."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from jfa.campaigns.actions import queue_dress_log_reminders
from jfa.campaigns.models import DressLogEntry, DressLogReminder
from jfa.core.testing import make_page, make_user
from jfa.donations.tests.test_concurrency import run_in_threads

DEC_3 = datetime.date(2026, 12, 3)


def reminded() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Day 3: time for your dress-log photo"))


def posted(page, day: int) -> None:
    DressLogEntry.objects.create(page=page, day=day, photo="dresslog/x.jpg", photo_alt="A dress")


@pytest.mark.django_db
def test_advocates_without_todays_photo_are_reminded_once(
    campaign, alice, alice_page, bob, bob_page, charlie, django_capture_on_commit_callbacks
):
    posted(bob_page, 3)  # Bob already posted today
    posted(alice_page, 1)
    posted(alice_page, 2)  # Alice is on a two-day streak
    charlie_page = make_page(campaign, charlie, country="US")
    charlie.dress_log_reminders = False  # Charlie asked for none
    charlie.save(update_fields=["dress_log_reminders"])
    hidden = make_page(campaign, make_user("dora@example.org", "Dora"), country="US")
    hidden.is_published = False
    hidden.save(update_fields=["is_published"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_dress_log_reminders(campaign=campaign, on=DEC_3) == 1
    assert reminded() == ["alice@example.org"]
    [email] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert "It is day 3 of Dress for Freedom 2026, and your dress log has no photo for today yet." in email.body
    assert "Post it to keep your streak of 2 days going." in email.body
    assert "/me/#post-photo\n" in email.body and "To stop these reminders, open this link: http://" in email.body
    assert charlie_page.pk not in DressLogReminder.objects.values_list("page_id", flat=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_dress_log_reminders(campaign=campaign, on=DEC_3) == 0  # the evening's second run
    assert reminded() == ["alice@example.org"]
    # Outside the campaign's days, nobody is reminded.
    assert queue_dress_log_reminders(campaign=campaign, on=datetime.date(2026, 11, 30)) == 0


@pytest.mark.django_db
def test_a_photo_posted_after_the_reminder_was_queued_stops_it(
    campaign, alice, alice_page, settings, django_capture_on_commit_callbacks
):
    settings.TASKS_INLINE = False
    queue_dress_log_reminders(campaign=campaign, on=DEC_3)
    posted(alice_page, 3)
    mail.outbox.clear()
    call_command("run_tasks", "--once")
    assert reminded() == []


@pytest.mark.django_db
def test_the_reminder_speaks_the_advocates_language(campaign, alice, alice_page, django_capture_on_commit_callbacks):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        queue_dress_log_reminders(campaign=campaign, on=DEC_3)
    [email] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert email.subject == "Jour 3\xa0: c’est l’heure de votre photo du journal des tenues"
    assert "C’est le jour 3 de Dress for Freedom 2026" in email.body


@pytest.mark.django_db
def test_an_advocate_turns_reminders_off_and_on(client, campaign, alice, alice_page):
    client.force_login(alice)
    assert "Stop these reminders</button>" in client.get(reverse("campaigns:dashboard")).content.decode()
    page = client.post(reverse("campaigns:dress_log_reminders"), {"on": "0"}, follow=True).content.decode()
    assert "You will no longer get dress-log reminders." in page
    assert "Remind me in the evening</button>" in page
    alice.refresh_from_db()
    assert not alice.dress_log_reminders
    assert queue_dress_log_reminders(campaign=campaign, on=DEC_3) == 0
    client.post(reverse("campaigns:dress_log_reminders"), {"on": "1"})
    alice.refresh_from_db()
    assert alice.dress_log_reminders
    assert client.get(reverse("campaigns:dress_log_reminders"))["Location"] == reverse("campaigns:dashboard")
    alice.refresh_from_db()
    assert alice.dress_log_reminders


@pytest.mark.django_db(transaction=True)
def test_four_runs_at_once_remind_each_advocate_once(campaign, alice, alice_page, bob, bob_page, settings):
    settings.TASKS_INLINE = False
    counts: list[int] = []
    errors = run_in_threads(4, lambda n: counts.append(queue_dress_log_reminders(campaign=campaign, on=DEC_3)))
    assert errors == []
    assert sum(counts) == 2
    assert DressLogReminder.objects.count() == 2
    from jfa.core.models import Task

    assert Task.objects.filter(name="campaigns.remind_dress_log").count() == 2
