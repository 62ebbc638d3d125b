"""Writing to the books. ``post_entry`` is the only way entries and postings are created.

Speed matters (every succeeded gift posts inside the payment confirmation), so an entry costs a
fixed handful of statements whatever its size:

1. advance the chain head (an UPDATE ... RETURNING, which also takes its row lock),
2. insert the entry (RETURNING its id; a duplicate idempotency key fails here),
3. update every touched account's running balance in one UPDATE ... RETURNING,
4. insert all postings in one multi-row INSERT,
5. store the new head hash.

Lock order: the chain head row, then account rows. Every writer takes the head first, so ledger
writers are serialized (one chain has one order) and can never deadlock on accounts. The head
lock is held until the caller's transaction ends: keep work after posting short.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from typing import TypedDict

import psycopg
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from jfa.core import sql
from jfa.core.money import Money, split_largest_remainder

from .hashing import entry_hash, epoch_us, has_control_characters, header_tail, postings_text
from .models import GENESIS_HASH, Account, EntryKind, JournalEntry

ENTRY_KINDS = frozenset(EntryKind.values)


class LedgerError(Exception):
    """An entry the books refuse: nothing was written."""


class DuplicateEntry(LedgerError):
    """An entry with this idempotency key already exists; ``existing`` is that entry.

    ``post_entry`` never returns an existing entry silently: a caller that wants replays to be
    harmless (``gifts.post_gift``, ``gifts.post_refund``) catches this and compares.
    """

    def __init__(self, existing: JournalEntry):
        super().__init__(f"an entry with idempotency key {existing.idempotency_key!r} exists (#{existing.sequence})")
        self.existing = existing


class _Header(TypedDict):
    kind: str
    description: str
    source_type: str
    source_id: str
    idempotency_key: str
    reverses_id: int | None
    campaign_id: int | None
    team_id: int | None
    page_id: int | None
    returned_gift_report: bool


@dataclass(frozen=True, slots=True)
class Line:
    """One leg to post: an account and exactly one positive side, in minor units."""

    account: Account
    debit_minor: int = 0
    credit_minor: int = 0

    @classmethod
    def debit(cls, account: Account, amount: Money) -> Line:
        _same_currency(account, amount)
        return cls(account, debit_minor=amount.minor)

    @classmethod
    def credit(cls, account: Account, amount: Money) -> Line:
        _same_currency(account, amount)
        return cls(account, credit_minor=amount.minor)

    @property
    def net_debit(self) -> int:
        return self.debit_minor - self.credit_minor


def _same_currency(account: Account, amount: Money) -> None:
    if account.currency != amount.currency:
        raise LedgerError(f"{amount} cannot be posted to {account.code}, which is in {account.currency}")


def _is_int(value: object) -> bool:
    return type(value) is int or (isinstance(value, int) and not isinstance(value, bool))


def check_lines(lines: Sequence[Line]) -> tuple[list[tuple[int, int, int, str]], str]:
    """Refuse anything that is not a balanced, single-currency set of positive legs.

    Returns each line as (account_id, debit_minor, credit_minor, currency), and the entry's
    currency. One pass, no call per line that can be avoided: every gift's entry comes here.
    """
    if len(lines) < 2:
        raise LedgerError("an entry needs at least two postings")
    rows = []
    balance = 0
    for line in lines:
        if not isinstance(line, Line) or line.account.pk is None:
            raise LedgerError("each posting must be a Line on a saved account")
        account, debit, credit = line.account, line.debit_minor, line.credit_minor
        if not (_is_int(debit) and _is_int(credit)):
            raise LedgerError("amounts must be integer minor units")
        if (debit > 0) == (credit > 0) or debit < 0 or credit < 0:
            raise LedgerError(
                f"a posting to {account.code} must have exactly one positive side (debit {debit}, credit {credit})"
            )
        balance += debit - credit
        rows.append((account.pk, debit, credit, account.currency))
    currencies = {row[3] for row in rows}
    if len(currencies) != 1:
        raise LedgerError(f"an entry cannot mix currencies ({', '.join(sorted(currencies))})")
    if balance:
        debits = sum(row[1] for row in rows)
        raise LedgerError(f"entry does not balance: debits {debits} ≠ credits {debits - balance}")
    return rows, rows[0][3]


def _check_text(**fields: str) -> None:
    for name, text in fields.items():
        if not isinstance(text, str):
            raise LedgerError(f"{name} must be text")
    # One search over all of them; only a refusal needs to know which field it was.
    if has_control_characters("".join(fields.values())):
        name = next(name for name, text in fields.items() if has_control_characters(text))
        raise LedgerError(f"{name} may not contain control characters")
    if not fields["idempotency_key"]:
        raise LedgerError("an entry needs an idempotency key")
    if not fields["description"]:
        raise LedgerError("an entry needs a description")


def draft_entry(
    *,
    description: str,
    idempotency_key: str,
    lines: Sequence[Line],
    kind: str = EntryKind.ADJUSTMENT,
    source_type: str = "",
    source_id: str = "",
    occurred_at: dt.datetime | None = None,
    reverses: JournalEntry | None = None,
    campaign_id: int | None = None,
    team_id: int | None = None,
    page_id: int | None = None,
    returned_gift_report: bool = False,
) -> EntryDraft:
    """Check an entry and make it ready to write (everything ``post_entry`` takes, nothing written).

    Raises :class:`LedgerError` for anything the books refuse.
    """
    lines = list(lines)
    posting_rows, currency = check_lines(lines)
    _check_text(description=description, idempotency_key=idempotency_key, source_type=source_type, source_id=source_id)
    if kind not in ENTRY_KINDS:
        raise LedgerError(f"unknown entry kind {kind!r}")
    recorded_at = timezone.now()
    occurred_at = occurred_at or recorded_at
    if timezone.is_naive(occurred_at):
        raise LedgerError("occurred_at must be timezone-aware")
    reverses_id = reverses.pk if reverses is not None else None

    # The entry's own fields, in ENTRY_COLUMNS order after the two times: hashed, written, returned.
    header: _Header = {
        "kind": kind,
        "description": description,
        "source_type": source_type,
        "source_id": source_id,
        "idempotency_key": idempotency_key,
        "reverses_id": reverses_id,
        "campaign_id": campaign_id,
        "team_id": team_id,
        "page_id": page_id,
        "returned_gift_report": returned_gift_report,
    }
    return EntryDraft(
        lines=lines,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        header=header,
        tail=header_tail(occurred_us=epoch_us(occurred_at), recorded_us=epoch_us(recorded_at), **header),
        postings=postings_text(posting_rows),
        posting_rows=posting_rows,
        currency=currency,
    )


def post_entry(
    *,
    description: str,
    idempotency_key: str,
    lines: Sequence[Line],
    kind: str = EntryKind.ADJUSTMENT,
    source_type: str = "",
    source_id: str = "",
    occurred_at: dt.datetime | None = None,
    reverses: JournalEntry | None = None,
    campaign_id: int | None = None,
    team_id: int | None = None,
    page_id: int | None = None,
    returned_gift_report: bool = False,
) -> JournalEntry:
    """Write one balanced entry and its postings, or nothing at all.

    Runs in a savepoint, so it can be called inside a caller's transaction (a gift confirmation
    posts in the same transaction that marks the gift succeeded). Raises :class:`LedgerError` for
    bad input and :class:`DuplicateEntry` when the idempotency key was used before.
    """
    draft = draft_entry(
        description=description,
        idempotency_key=idempotency_key,
        lines=lines,
        kind=kind,
        source_type=source_type,
        source_id=source_id,
        occurred_at=occurred_at,
        reverses=reverses,
        campaign_id=campaign_id,
        team_id=team_id,
        page_id=page_id,
        returned_gift_report=returned_gift_report,
    )
    return write_entry(draft)


def write_entry(draft: EntryDraft) -> JournalEntry:
    """Write a drafted entry (see ``post_entry``)."""
    db = connections[DEFAULT_DB_ALIAS]
    try:
        if db.vendor == "postgresql":
            written = _write_postgresql(db, draft)
        else:
            with transaction.atomic(), db.cursor() as cursor:
                written = _write_generic(cursor, draft)
    except IntegrityError as exc:
        existing = JournalEntry.objects.filter(idempotency_key=draft.header["idempotency_key"]).first()
        if existing is not None:
            raise DuplicateEntry(existing) from exc
        if _refused_column(exc) == "balance_after_minor":
            raise LedgerError(f"an account in this entry does not exist or is not in {draft.currency}") from exc
        raise LedgerError(f"the database refused the entry: {exc}") from exc
    if written is None:
        # Nothing was written: the chain head row is missing (a database emptied by hand).
        _recreate_head()
        return write_entry(draft)
    return draft.written(*written)


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """An entry ready to write: everything but its sequence, previous hash and id."""

    lines: list[Line]
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    header: _Header
    tail: str
    postings: str
    posting_rows: list[tuple[int, int, int, str]]
    currency: str

    def columns(self, db: BaseDatabaseWrapper) -> list[object]:
        """occurred_at ... returned_gift_report, as ENTRY_COLUMNS lists them, as ``db`` takes them."""
        adapt = db.ops.adapt_datetimefield_value
        return [adapt(self.occurred_at), adapt(self.recorded_at), *self.header.values()]

    def net_by_account(self) -> dict[int, int]:
        """Net debit per account, in first-seen order."""
        net: dict[int, int] = {}
        for account_id, debit, credit, _currency in self.posting_rows:
            net[account_id] = net.get(account_id, 0) + debit - credit
        return net

    def posting_ctes(self, *, gate: str = "TRUE") -> tuple[str, list[object]]:
        """The CTEs that write this entry on PostgreSQL (see ``_write_postgresql``) and their
        parameters, for a statement of the caller's that selects from ``entry``.

        ``gate`` is a fixed SQL condition (no parameters) that must hold for anything to be
        written: a bigger statement can make the entry depend on its own earlier CTEs. The head
        row is locked when the gate has held, after whatever the gate reads.
        """
        net = self.net_by_account()
        rows = self.posting_rows
        # In the order the placeholders appear: the hash's parts, the entry's columns (a datetime
        # goes to PostgreSQL as it is), the accounts moved and by how much, the account filter,
        # the posting currency, the lines. Arrays travel as text literals: cheaper to write than
        # psycopg's adaptation of lists.
        return _posting_ctes(gate), [
            self.tail,
            self.postings,
            self.occurred_at,
            self.recorded_at,
            *self.header.values(),
            sql.array(net),
            sql.array(list(net.values())),
            self.currency,
            self.currency,
            sql.array(range(len(rows))),
            sql.array([row[0] for row in rows]),
            sql.array([row[1] for row in rows]),
            sql.array([row[2] for row in rows]),
            sql.array(self.later_net()),
        ]

    def written(self, entry_id: int, sequence: int, prev_hash: str, digest: str) -> JournalEntry:
        """The entry as written, given what the database decided: its id, place and hashes."""
        header = self.header
        return sql.loaded(
            JournalEntry,
            {
                "id": entry_id,
                "sequence": sequence,
                "occurred_at": self.occurred_at,
                "recorded_at": self.recorded_at,
                "kind": header["kind"],
                "description": header["description"],
                "source_type": header["source_type"],
                "source_id": header["source_id"],
                "idempotency_key": header["idempotency_key"],
                "reverses_id": header["reverses_id"],
                "campaign_id": header["campaign_id"],
                "team_id": header["team_id"],
                "page_id": header["page_id"],
                "returned_gift_report": header["returned_gift_report"],
                "prev_hash": prev_hash,
                "hash": digest,
            },
        )

    def later_net(self) -> list[int]:
        """For each line, the net debit of later lines on the same account in this entry.

        A posting's balance-after is the account's final balance minus what later lines moved.
        """
        seen: dict[int, int] = {}
        later = [0] * len(self.posting_rows)
        for index in range(len(self.posting_rows) - 1, -1, -1):
            account_id, debit, credit, _currency = self.posting_rows[index]
            later[index] = seen.get(account_id, 0)
            seen[account_id] = later[index] + debit - credit
        return later


ENTRY_COLUMNS = (
    "occurred_at, recorded_at, kind, description, source_type, source_id, idempotency_key, reverses_id,"
    " campaign_id, team_id, page_id, returned_gift_report"
)
POSTING_COLUMNS = "entry_id, line, account_id, debit_minor, credit_minor, currency, balance_after_minor"
# +1 for assets and expenses (debit-normal), -1 for the rest; read from the stored account type.
SIGN_SQL = "(CASE WHEN a.type IN ('asset', 'expense') THEN 1 ELSE -1 END)"
SIGN_SQL_UNQUALIFIED = "(CASE WHEN type IN ('asset', 'expense') THEN 1 ELSE -1 END)"


class _AccountMismatch(IntegrityError):
    """Raised inside the savepoint so it rolls back; turned into a LedgerError by the caller."""


def _recreate_head() -> None:
    last = JournalEntry.objects.order_by("-sequence").values_list("sequence", "hash").first()
    sequence, head_hash = last or (0, GENESIS_HASH)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_chainhead (id, sequence, hash, prev_hash) VALUES (1, %s, %s, %s)"
            " ON CONFLICT (id) DO NOTHING",
            [sequence, head_hash, GENESIS_HASH],
        )


def _write_postgresql(db, draft: EntryDraft) -> tuple[int, int, str, str] | None:
    """The whole entry in one statement, one round trip; None if nothing was written.

    - The head UPDATE computes sha256(prev RS sequence tail RS postings) from the locked head row,
      the same bytes as ``hashing.entry_hash``, so no statement is needed to read the head first.
    - A duplicate idempotency key fails the entry INSERT, which undoes the whole statement, head
      update included; ``post_entry`` turns that error into :class:`DuplicateEntry`.
    - Lock order: the account UPDATE's condition reads the head CTE (an InitPlan, evaluated before
      its first row), so the head row is locked before any account row.
    - A line whose account is missing or in another currency finds no row in ``moved``, so its
      balance-after is NULL and the posting's NOT NULL constraint aborts the whole statement:
      the database's own check, at no cost to entries that pass it.
    - Outside a transaction block the statement is its own transaction (no BEGIN/COMMIT round
      trips); inside one it runs in a savepoint so a refusal leaves the caller's work intact.
    - It is a prepared statement with server-side parameters (Django's cursors bind client-side
      and would re-plan this statement every time; settings enable psycopg's preparing).
    """
    ctes, params = draft.posting_ctes()
    db.ensure_connection()
    savepoint = transaction.atomic(using=db.alias) if not db.get_autocommit() else nullcontext()
    with savepoint, db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
        cursor.execute(f"WITH {ctes} SELECT {ENTRY_WRITTEN} FROM entry", params, prepare=True)  # noqa: S608 (fixed SQL)
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], row[1], row[2], row[3]


# What the posting CTEs tell of the entry they wrote: its id, sequence, previous hash and hash.
ENTRY_WRITTEN = "entry.id, entry.sequence, entry.prev_hash, entry.hash"
# True when the posting CTEs can write (the chain's head row is there; only a database emptied by
# hand lacks it): a statement that writes other rows beside an entry makes them wait on this.
CHAIN_READY = "EXISTS (SELECT 1 FROM ledger_chainhead WHERE id = 1)"


@lru_cache(maxsize=16)
def _posting_ctes(gate: str) -> str:
    """The CTEs of ``_write_postgresql``: head, entry, moved and inserted. Nothing is written
    unless ``gate`` holds.

    The accounts moved and the lines come as arrays, so the text is the same for every entry:
    prepared once per connection, and short enough for psycopg to keep its parsed form. The
    head's hash is ``hashing.entry_hash`` in SQL: E'\\x1e' is its record separator (RECORD).
    """
    entry_values = ", ".join(["%s"] * 12)
    # Only placeholders, fixed column lists and the caller's fixed gate are interpolated; every
    # value is a parameter. Postings are inserted in line order, so their ids follow it.
    return sql.compact(f"""
        head AS (
            UPDATE ledger_chainhead h
               SET prev_hash = h.hash,
                   sequence = h.sequence + 1,
                   hash = encode(sha256(convert_to(
                       h.hash || E'\\x1e' || (h.sequence + 1)::text || %s || E'\\x1e' || %s, 'UTF8')), 'hex')
             WHERE h.id = 1 AND ({gate})
         RETURNING h.sequence, h.prev_hash, h.hash
        ),
        entry AS (
            INSERT INTO ledger_journalentry (sequence, {ENTRY_COLUMNS}, prev_hash, hash)
            SELECT head.sequence, {entry_values}, head.prev_hash, head.hash FROM head
         RETURNING id, sequence, prev_hash, hash
        ),
        moved AS (
            UPDATE ledger_account a
               SET balance_minor = a.balance_minor + m.net * {SIGN_SQL}
              FROM unnest(%s::bigint[], %s::bigint[]) AS m (account_id, net)
             WHERE a.id = m.account_id AND a.currency = %s AND (SELECT sequence FROM head) IS NOT NULL
         RETURNING a.id, a.balance_minor, {SIGN_SQL} AS sign
        ),
        inserted AS (
            INSERT INTO ledger_posting ({POSTING_COLUMNS})
            SELECT entry.id, l.line, l.account_id, l.debit, l.credit, %s, moved.balance_minor - l.later * moved.sign
              FROM unnest(%s::smallint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[])
                   AS l (line, account_id, debit, credit, later)
              LEFT JOIN moved ON moved.id = l.account_id
             CROSS JOIN entry
             ORDER BY l.line
        )
    """)  # noqa: S608


def _refused_column(exc: IntegrityError) -> str | None:
    """The column a NOT NULL violation names (PostgreSQL reports it), if that is what ``exc`` is."""
    cause = exc.__cause__
    if isinstance(cause, psycopg.errors.NotNullViolation):
        return cause.diag.column_name
    return None


def _write_generic(cursor, draft: EntryDraft) -> tuple[int, int, str, str] | None:
    """Five statements: advance and lock the head, insert the entry, move balances, insert the
    postings, store the head hash. Used on SQLite, where writers are serialized anyway."""
    cursor.execute("UPDATE ledger_chainhead SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence, hash")
    head = cursor.fetchone()
    if head is None:
        return None
    sequence, prev_hash = head
    digest = entry_hash(prev_hash=prev_hash, sequence=sequence, tail=draft.tail, postings=draft.postings)
    entry_values = ", ".join(["%s"] * 15)
    cursor.execute(
        f"INSERT INTO ledger_journalentry (sequence, {ENTRY_COLUMNS}, prev_hash, hash) VALUES ({entry_values})"  # noqa: S608
        " RETURNING id",
        [sequence, *draft.columns(cursor.db), prev_hash, digest],
    )
    entry_id = cursor.fetchone()[0]

    net = draft.net_by_account()
    cases = " ".join(["WHEN %s THEN %s"] * len(net))
    placeholders = ", ".join(["%s"] * len(net))
    params: list[object] = []
    for account_id, net_debit in net.items():
        params += [account_id, net_debit]
    params += [*net, draft.currency]
    cursor.execute(
        f"UPDATE ledger_account SET balance_minor = balance_minor + (CASE id {cases} END) * {SIGN_SQL_UNQUALIFIED}"  # noqa: S608
        f" WHERE id IN ({placeholders}) AND currency = %s RETURNING id, balance_minor, {SIGN_SQL_UNQUALIFIED}",
        params,
    )
    moved = {account_id: (balance, sign) for account_id, balance, sign in cursor.fetchall()}
    if len(moved) != len(net):
        raise _AccountMismatch(f"an account in this entry does not exist or is not in {draft.currency}")

    later = draft.later_net()
    params = []
    for index, (account_id, debit, credit, currency) in enumerate(draft.posting_rows):
        balance, sign = moved[account_id]
        params += [entry_id, index, account_id, debit, credit, currency, balance - later[index] * sign]
    values_sql = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(draft.posting_rows))
    cursor.execute(f"INSERT INTO ledger_posting ({POSTING_COLUMNS}) VALUES {values_sql}", params)  # noqa: S608
    cursor.execute("UPDATE ledger_chainhead SET hash = %s, prev_hash = %s WHERE id = 1", [digest, prev_hash])
    return entry_id, sequence, prev_hash, digest


def lock_books() -> None:
    """Take the chain head lock now, inside the caller's transaction.

    For checks that must not race another writer (how much of a gift is left to refund): after
    this, no other entry can be posted until the caller's transaction ends.
    """
    if not transaction.get_connection().in_atomic_block:
        raise LedgerError("lock_books() only makes sense inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_chainhead SET sequence = sequence WHERE id = 1")


def reverse_entry(
    *,
    entry: JournalEntry,
    idempotency_key: str,
    description: str,
    amount_minor: int | None = None,
    kind: str = EntryKind.ADJUSTMENT,
    occurred_at: dt.datetime | None = None,
) -> JournalEntry:
    """Post the mirror image of ``entry`` (every debit becomes a credit), pointing at it.

    With ``amount_minor``, reverse only that much of the entry's total: each side is split in
    proportion to the original legs by largest remainder, so both sides still sum to the amount.
    """
    originals = list(entry.postings.select_related("account").order_by("line"))
    total = sum(posting.debit_minor for posting in originals)
    amount = total if amount_minor is None else amount_minor
    if not _is_int(amount) or not 0 < amount <= total:
        raise LedgerError(f"can reverse between 1 and {total} minor units of entry #{entry.sequence}, not {amount}")
    debit_parts = iter(split_largest_remainder(amount, [p.debit_minor for p in originals if p.debit_minor]))
    credit_parts = iter(split_largest_remainder(amount, [p.credit_minor for p in originals if p.credit_minor]))
    lines = []
    for posting in originals:
        if posting.debit_minor:
            part = next(debit_parts)
            if part:
                lines.append(Line(posting.account, credit_minor=part))
        else:
            part = next(credit_parts)
            if part:
                lines.append(Line(posting.account, debit_minor=part))
    return post_entry(
        description=description,
        idempotency_key=idempotency_key,
        lines=lines,
        kind=kind,
        source_type=entry.source_type,
        source_id=entry.source_id,
        occurred_at=occurred_at,
        reverses=entry,
        campaign_id=entry.campaign_id,
        team_id=entry.team_id,
        page_id=entry.page_id,
    )
