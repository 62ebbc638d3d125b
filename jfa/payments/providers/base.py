"""The contract every payment provider keeps.

A provider talks to the outside world and nothing else: it never writes to our database and never
decides what a gift is worth. The payment actions call it outside any database transaction, then
record what it said under row locks (see ``jfa.payments.actions``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from jfa.core.money import Money


class ChargeOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    PENDING = "pending"  # the donor or the bank still has to act (e.g. card authentication)
    FAILED = "failed"


@dataclass(frozen=True)
class CardDetails:
    """Card data typed on our own form. Only the sandbox takes these; it is never stored."""

    number: str
    expiry: str
    cvc: str

    @property
    def last4(self) -> str:
        return self.number[-4:]


@dataclass(frozen=True)
class ChargeResult:
    outcome: ChargeOutcome
    reference: str
    fee: Money | None = None
    failure_message: str = ""


class PaymentProvider(ABC):
    code: ClassVar[str]
    name: ClassVar[str]
    # True when the card is typed into our form (sandbox); a hosted provider collects it itself.
    collects_card_on_form: ClassVar[bool] = False

    @abstractmethod
    def fee_for(self, charged: Money) -> Money:
        """The processing fee the provider keeps when ``charged`` is collected. Pure arithmetic."""

    def gross_up(self, amount: Money) -> Money:
        """The smallest charge whose net after fees is at least ``amount``.

        Used when a donor covers the fee: the processor's net then settles ``amount`` whole, and the
        operating fund pays no fee for this gift.
        """
        charged = amount
        while (charged - self.fee_for(charged)) < amount:
            shortfall = amount - (charged - self.fee_for(charged))
            charged = charged + Money(max(1, shortfall.minor), amount.currency)
        return charged

    @abstractmethod
    def charge(self, *, reference: str, amount: Money, card: CardDetails | None, idempotency_key: str) -> ChargeResult:
        """Ask the provider to collect ``amount``. May block on the network; must not touch the database.

        ``idempotency_key`` is derived from our attempt row, so a retried call charges at most once.
        """
