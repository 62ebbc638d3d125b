"""Moving a payment attempt through created → pending → succeeded | failed.

The provider is called outside any transaction (it may wait on the network); what it answered is
then applied under row locks. Applying the same answer twice is harmless: a finished attempt
returns early, so a gift counts exactly once however often a result or webhook arrives.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from jfa.core import sql, tasks
from jfa.core.money import Money
from jfa.donations import actions as donation_actions
from jfa.donations.models import Donation, DonationStatus
from jfa.ledger.actions import CHAIN_READY
from jfa.ledger.gifts import GiftBooks
from jfa.ledger.models import Entity, Fund

from .models import AttemptStatus, PaymentAttempt
from .providers.base import CardDetails, ChargeOutcome, ChargeResult
from .registry import get_provider


class PaymentError(RuntimeError):
    pass


def charge_attempt(
    *, attempt: PaymentAttempt, card: CardDetails | None, books: GiftBooks | None = None
) -> PaymentAttempt:
    """Ask the attempt's provider to collect it, then record the answer.

    ``books``: for an attempt started by this request (``StartedDonation.books``), where its gift
    will be posted. A charge that succeeds at once is then recorded in one statement.
    """
    if attempt.status != AttemptStatus.CREATED:
        return attempt  # already charged: a resubmitted form must not charge twice
    provider = get_provider(attempt.provider)
    reference = f"{provider.code}_{attempt.pk}"
    result = provider.charge(
        reference=reference,
        amount=attempt.amount,
        card=card,
        # Derived from our own row id: a retried request reaches the provider with the same key.
        idempotency_key=f"jfa-attempt-{attempt.pk}",
    )
    card_last4 = card.last4 if card else ""
    if result.outcome == ChargeOutcome.SUCCEEDED and books is not None:
        assert result.fee is not None, "a succeeded charge reports its fee"
        if _confirm_at_once(
            attempt=attempt, books=books, reference=result.reference, fee=result.fee, card_last4=card_last4
        ):
            return attempt
    return apply_result(attempt_id=attempt.pk, result=result, card_last4=card_last4)


def _confirm_at_once(*, attempt: PaymentAttempt, books: GiftBooks, reference: str, fee: Money, card_last4: str) -> bool:
    """``confirm_payment`` for an attempt and gift just made, whose figures are in hand: one
    statement on PostgreSQL (its own transaction, or part of the caller's) instead of a dozen.

    It locks the attempt and the gift as ``_locked`` does, in the same order, and writes only if
    they are still as this request made them (attempt created, gift pending) and the books are
    ready; otherwise nothing is written and it returns False, and ``confirm_payment`` takes over
    and says what happened. Elsewhere it always returns False.
    """
    if connection.vendor != "postgresql":
        return False
    donation = attempt.donation
    now = timezone.now()
    locked = (
        f"SELECT a.id FROM {sql.table(PaymentAttempt)} a JOIN {sql.table(Donation)} d ON d.id = a.donation_id"  # noqa: S608
        f" WHERE a.id = %s AND a.status = %s AND d.status = %s AND {CHAIN_READY} FOR UPDATE OF a, d"
    )
    locked_params = [attempt.pk, AttemptStatus.CREATED, DonationStatus.PENDING]
    paid = (
        f"UPDATE {sql.table(PaymentAttempt)} a SET status = %s, provider_reference = %s, card_last4 = %s,"  # noqa: S608
        " failure_message = '', updated_at = %s FROM locked WHERE a.id = locked.id"
    )
    paid_params = [AttemptStatus.SUCCEEDED, reference, card_last4, sql.db_value(PaymentAttempt, "updated_at", now)]
    counted, counted_params = donation_actions.record_success_ctes(
        donation=donation, books=books, fee=fee, after="locked"
    )
    found = sql.first(
        f"WITH locked AS ({locked}), paid AS ({paid}), {counted} SELECT entry.id FROM entry",  # noqa: S608
        [*locked_params, *paid_params, *counted_params],
    )
    if found is None:
        return False
    attempt.status, attempt.provider_reference, attempt.card_last4, attempt.updated_at = (
        AttemptStatus.SUCCEEDED,
        reference,
        card_last4,
        now,
    )
    tasks.queued()
    return True


def apply_result(*, attempt_id: int, result: ChargeResult, card_last4: str = "") -> PaymentAttempt:
    if result.outcome == ChargeOutcome.SUCCEEDED:
        assert result.fee is not None, "a succeeded charge reports its fee"
        return confirm_payment(attempt_id=attempt_id, reference=result.reference, fee=result.fee, card_last4=card_last4)
    if result.outcome == ChargeOutcome.PENDING:
        return mark_pending(attempt_id=attempt_id, reference=result.reference, card_last4=card_last4)
    return fail_payment(
        attempt_id=attempt_id, reference=result.reference, message=result.failure_message, card_last4=card_last4
    )


# Both rows locked by one statement (attempt joined to its donation), with what posting the gift
# needs: one round trip while the locks are held, a plain prepared query rather than an ORM join
# (every gift runs it). SQLite has no row locks: its writers take turns on the whole database.
_LOCKED_SQL = f"""
    SELECT {sql.selected(("a", PaymentAttempt), ("d", Donation), ("e", Entity), ("f", Fund))}
      FROM {sql.table(PaymentAttempt)} a
      JOIN {sql.table(Donation)} d ON d.id = a.donation_id
      JOIN {sql.table(Entity)} e ON e.id = d.entity_id
      JOIN {sql.table(Fund)} f ON f.id = d.fund_id
     WHERE a.id = %s
"""  # noqa: S608 (only table and column names are interpolated)


def _locked(attempt_id: int) -> tuple[PaymentAttempt, Donation]:
    lock = " FOR UPDATE OF a, d" if connection.features.has_select_for_update_of else ""
    row = sql.first(_LOCKED_SQL + lock, [attempt_id])
    if row is None:
        raise PaymentAttempt.DoesNotExist(f"no payment attempt {attempt_id}")
    attempt: PaymentAttempt
    donation: Donation
    attempt, donation, donation.entity, donation.fund = sql.instances(row, PaymentAttempt, Donation, Entity, Fund)
    attempt.donation = donation
    return attempt, donation


def _save(attempt: PaymentAttempt, *, status: str, reference: str, card_last4: str, message: str = "") -> None:
    attempt.status = status
    attempt.provider_reference = reference or attempt.provider_reference
    attempt.card_last4 = card_last4 or attempt.card_last4
    attempt.failure_message = message[:300]
    attempt.updated_at = timezone.now()
    sql.save_fields(attempt, ["status", "provider_reference", "card_last4", "failure_message", "updated_at"])


@transaction.atomic
def confirm_payment(*, attempt_id: int, reference: str, fee: Money, card_last4: str = "") -> PaymentAttempt:
    attempt, donation = _locked(attempt_id)
    if attempt.status == AttemptStatus.SUCCEEDED:
        return attempt
    if not attempt.can_move_to(AttemptStatus.SUCCEEDED):
        raise PaymentError(f"attempt {attempt.pk} is {attempt.status} and cannot succeed")
    if donation.status == DonationStatus.SUCCEEDED:
        raise PaymentError(f"donation {donation.pk} was already paid by another attempt")
    _save(attempt, status=AttemptStatus.SUCCEEDED, reference=reference, card_last4=card_last4)
    donation_actions.record_success(donation=donation, fee=fee)
    return attempt


@transaction.atomic
def mark_pending(*, attempt_id: int, reference: str, card_last4: str = "") -> PaymentAttempt:
    attempt, _donation = _locked(attempt_id)
    if attempt.status == AttemptStatus.PENDING or attempt.is_final:
        return attempt
    _save(attempt, status=AttemptStatus.PENDING, reference=reference, card_last4=card_last4)
    return attempt


@transaction.atomic
def fail_payment(*, attempt_id: int, reference: str, message: str, card_last4: str = "") -> PaymentAttempt:
    attempt, donation = _locked(attempt_id)
    if attempt.is_final:
        return attempt
    _save(attempt, status=AttemptStatus.FAILED, reference=reference, card_last4=card_last4, message=message)
    donation_actions.record_failure(donation=donation)
    return attempt
