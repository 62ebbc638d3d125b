"""post_entry: what it writes, what it refuses, and what the database itself refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from jfa.core.money import Money
from jfa.ledger.actions import DuplicateEntry, LedgerError, Line, lock_books, post_entry, reverse_entry
from jfa.ledger.hashing import entry_hash, epoch_us, header_tail, postings_text
from jfa.ledger.models import Account, AccountRole, AccountType, ChainHead, EntryKind, JournalEntry, Posting
from jfa.ledger.queries import account_balance, statement, trial_balance

from .helpers import DECEMBER_3, assert_books_balance, books_snapshot, usd

CLEARING = AccountRole.PROCESSOR_CLEARING
RESTRICTED = AccountRole.RESTRICTED_GIFTS
FEES = AccountRole.PROCESSOR_FEES
# A raw posting in USD, written past post_entry: (entry_id, line, account_id, debit, credit).
RAW_POSTING = (
    "INSERT INTO ledger_posting (entry_id, line, account_id, debit_minor, credit_minor, currency,"
    " balance_after_minor) VALUES (%s, %s, %s, %s, %s, 'USD', 0)"
)


def simple_entry(us, key="k1", amount=2500):
    return post_entry(
        description="A gift",
        idempotency_key=key,
        lines=[
            Line(us.accounts[CLEARING], debit_minor=amount),
            Line(us.accounts[RESTRICTED], credit_minor=amount),
        ],
        occurred_at=DECEMBER_3,
    )


def test_an_entry_is_written_with_its_postings_running_balances_and_chain_link(us):
    first = simple_entry(us, "k1", 2500)
    second = simple_entry(us, "k2", 1000)

    assert (first.sequence, second.sequence) == (1, 2)
    assert second.prev_hash == first.hash
    assert JournalEntry.objects.get(pk=second.pk).hash == second.hash
    assert list(
        Posting.objects.filter(entry=second)
        .order_by("line")
        .values_list("debit_minor", "credit_minor", "balance_after_minor")
    ) == [(1000, 0, 3500), (0, 1000, 3500)]
    assert account_balance(us.accounts[CLEARING]) == usd(35)
    assert ChainHead.objects.get().sequence == 2
    assert_books_balance()


def test_an_entry_touching_one_account_twice_records_each_intermediate_balance(us):
    clearing, restricted, fees = (us.accounts[role] for role in (CLEARING, RESTRICTED, FEES))
    entry = post_entry(
        description="Gift with fee",
        idempotency_key="gift",
        lines=[
            Line(clearing, debit_minor=10000),
            Line(restricted, credit_minor=10000),
            Line(fees, debit_minor=320),
            Line(clearing, credit_minor=320),
        ],
    )

    assert list(entry.postings.order_by("line").values_list("balance_after_minor", flat=True)) == [
        10000,
        10000,
        320,
        9680,
    ]


def test_the_stored_hash_is_the_documented_one_over_what_was_stored(us, ca):
    # Each database computes the hash its own way (PostgreSQL in the posting statement): both
    # must give hashing.entry_hash over the stored row, the format verify_ledger checks.
    simple_entry(us, "plain")
    post_entry(
        description="Un don: « merci » ; 100 %",
        idempotency_key="gift:42",
        kind=EntryKind.GIFT,
        source_type="donation",
        source_id="42",
        campaign_id=7,
        page_id=9,
        returned_gift_report=True,
        lines=[Line(ca.accounts[CLEARING], debit_minor=5000), Line(ca.accounts[RESTRICTED], credit_minor=5000)],
        occurred_at=DECEMBER_3,
    )
    for entry in JournalEntry.objects.order_by("sequence"):
        postings = [(p.account_id, p.debit_minor, p.credit_minor, p.currency) for p in entry.postings.order_by("line")]
        tail = header_tail(
            occurred_us=epoch_us(entry.occurred_at),
            recorded_us=epoch_us(entry.recorded_at),
            kind=entry.kind,
            description=entry.description,
            source_type=entry.source_type,
            source_id=entry.source_id,
            idempotency_key=entry.idempotency_key,
            reverses_id=entry.reverses_id,
            campaign_id=entry.campaign_id,
            team_id=entry.team_id,
            page_id=entry.page_id,
            returned_gift_report=entry.returned_gift_report,
        )
        expected = entry_hash(
            prev_hash=entry.prev_hash, sequence=entry.sequence, tail=tail, postings=postings_text(postings)
        )
        assert entry.hash == expected, entry.sequence


@pytest.mark.parametrize(
    ("lines_for", "message"),
    [
        pytest.param(
            lambda c, r: [Line(c, debit_minor=100), Line(r, credit_minor=99)],
            "does not balance: debits 100 ≠ credits 99",
            id="unbalanced",
        ),
        pytest.param(
            lambda c, r: [Line(c, debit_minor=0), Line(r, credit_minor=0)], "exactly one positive side", id="zero"
        ),
        pytest.param(
            lambda c, r: [Line(c, debit_minor=-100), Line(r, credit_minor=-100)],
            "exactly one positive side",
            id="negative",
        ),
        pytest.param(
            lambda c, r: [Line(c, debit_minor=100, credit_minor=100), Line(r, credit_minor=0)],
            "exactly one positive side",
            id="two-sided",
        ),
        pytest.param(lambda c, r: [Line(c, debit_minor=100)], "at least two postings", id="one-leg"),
        pytest.param(lambda c, r: [], "at least two postings", id="empty"),
        pytest.param(
            lambda c, r: [Line(c, debit_minor=1.5), Line(r, credit_minor=1.5)], "integer minor units", id="float"
        ),
        pytest.param(
            lambda c, r: [Line(c, debit_minor=True), Line(r, credit_minor=True)], "integer minor units", id="bool"
        ),
        pytest.param(lambda c, r: [Line(c, debit_minor=100), (r, 100)], "must be a Line", id="not-a-line"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(us, lines_for, message):
    simple_entry(us)
    before = books_snapshot()

    with pytest.raises(LedgerError, match=message):
        post_entry(
            description="bad",
            idempotency_key="bad",
            lines=lines_for(us.accounts[CLEARING], us.accounts[RESTRICTED]),
        )
    assert books_snapshot() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": "line\nbreak"}, "description may not contain control characters"),
        ({"source_id": "tab\there"}, "source_id may not contain control characters"),
        ({"idempotency_key": "key\x1esmuggled"}, "idempotency_key may not contain control characters"),
        ({"idempotency_key": ""}, "needs an idempotency key"),
        ({"description": ""}, "needs a description"),
        ({"source_type": 5}, "source_type must be text"),
    ],
)
def test_entry_text_that_could_smuggle_a_separator_is_refused(us, fields, message):
    before = books_snapshot()

    with pytest.raises(LedgerError, match=message):
        post_entry(
            **{"description": "bad", "idempotency_key": "text", **fields},
            lines=[Line(us.accounts[CLEARING], debit_minor=100), Line(us.accounts[RESTRICTED], credit_minor=100)],
        )
    assert books_snapshot() == before


def test_an_entry_mixing_currencies_is_refused(us, ca):
    before = books_snapshot()

    with pytest.raises(LedgerError, match="mix currencies"):
        post_entry(
            description="bad",
            idempotency_key="mixed",
            lines=[Line(us.accounts[CLEARING], debit_minor=100), Line(ca.accounts[RESTRICTED], credit_minor=100)],
        )
    with pytest.raises(LedgerError, match="cannot be posted"):
        Line.debit(us.accounts[CLEARING], Money(100, "CAD"))
    assert books_snapshot() == before


def test_an_account_whose_stored_currency_differs_from_the_callers_copy_is_refused(us, ca):
    impostor = Account.objects.get(pk=ca.accounts[RESTRICTED].pk)
    impostor.currency = "USD"  # a stale or forged copy: the database knows better
    before = books_snapshot()

    with pytest.raises(LedgerError):
        post_entry(
            description="bad",
            idempotency_key="forged",
            lines=[Line(us.accounts[CLEARING], debit_minor=100), Line(impostor, credit_minor=100)],
        )
    assert books_snapshot() == before


def test_a_second_entry_with_the_same_idempotency_key_is_refused_and_names_the_first(us):
    first = simple_entry(us, "same")
    before = books_snapshot()

    with pytest.raises(DuplicateEntry) as refused:
        simple_entry(us, "same", amount=999)
    assert refused.value.existing.pk == first.pk
    assert books_snapshot() == before


def test_a_refused_entry_inside_a_callers_transaction_leaves_the_callers_work_intact(us):
    with transaction.atomic():
        kept = simple_entry(us, "kept")
        with pytest.raises(DuplicateEntry):
            simple_entry(us, "kept")
        after = simple_entry(us, "after")
    assert after.prev_hash == kept.hash
    assert JournalEntry.objects.count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"description": ""},
        {"idempotency_key": ""},
        {"description": "line\nbreak"},
        {"source_id": "a\x1fb"},
        {"occurred_at": dt.datetime(2026, 12, 3, 15, 0)},  # naive
        {"kind": "bribe"},
    ],
)
def test_entries_with_bad_descriptive_fields_are_refused(us, fields):
    arguments = {
        "description": "ok",
        "idempotency_key": "ok",
        "lines": [Line(us.accounts[CLEARING], debit_minor=1), Line(us.accounts[RESTRICTED], credit_minor=1)],
    } | fields
    with pytest.raises(LedgerError):
        post_entry(**arguments)
    assert JournalEntry.objects.count() == 0


def test_a_reversing_entry_mirrors_the_original_and_points_at_it(us):
    clearing, restricted, fees = (us.accounts[role] for role in (CLEARING, RESTRICTED, FEES))
    original = post_entry(
        description="Gift with fee",
        idempotency_key="gift",
        lines=[
            Line(clearing, debit_minor=10000),
            Line(restricted, credit_minor=10000),
            Line(fees, debit_minor=320),
            Line(clearing, credit_minor=320),
        ],
    )

    partial = reverse_entry(entry=original, idempotency_key="rev1", description="Part reversal", amount_minor=5160)
    full_rest = reverse_entry(entry=original, idempotency_key="rev2", description="The rest", amount_minor=5160)

    assert partial.reverses_id == original.pk
    assert sum(partial.postings.values_list("debit_minor", flat=True)) == 5160
    assert sum(partial.postings.values_list("credit_minor", flat=True)) == 5160
    assert full_rest.reverses_id == original.pk
    assert account_balance(clearing) == usd(0)
    assert account_balance(restricted) == usd(0)
    assert account_balance(fees) == usd(0)
    with pytest.raises(LedgerError):
        reverse_entry(entry=original, idempotency_key="rev3", description="Too much", amount_minor=10321)
    assert_books_balance()


def test_statement_and_trial_balance_read_from_the_books(us, ca):
    simple_entry(us, "a", 2500)
    simple_entry(us, "b", 1500)

    lines = statement(us.accounts[CLEARING])
    assert [(line.sequence, line.debit, line.balance_after) for line in lines] == [
        (1, usd(25), usd(25)),
        (2, usd(15), usd(40)),
    ]
    books = trial_balance()
    assert books["USD"].total_debits == books["USD"].total_credits == usd(40)
    assert books["CAD"].is_balanced


def test_lock_books_refuses_to_run_outside_a_transaction(transactional_db):
    # Only meaningful in a transaction: the lock would be released at once.
    with pytest.raises(LedgerError):
        lock_books()


# ----------------------------------------------------------------------------------------------
# The database itself refuses edits, on SQLite and on PostgreSQL.


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_posting SET debit_minor = debit_minor + 1 WHERE debit_minor > 0",
        "UPDATE ledger_posting SET account_id = account_id",
        "DELETE FROM ledger_posting",
        "UPDATE ledger_journalentry SET description = 'nothing to see'",
        "DELETE FROM ledger_journalentry",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes_of_the_books(us, sql):
    simple_entry(us)
    before = books_snapshot()

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert books_snapshot() == before


def test_the_database_refuses_to_change_an_accounts_currency_or_type(us):
    account = us.accounts[CLEARING]
    for change in ("currency = 'CAD'", "type = 'expense'"):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE ledger_account SET {change} WHERE id = %s", [account.pk])  # noqa: S608
    account.refresh_from_db()
    assert (account.currency, account.type) == ("USD", AccountType.ASSET)


@pytest.mark.postgresql  # the deferred balance trigger is PostgreSQL's
def test_postgresql_refuses_to_commit_an_unbalanced_entry(us):
    entry = simple_entry(us)

    # The trigger runs at COMMIT; the test fixture made constraints immediate, so it runs now.
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(RAW_POSTING, [entry.pk, 9, us.accounts[CLEARING].pk, 500, 0])


@pytest.mark.postgresql  # the deferred balance trigger is PostgreSQL's
def test_postgresql_defers_the_balance_check_to_commit(us):
    entry = simple_entry(us)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ledger_posting_balanced DEFERRED")
        # Unbalanced for a moment, balanced by the end: only the state at commit counts.
        cursor.execute(RAW_POSTING, [entry.pk, 7, us.accounts[CLEARING].pk, 500, 0])
        cursor.execute(RAW_POSTING, [entry.pk, 8, us.accounts[RESTRICTED].pk, 0, 500])
        cursor.execute("SET CONSTRAINTS ledger_posting_balanced IMMEDIATE")  # runs the deferred checks: they pass
        transaction.set_rollback(True)


@pytest.mark.postgresql  # the deferred balance trigger is PostgreSQL's
def test_a_posting_written_after_an_entry_was_checked_is_checked_again(us):
    # The check runs once per entry per firing statement; a later statement must not be let off.
    entry = simple_entry(us)
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ledger_posting_balanced DEFERRED")
        cursor.execute(RAW_POSTING, [entry.pk, 7, us.accounts[CLEARING].pk, 500, 0])
        cursor.execute(RAW_POSTING, [entry.pk, 8, us.accounts[RESTRICTED].pk, 0, 500])
        cursor.execute("SET CONSTRAINTS ledger_posting_balanced IMMEDIATE")  # checked: balanced
        cursor.execute(RAW_POSTING, [entry.pk, 9, us.accounts[CLEARING].pk, 100, 0])  # fires on its own: refused


@pytest.mark.parametrize("stray", ["no such entry", "no such account", "account in another currency"])
def test_the_database_refuses_a_posting_without_its_entry_or_account(us, ca, stray):
    entry = simple_entry(us)
    entry_id, account_id = entry.pk, us.accounts[RESTRICTED].pk
    if stray == "no such entry":
        entry_id += 1000
    elif stray == "no such account":
        account_id = Account.objects.order_by("-pk").first().pk + 1000
    else:
        account_id = ca.accounts[RESTRICTED].pk
    # A balanced pair, so only the missing or mismatched row can be the reason for refusing it.
    with pytest.raises(DatabaseError, match="existing account"), transaction.atomic(), connection.cursor() as cursor:
        # One statement for both rows, so they are checked together.
        cursor.execute(
            RAW_POSTING + ", (%s, %s, %s, %s, %s, 'USD', 0)",
            [entry_id, 7, us.accounts[CLEARING].pk, 500, 0, entry_id, 8, account_id, 0, 500],
        )
    assert Posting.objects.filter(line__in=[7, 8]).count() == 0


def test_the_database_refuses_to_delete_an_account_with_postings_or_change_its_id(us):
    simple_entry(us)
    clearing = us.accounts[CLEARING]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_account WHERE id = %s", [clearing.pk])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_account SET id = id + 1000 WHERE id = %s", [clearing.pk])
    assert Account.objects.filter(pk=clearing.pk).exists()
    unused = Account.objects.create(
        code="unused", name="Unused", type=AccountType.ASSET, currency="USD", entity=us.entity
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_account WHERE id = %s", [unused.pk])  # nothing refers to it
    assert not Account.objects.filter(pk=unused.pk).exists()


@pytest.mark.postgresql  # PostgreSQL posts outside a transaction block in one statement
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_an_entry_is_one_atomic_statement_on_postgresql(ijm_canada):
    from jfa.ledger.gifts import setup_books

    us = setup_books()["us-foundation"]
    ChainHead.objects.all().delete()  # as after a flush: the head is rebuilt from the entries
    assert connection.get_autocommit()

    first = simple_entry(us, "outside")
    with pytest.raises(DuplicateEntry):
        simple_entry(us, "outside")
    impostor = Account.objects.get(pk=us.accounts[RESTRICTED].pk)
    impostor.pk = us.accounts[CLEARING].pk + 10_000  # no such account
    with pytest.raises(LedgerError):
        post_entry(
            description="bad",
            idempotency_key="ghost",
            lines=[Line(us.accounts[CLEARING], debit_minor=5), Line(impostor, credit_minor=5)],
        )

    assert list(JournalEntry.objects.values_list("sequence", flat=True)) == [first.sequence] == [1]
    assert ChainHead.objects.get().hash == first.hash
    assert account_balance(us.accounts[CLEARING]) == usd(25)
