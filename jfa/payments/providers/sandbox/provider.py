"""The built-in sandbox provider: behaves like a card processor, moves no real money.

Test cards (documented on the donation form):
  4242 4242 4242 4242  succeeds at once
  4000 0000 0000 0002  is declined
  4000 0000 0000 3220  needs authentication: stays pending until the donor approves it
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from jfa.core.money import Money

from ..base import CardDetails, ChargeOutcome, ChargeResult, PaymentProvider

CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_NEEDS_AUTH = "4000000000003220"

# Fee schedule modelled on common card pricing: 2.9% plus 30 minor units, rounded half up.
FEE_PER_MILLE = 29
FEE_FIXED_MINOR = 30


class SandboxProvider(PaymentProvider):
    code = "sandbox"
    name = "Sandbox (test cards)"
    collects_card_on_form = True

    def fee_for(self, charged: Money) -> Money:
        percent_part = (charged.minor * FEE_PER_MILLE + 500) // 1000
        return Money(percent_part + FEE_FIXED_MINOR, charged.currency)

    def charge(self, *, reference: str, amount: Money, card: CardDetails | None, idempotency_key: str) -> ChargeResult:
        number = card.number if card else ""
        if number == CARD_SUCCEEDS:
            return ChargeResult(ChargeOutcome.SUCCEEDED, reference, fee=self.fee_for(amount))
        if number == CARD_NEEDS_AUTH:
            return ChargeResult(ChargeOutcome.PENDING, reference)
        if number == CARD_DECLINED:
            return ChargeResult(
                ChargeOutcome.FAILED, reference, failure_message=gettext_noop("Your card was declined.")
            )
        return ChargeResult(
            ChargeOutcome.FAILED,
            reference,
            failure_message=gettext_noop("This test card is not recognised by the sandbox."),
        )
