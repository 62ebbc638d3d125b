"""Worked examples: gifts, fees, refunds and disputes, each ending with books that balance."""

from __future__ import annotations

import pytest

from jfa.core.money import Money
from jfa.ledger.actions import LedgerError
from jfa.ledger.gifts import (
    FeeRefundPolicy,
    gift_position,
    ledger_total_for,
    post_gift,
    post_refund,
    setup_books,
)
from jfa.ledger.models import Account, AccountRole, Entity, Fund, JournalEntry, RoutingRule

from .helpers import DECEMBER_3, assert_books_balance, balance, books_snapshot, cad, next_id, postings_of, usd

CLEARING = AccountRole.PROCESSOR_CLEARING
RESTRICTED = AccountRole.RESTRICTED_GIFTS
COVERED = AccountRole.DONOR_COVERED_FEES
FEES = AccountRole.PROCESSOR_FEES


def give(books, amount: Money, *, fee: Money, covered: Money | None = None, donation_id=None, page_id=None, **kw):
    return post_gift(
        donation_id=donation_id or next_id(),
        entity=books.entity,
        fund=books.restricted_fund,
        amount=amount,
        fee=fee,
        fee_covered_by_donor=covered or Money.zero(amount.currency),
        page_id=page_id,
        team_id=kw.get("team_id"),
        campaign_id=kw.get("campaign_id", 1),
        occurred_at=DECEMBER_3,
    )


def test_setup_books_is_idempotent_and_builds_two_entities(books):
    again = setup_books()
    assert set(again) == {"us-foundation", "ijm-canada"}
    assert Entity.objects.count() == 2
    assert Fund.objects.count() == 4
    assert Account.objects.count() == 12  # six accounts per entity
    assert RoutingRule.objects.count() == 2
    assert again["ijm-canada"].restricted_fund.partner.slug == "ijm-canada"
    assert again["us-foundation"].restricted_fund.partner is None  # the pool is shared by US partners
    assert {account.currency for account in again["ijm-canada"].accounts.values()} == {"CAD"}


def test_a_us_gift_credits_the_global_grant_pool_with_the_whole_gift(us):
    # Ana gives US$100 to a page in Ohio. The processor keeps US$3.20; she did not cover it.
    entry = give(us, usd(100), fee=usd("3.20"))

    assert postings_of(entry) == [
        (CLEARING, "Dr", 10000),
        (RESTRICTED, "Cr", 10000),
        (FEES, "Dr", 320),
        (CLEARING, "Cr", 320),
    ]
    assert balance(us, RESTRICTED) == 10000  # the grant pool gets all of it
    assert balance(us, CLEARING) == 9680  # what the processor will pay out
    assert balance(us, FEES) == 320  # an operating-fund expense
    assert_books_balance()


def test_a_canadian_gift_goes_to_ijm_canada_in_canadian_dollars(ca, us):
    # Ben gives CA$75 to a page in Toronto; the fee is CA$2.48.
    entry = give(ca, cad(75), fee=cad("2.48"))

    assert postings_of(entry) == [
        (CLEARING, "Dr", 7500),
        (RESTRICTED, "Cr", 7500),
        (FEES, "Dr", 248),
        (CLEARING, "Cr", 248),
    ]
    assert {posting.currency for posting in entry.postings.all()} == {"CAD"}
    assert balance(ca, RESTRICTED) == 7500
    assert balance(us, RESTRICTED) == 0
    assert_books_balance()


def test_a_donor_covered_fee_pays_the_processor_and_the_gift_arrives_whole(us):
    # Chloé gives US$50 and ticks "cover the fee": she pays US$51.80, the processor keeps US$1.80.
    entry = give(us, usd(50), fee=usd("1.80"), covered=usd("1.80"))

    assert postings_of(entry) == [
        (CLEARING, "Dr", 5180),
        (RESTRICTED, "Cr", 5000),
        (COVERED, "Cr", 180),
        (FEES, "Dr", 180),
        (CLEARING, "Cr", 180),
    ]
    assert balance(us, RESTRICTED) == 5000
    # The operating fund is untouched: the donor's extra paid the fee.
    assert balance(us, COVERED) - balance(us, FEES) == 0
    assert balance(us, CLEARING) == 5000
    assert_books_balance()


def test_a_fee_the_donor_did_not_cover_is_paid_by_the_operating_fund_never_the_gift(us):
    give(us, usd(20), fee=usd("0.88"))
    give(us, usd(30), fee=usd("1.17"))

    assert balance(us, RESTRICTED) == 5000
    assert balance(us, COVERED) - balance(us, FEES) == -205  # the operating fund's cost
    assert_books_balance()


def test_a_partial_refund_lowers_the_restricted_fund_and_returns_the_covered_fee_pro_rata(us):
    # Dan gives US$100 and covers the US$3.20 fee; staff refund US$40 of it.
    donation_id = next_id()
    gift = give(us, usd(100), fee=usd("3.20"), covered=usd("3.20"), donation_id=donation_id, page_id=7)

    refund = post_refund(donation_id=donation_id, refund_id="r1", kind="refund", amount=usd(40), occurred_at=DECEMBER_3)

    assert refund.reverses_id == gift.pk
    assert refund.page_id == 7
    assert postings_of(refund) == [
        (RESTRICTED, "Dr", 4000),
        (COVERED, "Dr", 128),  # 40% of the covered fee goes back to Dan
        (CLEARING, "Cr", 4128),
    ]
    assert balance(us, RESTRICTED) == 6000
    # The processor kept its US$3.20; the operating fund now bears 40% of it.
    assert balance(us, COVERED) - balance(us, FEES) == -128
    assert ledger_total_for("page", 7) == {"USD": 6000}

    # The rest is refunded later: exactly the whole covered fee has then gone back.
    post_refund(donation_id=donation_id, refund_id="r2", kind="refund", amount=usd(60), occurred_at=DECEMBER_3)
    position = gift_position(donation_id)
    assert position.refunded == usd(100)
    assert position.fee_covered_refunded == usd("3.20")
    assert balance(us, RESTRICTED) == 0
    assert_books_balance()


def test_a_refund_can_keep_the_donor_covered_fee_when_policy_says_so(us):
    donation_id = next_id()
    give(us, usd(100), fee=usd("3.20"), covered=usd("3.20"), donation_id=donation_id)

    refund = post_refund(
        donation_id=donation_id,
        refund_id="r1",
        kind="refund",
        amount=usd(100),
        occurred_at=DECEMBER_3,
        fee_refund_policy=FeeRefundPolicy.KEEP,
    )

    assert postings_of(refund) == [(RESTRICTED, "Dr", 10000), (CLEARING, "Cr", 10000)]
    assert balance(us, COVERED) - balance(us, FEES) == 0
    assert_books_balance()


def test_a_dispute_reverses_the_gift_and_the_dispute_fee_falls_on_the_operating_fund(us):
    # Eve's bank disputes her US$100 gift; the processor takes the money back and a US$15 fee.
    donation_id = next_id()
    gift = give(us, usd(100), fee=usd("3.20"), donation_id=donation_id)

    dispute = post_refund(
        donation_id=donation_id,
        refund_id="dp_1",
        kind="dispute",
        amount=usd(100),
        occurred_at=DECEMBER_3,
        processor_fee=usd(15),
    )

    assert dispute.kind == "dispute"
    assert dispute.reverses_id == gift.pk
    assert postings_of(dispute) == [
        (RESTRICTED, "Dr", 10000),
        (CLEARING, "Cr", 10000),
        (FEES, "Dr", 1500),
        (CLEARING, "Cr", 1500),
    ]
    assert balance(us, RESTRICTED) == 0
    assert balance(us, FEES) == 1820
    assert balance(us, CLEARING) == -1820  # owed to the processor, paid from operating money
    assert_books_balance()


def test_refunds_cannot_exceed_what_is_left_of_the_gift(us):
    donation_id = next_id()
    give(us, usd(100), fee=usd("3.20"), donation_id=donation_id)
    post_refund(donation_id=donation_id, refund_id="r1", kind="refund", amount=usd(70), occurred_at=DECEMBER_3)
    before = books_snapshot()

    with pytest.raises(LedgerError, match="can refund between"):
        post_refund(donation_id=donation_id, refund_id="r2", kind="refund", amount=usd(31), occurred_at=DECEMBER_3)
    with pytest.raises(LedgerError):
        post_refund(donation_id=donation_id, refund_id="r3", kind="refund", amount=usd(0), occurred_at=DECEMBER_3)
    with pytest.raises(LedgerError):
        post_refund(donation_id=donation_id, refund_id="r4", kind="refund", amount=cad(1), occurred_at=DECEMBER_3)
    with pytest.raises(LedgerError, match="not in the books"):
        post_refund(donation_id=next_id(), refund_id="r5", kind="refund", amount=usd(1), occurred_at=DECEMBER_3)
    assert books_snapshot() == before


def test_a_refund_of_a_canadian_gift_of_50_dollars_or_more_is_flagged_for_the_returned_gift_report(ca, us):
    big, small, american = next_id(), next_id(), next_id()
    give(ca, cad(50), fee=cad("1.75"), donation_id=big)
    give(ca, cad("49.99"), fee=cad("1.75"), donation_id=small)
    give(us, usd(500), fee=usd(15), donation_id=american)

    flagged = post_refund(donation_id=big, refund_id="a", kind="refund", amount=cad(10), occurred_at=DECEMBER_3)
    not_flagged = post_refund(donation_id=small, refund_id="b", kind="refund", amount=cad(10), occurred_at=DECEMBER_3)
    us_refund = post_refund(donation_id=american, refund_id="c", kind="dispute", amount=usd(5), occurred_at=DECEMBER_3)

    assert flagged.returned_gift_report is True
    assert not_flagged.returned_gift_report is False
    assert us_refund.returned_gift_report is False
    assert list(JournalEntry.objects.filter(returned_gift_report=True)) == [flagged]


def test_replaying_a_gift_posts_nothing_twice(us):
    donation_id = next_id()
    first = give(us, usd(25), fee=usd("1.03"), donation_id=donation_id)
    before = books_snapshot()

    again = give(us, usd(25), fee=usd("1.03"), donation_id=donation_id)

    assert again.pk == first.pk
    assert books_snapshot() == before


def test_the_same_donation_with_different_figures_is_refused(us):
    donation_id = next_id()
    give(us, usd(25), fee=usd("1.03"), donation_id=donation_id)
    before = books_snapshot()

    with pytest.raises(LedgerError, match="different figures"):
        give(us, usd(26), fee=usd("1.03"), donation_id=donation_id)
    assert books_snapshot() == before


def test_replaying_a_refund_posts_nothing_twice(us):
    donation_id = next_id()
    give(us, usd(25), fee=usd("1.03"), donation_id=donation_id)
    first = post_refund(donation_id=donation_id, refund_id="r1", kind="refund", amount=usd(5), occurred_at=DECEMBER_3)
    before = books_snapshot()

    again = post_refund(donation_id=donation_id, refund_id="r1", kind="refund", amount=usd(5), occurred_at=DECEMBER_3)

    assert again.pk == first.pk
    assert books_snapshot() == before


@pytest.mark.parametrize(
    "change",
    [
        {"amount": Money(0, "USD")},
        {"amount": Money(-100, "USD")},
        {"fee": Money(-1, "USD")},
        {"fee": Money(100, "CAD")},
        {"amount": Money(100, "CAD"), "fee": Money(1, "CAD")},  # CAD into the US foundation
        {"fee": Money(999_999, "USD")},  # more than the donor paid
    ],
)
def test_bad_gifts_are_refused_and_nothing_is_written(us, change):
    arguments = {"amount": usd(10), "fee": usd("0.59")} | change
    before = books_snapshot()

    with pytest.raises(LedgerError):
        give(us, arguments.pop("amount"), **arguments)
    assert books_snapshot() == before


def test_a_gift_cannot_go_to_an_operating_fund_or_another_entitys_fund(us, ca):
    with pytest.raises(LedgerError):
        post_gift(
            donation_id=next_id(),
            entity=us.entity,
            fund=us.operating_fund,
            amount=usd(10),
            fee=usd(0),
            fee_covered_by_donor=usd(0),
            page_id=None,
            team_id=None,
            occurred_at=DECEMBER_3,
        )
    with pytest.raises(LedgerError):
        post_gift(
            donation_id=next_id(),
            entity=us.entity,
            fund=ca.restricted_fund,
            amount=usd(10),
            fee=usd(0),
            fee_covered_by_donor=usd(0),
            page_id=None,
            team_id=None,
            occurred_at=DECEMBER_3,
        )


def test_ledger_totals_for_page_team_and_campaign_follow_gifts_and_refunds(us, ca):
    donation_id = next_id()
    give(us, usd(100), fee=usd(3), covered=usd(3), page_id=11, team_id=21, campaign_id=31, donation_id=donation_id)
    give(us, usd(50), fee=usd(2), page_id=12, team_id=21, campaign_id=31)
    give(ca, cad(40), fee=cad(1), page_id=13, team_id=21, campaign_id=31)
    give(us, usd(5), fee=usd(1), page_id=14, campaign_id=32)
    post_refund(donation_id=donation_id, refund_id="x", kind="refund", amount=usd(30), occurred_at=DECEMBER_3)

    assert ledger_total_for("page", 11) == {"USD": 7000}  # donor-covered fee not counted
    assert ledger_total_for("team", 21) == {"USD": 12000, "CAD": 4000}
    assert ledger_total_for("campaign", 31) == {"USD": 12000, "CAD": 4000}
    assert ledger_total_for("campaign", 99) == {}
    with pytest.raises(LedgerError):
        ledger_total_for("planet", 1)
