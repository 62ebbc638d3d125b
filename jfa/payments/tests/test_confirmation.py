"""A charge that succeeds at once is recorded in one statement (PostgreSQL): it must leave the
books, the gift, its attempt, the totals and the queued emails exactly as the general
confirmation does, and write nothing when the gift is no longer as the request left it."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

from jfa.campaigns.queries import Recipient
from jfa.core.models import Task
from jfa.core.money import Money
from jfa.donations.actions import StartedDonation, start_donation
from jfa.donations.models import Donation, DonationStatus, TotalScope
from jfa.donations.totals import total_for
from jfa.ledger.models import JournalEntry
from jfa.payments import actions
from jfa.payments.actions import charge_attempt, confirm_payment
from jfa.payments.models import AttemptStatus
from jfa.payments.providers.base import CardDetails
from jfa.payments.registry import get_provider

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

CARD = CardDetails(number="4242424242424242", expiry="12/30", cvc="123")


def start(page, *, amount_minor: int, cover_fee: bool) -> StartedDonation:
    return start_donation(
        recipient=Recipient.of(page=page),
        amount=Money(amount_minor, page.currency),
        donor_name="Dana Donor",
        donor_email="dana@example.net",
        donor_country=page.country,
        cover_fee=cover_fee,
        idempotency_key=uuid.uuid4().hex,
        provider=get_provider("sandbox"),
    )


def what_it_left(started: StartedDonation) -> dict:
    """Everything a confirmation writes about one gift, without ids and times that differ."""
    donation = Donation.objects.get(pk=started.donation.pk)
    attempt = donation.attempts.get()
    entry = JournalEntry.objects.get(idempotency_key=f"gift:{donation.pk}")
    return {
        "gift": (donation.status, donation.amount_minor, donation.fee_minor, donation.fee_covered_minor),
        "attempt": (attempt.status, attempt.provider_reference.split("_")[0], attempt.card_last4),
        "entry": (
            entry.kind,
            entry.description.replace(str(donation.pk), "N"),
            entry.source_type,
            entry.source_id == str(donation.pk),
            (entry.campaign_id, entry.team_id, entry.page_id),
            entry.occurred_at == donation.succeeded_at,
        ),
        "postings": list(
            entry.postings.order_by("id").values_list("line", "account_id", "debit_minor", "credit_minor")
        ),
        "emails": sorted(Task.objects.filter(payload={"donation_id": donation.pk}).values_list("name", flat=True)),
    }


@override_settings(TASKS_INLINE=False)
@pytest.mark.parametrize("cover_fee", [False, True])
def test_a_gift_confirmed_in_one_statement_is_written_as_the_general_confirmation_writes_it(
    campaign, alice_page, team, cover_fee, monkeypatch
):
    alice_page.refresh_from_db()
    at_once = start(alice_page, amount_minor=2550, cover_fee=cover_fee)
    assert at_once.books is not None
    with monkeypatch.context() as patched:
        patched.setattr(actions, "apply_result", None)  # the general path would fail here
        assert charge_attempt(attempt=at_once.attempt, card=CARD, books=at_once.books).status == "succeeded"

    general = start(alice_page, amount_minor=2550, cover_fee=cover_fee)
    # The same charge, recorded statement by statement.
    assert charge_attempt(attempt=general.attempt, card=CARD).status == AttemptStatus.SUCCEEDED

    # Sandbox fees: 2.9% + 30 of what was charged; covering the fee charges 26.57 for 25.50.
    fee, covered = {False: (104, 0), True: (107, 107)}[cover_fee]
    left = what_it_left(at_once)
    assert left == what_it_left(general)
    assert left["gift"] == (DonationStatus.SUCCEEDED, 2550, fee, covered)
    assert left["emails"] == ["donations.tell_page_owner", "donations.thank_donor"]
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == Money(5100, "USD")
    assert total_for(TotalScope.TEAM, team.pk).gift_count == 2
    # Each posting's running balance is right: the account's balance moved by exactly its lines.
    entries = JournalEntry.objects.filter(kind="gift").order_by("sequence")
    assert [e.prev_hash for e in entries][1] == entries[0].hash


def test_a_gift_no_longer_as_the_request_left_it_is_not_written_twice(campaign, alice_page):
    started = start(alice_page, amount_minor=2500, cover_fee=False)
    confirm_payment(attempt_id=started.attempt.pk, reference="sandbox_elsewhere", fee=Money(103, "USD"))
    entries = JournalEntry.objects.count()

    # The attempt is no longer "created": the one statement writes nothing and says so.
    assert not actions._confirm_at_once(
        attempt=started.attempt, books=started.books, reference="sandbox_again", fee=Money(103, "USD"), card_last4=""
    )
    assert JournalEntry.objects.count() == entries
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == Money(2500, "USD")
    assert Donation.objects.get().attempts.get().provider_reference == "sandbox_elsewhere"
