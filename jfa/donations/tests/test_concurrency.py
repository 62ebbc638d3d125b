"""Many donors at once: every total stays exact, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connections

from jfa.core.money import Money
from jfa.core.testing import give
from jfa.donations.models import Donation, DonationStatus, TotalScope
from jfa.donations.totals import total_for
from jfa.payments.actions import confirm_payment

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_threads(count: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_fifty_concurrent_gifts_to_one_page_leave_every_total_exact(campaign, alice_page, team):
    alice_page.refresh_from_db()
    errors = run_in_threads(50, lambda n: give(page=alice_page, amount_minor=1000 + n))

    assert errors == []
    expected = sum(1000 + n for n in range(50))
    assert Donation.objects.filter(status=DonationStatus.SUCCEEDED).count() == 50
    for scope, scope_id in [
        (TotalScope.PAGE, alice_page.pk),
        (TotalScope.TEAM, team.pk),
        (TotalScope.CAMPAIGN, campaign.pk),
    ]:
        total = total_for(scope, scope_id)
        assert total.money("USD") == Money(expected, "USD"), scope
        assert total.gift_count == 50


def test_the_same_form_submitted_fifty_times_at_once_makes_one_gift(campaign, alice_page):
    key = uuid.uuid4().hex
    errors = run_in_threads(50, lambda n: give(page=alice_page, amount_minor=2500, key=key))

    assert errors == []
    assert Donation.objects.count() == 1
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == Money(2500, "USD")


def test_one_confirmation_replayed_concurrently_counts_once(campaign, alice_page):
    donation = give(page=alice_page, amount_minor=4000, card="4000000000003220")
    attempt = donation.attempts.get()
    errors = run_in_threads(
        20,
        lambda n: confirm_payment(attempt_id=attempt.pk, reference=attempt.provider_reference, fee=Money(146, "USD")),
    )

    assert errors == []
    total = total_for(TotalScope.PAGE, alice_page.pk)
    assert total.money("USD") == Money(4000, "USD")
    assert total.gift_count == 1
