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
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jfa.core.money import Money, split_largest_remainder

from .hashing import entry_hash, epoch_us, has_control_characters, postings_text
from .models import DEBIT_NORMAL_TYPES, GENESIS_HASH, Account, EntryKind, JournalEntry


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
    return isinstance(value, int) and not isinstance(value, bool)


def check_lines(lines: Sequence[Line]) -> str:
    """Refuse anything that is not a balanced, single-currency set of positive legs.

    Returns the entry's currency.
    """
    if len(lines) < 2:
        raise LedgerError("an entry needs at least two postings")
    currencies = {line.account.currency for line in lines}
    if len(currencies) != 1:
        raise LedgerError(f"an entry cannot mix currencies ({', '.join(sorted(currencies))})")
    debits = credits = 0
    for line in lines:
        if not isinstance(line, Line) or line.account.pk is None:
            raise LedgerError("each posting must be a Line on a saved account")
        if not (_is_int(line.debit_minor) and _is_int(line.credit_minor)):
            raise LedgerError("amounts must be integer minor units")
        if (line.debit_minor > 0) == (line.credit_minor > 0) or line.debit_minor < 0 or line.credit_minor < 0:
            raise LedgerError(
                f"a posting to {line.account.code} must have exactly one positive side "
                f"(debit {line.debit_minor}, credit {line.credit_minor})"
            )
        debits += line.debit_minor
        credits += line.credit_minor
    if debits != credits:
        raise LedgerError(f"entry does not balance: debits {debits} ≠ credits {credits}")
    return currencies.pop()


def _check_text(**fields: str) -> None:
    for name, text in fields.items():
        if not isinstance(text, str):
            raise LedgerError(f"{name} must be text")
        if has_control_characters(text):
            raise LedgerError(f"{name} may not contain control characters")
    if not fields["idempotency_key"]:
        raise LedgerError("an entry needs an idempotency key")
    if not fields["description"]:
        raise LedgerError("an entry needs a description")


def _advance_head(cursor) -> tuple[int, str]:
    """Lock the chain head and return (next sequence, previous hash)."""
    cursor.execute("UPDATE ledger_chainhead SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence, hash")
    row = cursor.fetchone()
    if row is None:
        # The head row is missing (a flushed test database): rebuild it from the last entry.
        last = JournalEntry.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, head_hash = last or (0, GENESIS_HASH)
        cursor.execute(
            "INSERT INTO ledger_chainhead (id, sequence, hash) VALUES (1, %s, %s) ON CONFLICT (id) DO NOTHING",
            [sequence, head_hash],
        )
        return _advance_head(cursor)
    return row[0], row[1]


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
    lines = list(lines)
    currency = check_lines(lines)
    _check_text(description=description, idempotency_key=idempotency_key, source_type=source_type, source_id=source_id)
    if kind not in EntryKind.values:
        raise LedgerError(f"unknown entry kind {kind!r}")
    recorded_at = timezone.now()
    occurred_at = occurred_at or recorded_at
    if timezone.is_naive(occurred_at):
        raise LedgerError("occurred_at must be timezone-aware")
    reverses_id = reverses.pk if reverses is not None else None

    # Net debit per account, in first-seen order, for the one balance UPDATE.
    net_by_account: dict[int, int] = {}
    for line in lines:
        net_by_account[line.account.pk] = net_by_account.get(line.account.pk, 0) + line.net_debit
    posting_rows = [(line.account.pk, line.debit_minor, line.credit_minor, line.account.currency) for line in lines]

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            sequence, prev_hash = _advance_head(cursor)
            digest = entry_hash(
                prev_hash=prev_hash,
                sequence=sequence,
                occurred_us=epoch_us(occurred_at),
                recorded_us=epoch_us(recorded_at),
                kind=kind,
                description=description,
                source_type=source_type,
                source_id=source_id,
                idempotency_key=idempotency_key,
                reverses_id=reverses_id,
                campaign_id=campaign_id,
                team_id=team_id,
                page_id=page_id,
                returned_gift_report=returned_gift_report,
                postings=postings_text(posting_rows),
            )
            cursor.execute(
                "INSERT INTO ledger_journalentry (sequence, occurred_at, recorded_at, kind, description, source_type,"
                " source_id, idempotency_key, reverses_id, campaign_id, team_id, page_id, returned_gift_report,"
                " prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                [
                    sequence,
                    connection.ops.adapt_datetimefield_value(occurred_at),
                    connection.ops.adapt_datetimefield_value(recorded_at),
                    kind,
                    description,
                    source_type,
                    source_id,
                    idempotency_key,
                    reverses_id,
                    campaign_id,
                    team_id,
                    page_id,
                    returned_gift_report,
                    prev_hash,
                    digest,
                ],
            )
            entry_id = cursor.fetchone()[0]
            balances = _apply_balances(cursor, net_by_account, currency)
            # Each posting records its account's balance right after it; when an entry touches an
            # account twice, walk back from the final balance the UPDATE returned.
            after: list[int] = [0] * len(lines)
            running = {account_id: balance for account_id, (balance, _type) in balances.items()}
            for index in range(len(lines) - 1, -1, -1):
                account_id, debit, credit, _currency = posting_rows[index]
                after[index] = running[account_id]
                normal_delta = debit - credit if balances[account_id][1] in DEBIT_NORMAL_TYPES else credit - debit
                running[account_id] -= normal_delta
            values_sql = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(lines))
            params: list[object] = []
            for index, (account_id, debit, credit, currency) in enumerate(posting_rows):
                params += [entry_id, index, account_id, debit, credit, currency, after[index]]
            columns = "entry_id, line, account_id, debit_minor, credit_minor, currency, balance_after_minor"
            # Only placeholders are interpolated; every value travels as a parameter.
            cursor.execute(f"INSERT INTO ledger_posting ({columns}) VALUES {values_sql}", params)  # noqa: S608
            cursor.execute("UPDATE ledger_chainhead SET hash = %s WHERE id = 1", [digest])
    except IntegrityError as exc:
        existing = JournalEntry.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            raise DuplicateEntry(existing) from exc
        raise LedgerError(f"the database refused the entry: {exc}") from exc

    entry = JournalEntry(
        id=entry_id,
        sequence=sequence,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        kind=kind,
        description=description,
        source_type=source_type,
        source_id=source_id,
        idempotency_key=idempotency_key,
        reverses_id=reverses_id,
        campaign_id=campaign_id,
        team_id=team_id,
        page_id=page_id,
        returned_gift_report=returned_gift_report,
        prev_hash=prev_hash,
        hash=digest,
    )
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


class _AccountMismatch(IntegrityError):
    """Raised inside the savepoint so it rolls back; turned into a LedgerError by the caller."""


def _apply_balances(cursor, net_by_account: dict[int, int], currency: str) -> dict[int, tuple[int, str]]:
    """Add each account's net movement to its stored balance in one statement.

    Returns {account_id: (balance after the entry, account type)}. The sign comes from the
    account type as stored in the database, not from the caller's copy of the account.
    """
    cases = " ".join(["WHEN %s THEN %s"] * len(net_by_account))
    placeholders = ", ".join(["%s"] * len(net_by_account))
    params: list[object] = []
    for account_id, net_debit in net_by_account.items():
        params += [account_id, net_debit]
    params += list(net_by_account)
    sign = "CASE WHEN type IN ('asset', 'expense') THEN 1 ELSE -1 END"
    # Only placeholders are interpolated; every value travels as a parameter.
    sql = f"UPDATE ledger_account SET balance_minor = balance_minor + (CASE id {cases} END) * ({sign}) WHERE id IN ({placeholders}) RETURNING id, balance_minor, type, currency"  # noqa: E501, S608
    cursor.execute(sql, params)
    fetched = cursor.fetchall()
    if len(fetched) != len(net_by_account):
        missing = sorted(set(net_by_account) - {row[0] for row in fetched})
        raise _AccountMismatch(f"unknown account(s): {missing}")
    if any(row[3] != currency for row in fetched):
        raise _AccountMismatch(f"an account in this entry is not in {currency}")
    return {row[0]: (row[1], row[2]) for row in fetched}


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
