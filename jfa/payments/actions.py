"""Moving a payment attempt through created → pending → succeeded | failed.

The provider is called outside any transaction (it may wait on the network); what it answered is
then applied under row locks. Applying the same answer twice is harmless: a finished attempt
returns early, so a gift counts exactly once however often a result or webhook arrives.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jfa.core.money import Money
from jfa.donations import actions as donation_actions
from jfa.donations.models import Donation, DonationStatus

from .models import AttemptStatus, PaymentAttempt
from .providers.base import CardDetails, ChargeOutcome, ChargeResult
from .registry import get_provider


class PaymentError(RuntimeError):
    pass


def charge_attempt(*, attempt: PaymentAttempt, card: CardDetails | None) -> PaymentAttempt:
    """Ask the attempt's provider to collect it, then record the answer."""
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
    return apply_result(attempt_id=attempt.pk, result=result, card_last4=card.last4 if card else "")


def apply_result(*, attempt_id: int, result: ChargeResult, card_last4: str = "") -> PaymentAttempt:
    if result.outcome == ChargeOutcome.SUCCEEDED:
        assert result.fee is not None, "a succeeded charge reports its fee"
        return confirm_payment(attempt_id=attempt_id, reference=result.reference, fee=result.fee, card_last4=card_last4)
    if result.outcome == ChargeOutcome.PENDING:
        return mark_pending(attempt_id=attempt_id, reference=result.reference, card_last4=card_last4)
    return fail_payment(
        attempt_id=attempt_id, reference=result.reference, message=result.failure_message, card_last4=card_last4
    )


def _locked(attempt_id: int) -> tuple[PaymentAttempt, Donation]:
    # Both rows locked by one statement (attempt joined to its donation), with what posting the
    # gift needs: fewer round trips while the locks are held.
    attempt = (
        PaymentAttempt.objects.select_for_update(of=("self", "donation"))
        .select_related("donation", "donation__entity", "donation__fund")
        .get(pk=attempt_id)
    )
    return attempt, attempt.donation


def _save(attempt: PaymentAttempt, *, status: str, reference: str, card_last4: str, message: str = "") -> None:
    attempt.status = status
    attempt.provider_reference = reference or attempt.provider_reference
    attempt.card_last4 = card_last4 or attempt.card_last4
    attempt.failure_message = message[:300]
    attempt.updated_at = timezone.now()
    attempt.save(update_fields=["status", "provider_reference", "card_last4", "failure_message", "updated_at"])


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
