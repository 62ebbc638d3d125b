"""Random sequences of gifts, refunds, disputes and replays; the books' invariants after every step."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from jfa.core.money import Money
from jfa.ledger.actions import LedgerError
from jfa.ledger.gifts import FeeRefundPolicy, gift_position, ledger_total_for, post_gift, post_refund, setup_books
from jfa.ledger.models import Account, AccountRole, FundKind, JournalEntry, Posting
from jfa.ledger.queries import trial_balance

from .helpers import DECEMBER_3

PAGES = (1, 2, 3)


class LedgerMachine(RuleBasedStateMachine):
    """A model of what the restricted funds must hold, checked against the books.

    Each run starts from the same books inside a savepoint and rolls back at the end, so runs do
    not see each other's entries.
    """

    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.books = setup_books()
        self.next_donation = 1
        # donation id -> (currency, amount, page, covered, fee) as given
        self.gifts: dict[int, tuple[str, int, int, int, int]] = {}
        self.refunded: dict[int, int] = {}
        self.refunds: list[tuple[int, str, str, int]] = []
        self.expected_restricted: dict[str, int] = {"USD": 0, "CAD": 0}
        self.expected_page: dict[tuple[int, str], int] = {}

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)

    @initialize()
    def start(self) -> None:
        assert JournalEntry.objects.count() == 0

    @rule(
        currency=st.sampled_from(["USD", "CAD"]),
        amount=st.integers(min_value=100, max_value=500_000),
        page=st.sampled_from(PAGES),
        cover_fee=st.booleans(),
        fee_percent=st.integers(min_value=0, max_value=5),
    )
    def give(self, currency: str, amount: int, page: int, cover_fee: bool, fee_percent: int) -> None:
        books = self.books["ijm-canada" if currency == "CAD" else "us-foundation"]
        fee = amount * fee_percent // 100 + (30 if fee_percent else 0)
        covered = fee if cover_fee else 0
        donation_id = self.next_donation
        self.next_donation += 1
        post_gift(
            donation_id=donation_id,
            entity=books.entity,
            fund=books.restricted_fund,
            amount=Money(amount, currency),
            fee=Money(fee, currency),
            fee_covered_by_donor=Money(covered, currency),
            page_id=page,
            team_id=None,
            campaign_id=1,
            occurred_at=DECEMBER_3,
        )
        self.gifts[donation_id] = (currency, amount, page, covered, fee)
        self.refunded[donation_id] = 0
        self.expected_restricted[currency] += amount
        self.expected_page[(page, currency)] = self.expected_page.get((page, currency), 0) + amount

    @precondition(lambda self: self.gifts)
    @rule(data=st.data())
    def replay_a_gift(self, data) -> None:
        donation_id = data.draw(st.sampled_from(sorted(self.gifts)))
        currency, amount, page, covered, fee = self.gifts[donation_id]
        books = self.books["ijm-canada" if currency == "CAD" else "us-foundation"]
        count = JournalEntry.objects.count()
        post_gift(
            donation_id=donation_id,
            entity=books.entity,
            fund=books.restricted_fund,
            amount=Money(amount, currency),
            fee=Money(fee, currency),
            fee_covered_by_donor=Money(covered, currency),
            page_id=page,
            team_id=None,
            campaign_id=1,
            occurred_at=DECEMBER_3,
        )
        assert JournalEntry.objects.count() == count

    @precondition(lambda self: self.gifts)
    @rule(
        data=st.data(),
        kind=st.sampled_from(["refund", "dispute"]),
        share=st.integers(min_value=1, max_value=100),
        policy=st.sampled_from(list(FeeRefundPolicy)),
        dispute_fee=st.integers(min_value=0, max_value=2000),
    )
    def refund(self, data, kind: str, share: int, policy: str, dispute_fee: int) -> None:
        donation_id = data.draw(st.sampled_from(sorted(self.gifts)))
        currency, amount, page, _covered, _fee = self.gifts[donation_id]
        left = amount - self.refunded[donation_id]
        requested = max(amount * share // 100, 1)
        refund_id = f"r{len(self.refunds)}"
        arguments = {
            "donation_id": donation_id,
            "refund_id": refund_id,
            "kind": kind,
            "amount": Money(requested, currency),
            "occurred_at": DECEMBER_3,
            "fee_refund_policy": policy,
            "processor_fee": Money(dispute_fee, currency) if kind == "dispute" else None,
        }
        if requested > left:
            count = Posting.objects.count()
            with pytest.raises(LedgerError):
                post_refund(**arguments)
            assert Posting.objects.count() == count
            return
        post_refund(**arguments)
        self.refunds.append((donation_id, refund_id, kind, requested))
        self.refunded[donation_id] += requested
        self.expected_restricted[currency] -= requested
        self.expected_page[(page, currency)] -= requested
        position = gift_position(donation_id)
        assert position.fee_covered_refunded.minor <= position.fee_covered.minor

    @precondition(lambda self: self.refunds)
    @rule(data=st.data())
    def replay_a_refund(self, data) -> None:
        donation_id, refund_id, kind, requested = data.draw(st.sampled_from(self.refunds))
        currency = self.gifts[donation_id][0]
        count = JournalEntry.objects.count()
        post_refund(
            donation_id=donation_id,
            refund_id=refund_id,
            kind=kind,
            amount=Money(requested, currency),
            occurred_at=DECEMBER_3,
        )
        assert JournalEntry.objects.count() == count

    @invariant()
    def every_entry_balances(self) -> None:
        per_entry: dict[int, int] = {}
        for entry_id, debit, credit in Posting.objects.values_list("entry_id", "debit_minor", "credit_minor"):
            assert (debit > 0) != (credit > 0)
            per_entry[entry_id] = per_entry.get(entry_id, 0) + debit - credit
        assert all(total == 0 for total in per_entry.values())

    @invariant()
    def trial_balance_is_level_in_every_currency(self) -> None:
        for books in trial_balance().values():
            assert books.total_debits == books.total_credits

    @invariant()
    def restricted_funds_hold_exactly_the_net_gifts(self) -> None:
        held: dict[str, int] = {"USD": 0, "CAD": 0}
        for account in Account.objects.filter(fund__kind=FundKind.RESTRICTED, role=AccountRole.RESTRICTED_GIFTS):
            held[account.currency] += account.balance_minor
        assert held == self.expected_restricted

    @invariant()
    def page_totals_equal_the_ledger(self) -> None:
        for page in PAGES:
            expected = {currency: total for (p, currency), total in self.expected_page.items() if p == page and total}
            actual = {currency: total for currency, total in ledger_total_for("page", page).items() if total}
            assert actual == expected


@pytest.mark.django_db
def test_random_ledger_operations_keep_the_books_true(immediate_constraints):
    LedgerMachine.TestCase.settings = settings(
        max_examples=30,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    LedgerMachine.TestCase().runTest()
