"""verify_ledger passes on honest books and names the first entry changed behind its back."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jfa.ledger.gifts import post_gift, post_refund
from jfa.ledger.models import AccountRole, JournalEntry
from jfa.ledger.verify import verify_ledger

from .helpers import DECEMBER_3, cad, next_id, usd

APPEND_ONLY = ("ledger_journalentry", "ledger_posting")


def tamper(sql: str, params: list | None = None) -> None:
    """Change the books directly, as an intruder with database access would.

    The append-only triggers are switched off inside the test's transaction (rolled back after).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in APPEND_ONLY:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for table in APPEND_ONLY:
                for op in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            for table in APPEND_ONLY:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


@pytest.fixture
def five_entries(us, ca):
    """#1 US gift, #2 Canadian gift, #3 US gift with covered fee, #4 refund of #3, #5 US gift."""
    gifts = []
    for books, amount, fee, covered in [
        (us, usd(100), usd("3.20"), usd(0)),
        (ca, cad(75), cad("2.48"), cad(0)),
        (us, usd(50), usd("1.80"), usd("1.80")),
    ]:
        donation_id = next_id()
        gifts.append(donation_id)
        post_gift(
            donation_id=donation_id,
            entity=books.entity,
            fund=books.restricted_fund,
            amount=amount,
            fee=fee,
            fee_covered_by_donor=covered,
            page_id=5,
            team_id=None,
            campaign_id=1,
            occurred_at=DECEMBER_3,
        )
    post_refund(donation_id=gifts[2], refund_id="r", kind="refund", amount=usd(20), occurred_at=DECEMBER_3)
    post_gift(
        donation_id=next_id(),
        entity=us.entity,
        fund=us.restricted_fund,
        amount=usd(10),
        fee=usd("0.59"),
        fee_covered_by_donor=usd(0),
        page_id=None,
        team_id=9,
        campaign_id=1,
        occurred_at=DECEMBER_3,
    )
    return {entry.sequence: entry for entry in JournalEntry.objects.all()}


def test_an_empty_ledger_verifies(db):
    result = verify_ledger()
    assert result.ok
    assert result.entries == 0


def test_honest_books_verify(five_entries):
    result = verify_ledger()

    assert result.ok, result.problem
    assert result.entries == 5


def test_the_command_reports_success(five_entries, capsys):
    call_command("verify_ledger")
    assert "Ledger OK: 5 entries verified" in capsys.readouterr().out


def test_a_changed_amount_is_found_and_the_entry_named(five_entries):
    entry = five_entries[3]
    tamper("UPDATE ledger_posting SET credit_minor = credit_minor - 100 WHERE entry_id = %s AND line = 1", [entry.pk])

    result = verify_ledger()

    assert not result.ok
    assert result.bad_sequence == 3
    assert "entry #3" in result.problem
    with pytest.raises(CommandError, match="first bad entry #3"):
        call_command("verify_ledger")


def test_a_balanced_rewrite_of_both_legs_is_still_found(five_entries):
    # Both legs moved by the same amount: the entry still balances, but the hash knows.
    entry = five_entries[2]
    tamper(
        "UPDATE ledger_posting SET debit_minor = debit_minor + 500 WHERE entry_id = %s AND line = 0",
        [entry.pk],
    )
    tamper(
        "UPDATE ledger_posting SET credit_minor = credit_minor + 500 WHERE entry_id = %s AND line = 1",
        [entry.pk],
    )

    result = verify_ledger()

    assert result.bad_sequence == 2
    assert "does not match its hash" in result.problem


def test_a_changed_description_is_found(five_entries):
    tamper("UPDATE ledger_journalentry SET description = 'Gift to somewhere else' WHERE sequence = 4")

    result = verify_ledger()

    assert (result.bad_sequence, result.ok) == (4, False)


def test_a_posting_moved_to_another_account_is_found(five_entries, us):
    entry = five_entries[5]
    other = us.accounts[AccountRole.OPERATING_GIFTS]
    tamper("UPDATE ledger_posting SET account_id = %s WHERE entry_id = %s AND line = 1", [other.pk, entry.pk])

    assert verify_ledger().bad_sequence == 5


def test_a_deleted_entry_breaks_the_chain_where_it_was(five_entries):
    entry = five_entries[2]
    tamper("DELETE FROM ledger_posting WHERE entry_id = %s", [entry.pk])
    tamper("DELETE FROM ledger_journalentry WHERE id = %s", [entry.pk])

    result = verify_ledger()

    assert result.bad_sequence == 2
    assert "missing" in result.problem


def test_a_deleted_last_entry_is_found_from_the_chain_head(five_entries):
    entry = five_entries[5]
    tamper("DELETE FROM ledger_posting WHERE entry_id = %s", [entry.pk])
    tamper("DELETE FROM ledger_journalentry WHERE id = %s", [entry.pk])

    result = verify_ledger()

    assert not result.ok
    assert result.bad_sequence == 5


def test_a_rewritten_running_balance_is_found(five_entries):
    entry = five_entries[3]
    tamper("UPDATE ledger_posting SET balance_after_minor = 1 WHERE entry_id = %s AND line = 0", [entry.pk])

    result = verify_ledger()

    assert result.bad_sequence == 3
    assert "running balance" in result.problem


def test_a_rewritten_account_balance_is_found(five_entries, us):
    # Accounts are not append-only (their running balance moves), so no trigger stands in the way.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_account SET balance_minor = balance_minor + 1 WHERE id = %s",
            [us.accounts[AccountRole.RESTRICTED_GIFTS].pk],
        )

    result = verify_ledger()

    assert not result.ok
    assert "restricted_gifts" in result.problem


def test_a_balance_on_an_account_without_postings_is_found(five_entries, us):
    idle = us.accounts[AccountRole.OPERATING_CASH]
    assert not idle.postings.exists()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_account SET balance_minor = 500 WHERE id = %s", [idle.pk])

    result = verify_ledger()

    assert not result.ok
    assert idle.code in result.problem


@pytest.fixture
def committed_gifts(transactional_db):
    """Nine committed gifts, so that verification can split the chain over connections."""
    from jfa.ledger.gifts import setup_books

    books = setup_books()["us-foundation"]
    for _ in range(9):
        post_gift(
            donation_id=next_id(),
            entity=books.entity,
            fund=books.restricted_fund,
            amount=usd(25),
            fee=usd("1.03"),
            fee_covered_by_donor=usd(0),
            page_id=5,
            team_id=None,
            campaign_id=1,
            occurred_at=DECEMBER_3,
        )
    return {entry.sequence: entry for entry in JournalEntry.objects.all()}


def tamper_committed(sql: str, params: list) -> None:
    """``tamper`` in its own transaction, so other connections see the change."""
    from django.db import transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            # Checked at once, so no deferred check is pending when tamper() alters the tables.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tamper(sql, params)


@pytest.mark.postgresql  # ranges on connections of their own: PostgreSQL's way
@pytest.mark.parametrize("workers", [1, 2, 3, 4])
def test_the_chain_checked_in_ranges_on_several_connections_verifies_honest_books(committed_gifts, workers):
    result = verify_ledger(workers=workers)
    assert (result.ok, result.entries) == (True, 9), result.problem


@pytest.mark.postgresql
@pytest.mark.parametrize("workers", [2, 3])
def test_a_change_in_a_later_range_is_found_and_named(committed_gifts, workers):
    entry = committed_gifts[8]
    tamper_committed("UPDATE ledger_journalentry SET description = 'elsewhere' WHERE id = %s", [entry.pk])

    result = verify_ledger(workers=workers)

    assert (result.bad_sequence, result.entries) == (8, 7)
    assert "does not match its hash" in result.problem


@pytest.mark.postgresql
def test_an_entry_unlinked_at_the_seam_between_ranges_is_found(committed_gifts):
    # Three ranges of three entries: #4 opens the second range and must link to #3, the last
    # entry of the first, which its range's query never reads.
    entry = committed_gifts[4]
    tamper_committed("UPDATE ledger_journalentry SET prev_hash = %s WHERE id = %s", ["f" * 64, entry.pk])

    result = verify_ledger(workers=3)

    assert result.bad_sequence == 4
    assert "does not link" in result.problem


@pytest.mark.postgresql
def test_an_entry_missing_at_the_seam_between_ranges_is_found(committed_gifts):
    entry = committed_gifts[4]
    tamper_committed("DELETE FROM ledger_posting WHERE entry_id = %s", [entry.pk])
    tamper_committed("DELETE FROM ledger_journalentry WHERE id = %s", [entry.pk])

    result = verify_ledger(workers=3)

    assert result.bad_sequence == 4
    assert "missing" in result.problem


def test_the_command_refuses_a_number_of_workers_below_one(db):
    with pytest.raises(CommandError, match="--workers must be 1 or more"):
        call_command("verify_ledger", "--workers", "0")
