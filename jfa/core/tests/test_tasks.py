"""The task queue: side effects wait for commit, survive a failed attempt, and run once per claim."""

import pytest
from django.core import mail
from django.test import override_settings

from jfa.core.models import Task
from jfa.core.tasks import claim, enqueue, run_due_tasks
from jfa.core.testing import give
from jfa.task_registry import REGISTRY

pytestmark = pytest.mark.django_db


@override_settings(TASKS_INLINE=False)
def test_a_gift_queues_its_emails_for_a_worker(campaign, alice_page):
    give(page=alice_page, amount_minor=2500)
    assert mail.outbox == []
    assert sorted(Task.objects.values_list("name", flat=True)) == ["donations.tell_page_owner", "donations.thank_donor"]

    assert run_due_tasks() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.net"]
    assert not Task.objects.filter(done_at__isnull=True).exists()
    assert run_due_tasks() == 0  # done tasks are not run again


@override_settings(TASKS_INLINE=False)
def test_a_failing_task_is_retried_later_and_keeps_its_error(campaign, alice_page, monkeypatch):
    give(page=alice_page, amount_minor=2500)

    def broken(**kwargs):
        raise ConnectionError("mail relay down")

    monkeypatch.setitem(REGISTRY, "donations.tell_page_owner", broken)
    assert run_due_tasks() == 1  # the thank-you went; the owner's email waits for a retry
    assert [m.to[0] for m in mail.outbox] == ["dana@example.net"]
    task = Task.objects.get(name="donations.tell_page_owner")
    assert (task.attempts, task.done_at) == (1, None)
    assert "mail relay down" in task.last_error
    assert claim(limit=10) == []  # not due again until its back-off has passed


@override_settings(TASKS_INLINE=False)
def test_a_claimed_task_is_not_handed_to_a_second_worker(campaign, alice_page):
    give(page=alice_page, amount_minor=2500)
    first = claim(limit=10)
    second = claim(limit=10)
    assert len(first) == 2
    assert second == []


def test_unknown_tasks_are_refused(db):
    with pytest.raises(LookupError):
        enqueue("no.such.task")
    assert not Task.objects.exists()


@override_settings(TASKS_INLINE=False)
def test_a_batch_of_gift_emails_costs_the_same_few_queries_however_many_gifts(
    campaign, alice_page, django_assert_max_num_queries
):
    for _ in range(2):
        give(page=alice_page, amount_minor=2500)
    with django_assert_max_num_queries(8) as few:
        assert run_due_tasks() == 4
    for _ in range(6):
        give(page=alice_page, amount_minor=2500)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert run_due_tasks() == 12
    assert len(mail.outbox) == 16


@override_settings(TASKS_INLINE=False)
def test_a_gift_email_that_cannot_be_written_fails_alone(campaign, alice_page):
    give(page=alice_page, amount_minor=2500)
    Task.objects.create(name="donations.thank_donor", payload={"donation_id": 999_999})
    assert run_due_tasks() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.net"]
    stuck = Task.objects.get(done_at__isnull=True)
    assert stuck.payload == {"donation_id": 999_999}
    assert (stuck.attempts, stuck.last_error) == (1, "donation 999999 does not exist")


@override_settings(TASKS_INLINE=False)
def test_done_tasks_are_purged_after_two_weeks_and_failures_are_kept(campaign, alice_page):
    import datetime

    from django.utils import timezone

    from jfa.core.tasks import KEEP_DONE, purge_done

    give(page=alice_page, amount_minor=2500)
    run_due_tasks()
    Task.objects.create(name="donations.thank_donor", payload={"donation_id": 1}, attempts=6, last_error="relay down")
    assert purge_done() == 0  # done today: kept
    Task.objects.filter(done_at__isnull=False).update(done_at=timezone.now() - KEEP_DONE - datetime.timedelta(hours=1))
    assert purge_done() == 2
    assert list(Task.objects.values_list("last_error", flat=True)) == ["relay down"]


@override_settings(TASKS_INLINE=False)
def test_a_worker_run_once_sends_what_is_due_and_says_how_many(campaign, alice_page, capsys):
    from django.core.management import call_command

    give(page=alice_page, amount_minor=2500)
    call_command("run_tasks", "--once")
    assert "2 task(s) ran" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_workers_claim_the_earliest_due_tasks_first(db):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    later = Task.objects.create(name="donations.thank_donor", payload={"donation_id": 1}, run_after=now)
    earlier = Task.objects.create(
        name="donations.thank_donor", payload={"donation_id": 2}, run_after=now - datetime.timedelta(minutes=5)
    )
    Task.objects.create(
        name="donations.thank_donor", payload={"donation_id": 3}, run_after=now + datetime.timedelta(hours=1)
    )
    assert [task.pk for task in claim(limit=10)] == [earlier.pk, later.pk]
