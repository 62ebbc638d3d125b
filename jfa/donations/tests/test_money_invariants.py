"""Random sequences of giving, refunding, disputing and replaying: the books must always add up.

Driven through the same actions as the site (start_donation, charge_attempt, confirm_payment,
return_gift), so this checks the whole chain: totals, ledger, routing and the 100% rule.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from jfa.accounts.models import User
from jfa.campaigns.models import Campaign
from jfa.core.money import Money
from jfa.core.testing import give, make_page
from jfa.donations.actions import DonationError, return_gift
from jfa.donations.checks import compare_totals_with_ledger
from jfa.donations.models import Donation, DonationStatus
from jfa.ledger.gifts import setup_books
from jfa.ledger.models import AccountRole, JournalEntry, Posting
from jfa.ledger.queries import trial_balance
from jfa.ledger.verify import verify_ledger
from jfa.partners.models import Partner
from jfa.payments.actions import confirm_payment

pytestmark = pytest.mark.django_db


class GivingMachine(RuleBasedStateMachine):
    @initialize()
    def campaign_with_a_us_and_a_canadian_page(self) -> None:
        # Each example starts from empty tables (the test's transaction is rolled back per example).
        Partner.objects.get_or_create(slug="ijm-canada", defaults={"name": "IJM Canada", "country": "CA"})
        setup_books()
        self.campaign, _ = Campaign.objects.get_or_create(
            slug="machine",
            defaults=dict(
                name="Machine",
                year=2026,
                registration_opens_on=datetime.date(2026, 10, 1),
                starts_on=datetime.date(2026, 12, 1),
                ends_on=datetime.date(2026, 12, 31),
                goal_minor=1_000_000,
            ),
        )
        self.pages = {}
        for country, email in [("US", "us@example.org"), ("CA", "ca@example.org")]:
            owner, _ = User.objects.get_or_create(email=email, defaults={"display_name": country})
            existing = self.campaign.pages.filter(owner=owner).first()
            self.pages[country] = existing or make_page(self.campaign, owner, country=country)
        self.gifts: list[int] = []
        self.keys: list[str] = []

    @rule(
        country=st.sampled_from(["US", "CA"]),
        amount=st.integers(min_value=100, max_value=500_000),
        cover_fee=st.booleans(),
        card=st.sampled_from(["4242424242424242", "4242424242424242", "4000000000000002", "4000000000003220"]),
    )
    def give(self, country: str, amount: int, cover_fee: bool, card: str) -> None:
        key = uuid.uuid4().hex
        donation = give(page=self.pages[country], amount_minor=amount, cover_fee=cover_fee, card=card, key=key)
        self.gifts.append(donation.pk)
        self.keys.append(key)

    @precondition(lambda self: self.keys)
    @rule(data=st.data())
    def replay_a_submitted_form(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(min_value=0, max_value=len(self.keys) - 1))
        donation = Donation.objects.get(pk=self.gifts[index])
        give(page=donation.page, amount_minor=donation.amount_minor, key=self.keys[index])

    @precondition(lambda self: self.gifts)
    @rule(data=st.data())
    def approve_or_replay_a_confirmation(self, data: st.DataObject) -> None:
        donation = Donation.objects.get(pk=data.draw(st.sampled_from(self.gifts)))
        attempt = donation.attempts.get()
        if attempt.status in ("pending", "succeeded"):
            provider_fee = Money((attempt.amount_minor * 29 + 500) // 1000 + 30, attempt.currency)
            confirm_payment(attempt_id=attempt.pk, reference=attempt.provider_reference, fee=provider_fee)

    @precondition(lambda self: self.gifts)
    @rule(data=st.data(), kind=st.sampled_from(["refund", "dispute"]), part=st.integers(min_value=1, max_value=100))
    def return_part_of_a_gift(self, data: st.DataObject, kind: str, part: int) -> None:
        donation = Donation.objects.get(pk=data.draw(st.sampled_from(self.gifts)))
        left = donation.amount - donation.refunded
        amount = Money(max(1, left.minor * part // 100), donation.currency)
        try:
            return_gift(donation=donation, amount=amount, kind=kind, reason="machine", idempotency_key=uuid.uuid4().hex)
        except DonationError:
            # Only unpaid gifts or fully returned ones are refused; nothing may have changed.
            assert donation.status != DonationStatus.SUCCEEDED or left.minor == 0

    @invariant()
    def every_entry_balances_per_currency(self) -> None:
        unbalanced = (
            Posting.objects.values("entry_id", "currency")
            .annotate(debits=Sum("debit_minor"), credits=Sum("credit_minor"))
            .exclude(debits=models_F("credits"))
        )
        assert not unbalanced.exists()

    @invariant()
    def trial_balance_is_zero_per_currency(self) -> None:
        assert all(tb.is_balanced for tb in trial_balance().values())

    @invariant()
    def restricted_funds_hold_exactly_the_net_gifts(self) -> None:
        for currency in ("USD", "CAD"):
            gifts = Donation.objects.filter(currency=currency, status__in=["succeeded", "refunded"])
            gross = sum(gifts.values_list("amount_minor", flat=True))
            returned = sum(r.amount_minor for d in gifts for r in d.refunds.all())
            restricted = Posting.objects.filter(account__role=AccountRole.RESTRICTED_GIFTS, currency=currency)
            sums = restricted.aggregate(c=Sum("credit_minor"), d=Sum("debit_minor"))
            assert int(sums["c"] or 0) - int(sums["d"] or 0) == gross - returned

    @invariant()
    def page_totals_equal_the_ledger(self) -> None:
        assert compare_totals_with_ledger() == []

    @invariant()
    def one_entry_per_paid_gift(self) -> None:
        paid = Donation.objects.filter(status__in=["succeeded", "refunded"]).count()
        assert JournalEntry.objects.filter(source_type="donation").count() == paid


def models_F(name: str):  # noqa: N802 — reads like the Django expression it returns
    from django.db.models import F

    return F(name)


def test_the_books_add_up_after_any_sequence_of_gifts_refunds_disputes_and_replays(db):
    # One database transaction for the whole run: rows from earlier examples stay, which the
    # invariants (all global) must survive too.
    run_state_machine_as_test(
        GivingMachine,
        settings=settings(
            max_examples=30, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )


def test_the_chain_verifies_after_a_random_campaign(campaign, alice_page, bob_page):
    for n in range(12):
        give(page=alice_page if n % 2 else bob_page, amount_minor=1_000 + n, cover_fee=bool(n % 3))
    gift = Donation.objects.filter(status="succeeded").first()
    return_gift(donation=gift, amount=Money(500, gift.currency), kind="refund", reason="x", idempotency_key="v")
    assert verify_ledger().ok
