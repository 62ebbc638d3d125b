"""Verifying the whole ledger: the hash chain, every entry's balance and every running balance.

Built for millions of entries, and no ORM object is made.

- PostgreSQL checks everything itself: each entry's canonical text is built and hashed in SQL
  (``hashing``'s format; sha256 runs in C), its link to the entry before it and its balance
  compared, and only the first bad entry comes back. The entries are split into as many id
  ranges as the machine has cores, each checked on its own connection at the same time; a range
  starts from the entry just before it, so the seams are checked too. The running balances are
  one window-function query on one more connection, at the same time.
- SQLite streams one row per entry (postings folded into text by SQL) and Python hashes.
- Inside a transaction (tests) everything runs on the caller's connection, one after the other:
  other connections could not see what the transaction wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from django.db import connections, transaction

from .hashing import EPOCH, ONE_MICROSECOND, RECORD, header_tail
from .models import GENESIS_HASH

BATCH = 20_000
T = TypeVar("T")

# Both databases fold an entry's postings into the canonical "account:debit:credit:currency;..."
# text from an ordered subquery (PostgreSQL documents that this keeps the order in practice; were
# it ever not kept, the entry would fail its hash check: a false alarm, never a false pass).
# concat_ws is the cheaper spelling on PostgreSQL; SQLite before 3.44 lacks it.
_PG_ITEM = "concat_ws(':', account_id, debit_minor, credit_minor, currency)"
_SQLITE_ITEM = "account_id || ':' || debit_minor || ':' || credit_minor || ':' || currency"
# An entry's header (hashing.header_tail's format, after its sequence), built by PostgreSQL.
_PG_HEADER = """
    e.sequence::text || E'\\x1f' || concat_ws(E'\\x1f',
        (EXTRACT(EPOCH FROM e.occurred_at) * 1000000)::bigint::text,
        (EXTRACT(EPOCH FROM e.recorded_at) * 1000000)::bigint::text,
        e.kind, e.description, e.source_type, e.source_id, e.idempotency_key,
        COALESCE(e.reverses_id::text, ''), COALESCE(e.campaign_id::text, ''),
        COALESCE(e.team_id::text, ''), COALESCE(e.page_id::text, ''),
        CASE WHEN e.returned_gift_report THEN '1' ELSE '0' END)
"""
# SQLite: one row per entry, in the order entries were written (id order; the sequence is
# checked), for Python to hash.
_SQLITE_CHAIN_SQL = f"""
    SELECT e.sequence, e.prev_hash, e.hash, e.occurred_at, e.recorded_at,
           e.kind, e.description, e.source_type, e.source_id, e.idempotency_key,
           e.reverses_id, e.campaign_id, e.team_id, e.page_id, e.returned_gift_report,
           COALESCE(p.lines, ''), COALESCE(p.balanced, 0)
      FROM ledger_journalentry e
      LEFT JOIN (
        SELECT entry_id,
               group_concat({_SQLITE_ITEM}, ';') AS lines,
               SUM(debit_minor) = SUM(credit_minor) AND COUNT(*) >= 2 AND MIN(currency) = MAX(currency) AS balanced
          FROM (SELECT entry_id, line, account_id, debit_minor, credit_minor, currency
                  FROM ledger_posting ORDER BY entry_id, line) sorted
         GROUP BY entry_id
      ) p ON p.entry_id = e.id
     ORDER BY e.id
"""  # noqa: S608 — only fixed SQL is interpolated

# One id range of entries, checked by PostgreSQL alone: for each entry, whether its sequence
# follows the one before (the first of a range follows %(before_sequence)s), whether it links to
# that entry's hash, whether its own hash matches its content and whether it balances. It
# answers with the range's count and last sequence, and the first bad entry with what is wrong.
_PG_RANGE_SQL = f"""
    WITH postings AS (
        SELECT entry_id,
               string_agg({_PG_ITEM}, ';') AS lines,
               -- Every posting has one positive side (a check constraint), so a sum of zero
               -- also means at least two postings.
               SUM(debit_minor - credit_minor) = 0 AND MIN(currency COLLATE "C") = MAX(currency COLLATE "C") AS balanced
          FROM (SELECT entry_id, line, account_id, debit_minor, credit_minor, currency
                  FROM ledger_posting
                 WHERE entry_id BETWEEN %(low)s AND %(high)s
                 ORDER BY entry_id, line) sorted
         GROUP BY entry_id
    ),
    -- Each entry hashed and checked on its own first, so the window below carries narrow rows
    -- (ordered by id already: the ORDER BY costs nothing; OFFSET 0 keeps this step apart).
    hashed AS (
        SELECT e.id, e.sequence, e.prev_hash, e.hash,
               encode(sha256(convert_to(
                   e.prev_hash || E'\\x1e' || {_PG_HEADER} || E'\\x1e' || COALESCE(p.lines, ''), 'UTF8'
               )), 'hex') <> e.hash AS changed,
               NOT COALESCE(p.balanced, false) AS unbalanced
          FROM ledger_journalentry e
          LEFT JOIN postings p ON p.entry_id = e.id
         WHERE e.id BETWEEN %(low)s AND %(high)s
         ORDER BY e.id
        OFFSET 0
    ),
    checked AS NOT MATERIALIZED (
        SELECT h.sequence,
               COALESCE(lag(h.sequence) OVER book_order, %(before_sequence)s) AS previous,
               h.prev_hash <> COALESCE(lag(h.hash) OVER book_order, %(before_hash)s) AS unlinked,
               h.changed, h.unbalanced
          FROM hashed h
        WINDOW book_order AS (ORDER BY h.id)
    )
    -- One pass: the count, the last sequence, and the first bad entry as text: its sequence, the
    -- one before it and what is wrong (0/1 flags), aggregated over bad entries only.
    SELECT count(*), max(sequence),
           (array_agg(concat_ws(',', sequence, previous, unlinked::int, changed::int, unbalanced::int)
                      ORDER BY sequence)
               FILTER (WHERE sequence <> previous + 1 OR unlinked OR changed OR unbalanced))[1]
      FROM checked
"""  # noqa: S608 — only fixed SQL is interpolated


# Postings are written in book order under the chain-head lock, so id order is book order and
# the window below reads the (account, id) index without sorting. One ordered pass over each
# account's postings: a posting's stored balance-after must be the previous one's (0 before the
# first) moved by this posting, so by induction every stored balance is the running sum;
# comparing neighbours (lag) keeps the arithmetic in bigint, where a running SUM would be numeric.
# Then each account's last posting (one index probe per account) must match its stored balance,
# and an account without postings must stand at 0. One statement: one snapshot.
_BALANCE_SQL = """
    WITH accounts AS MATERIALIZED (
        -- Each account's sign worked out once, not once per posting.
        SELECT id, currency, CASE WHEN type IN ('asset', 'expense') THEN 1 ELSE -1 END AS sign
          FROM ledger_account
    ),
    wrong AS MATERIALIZED (
        SELECT p.entry_id
          FROM (SELECT entry_id, account_id, currency, debit_minor - credit_minor AS net,
                       balance_after_minor - lag(balance_after_minor, 1, 0) OVER book_order AS moved
                  FROM ledger_posting
                WINDOW book_order AS (PARTITION BY account_id ORDER BY id)) p
          JOIN accounts a ON a.id = p.account_id
         WHERE p.moved <> p.net * a.sign
            OR p.currency <> a.currency
    )
    SELECT (SELECT MIN(sequence) FROM ledger_journalentry WHERE id IN (SELECT entry_id FROM wrong)),
           (SELECT MIN(a.code)
              FROM ledger_account a
             WHERE a.balance_minor <> COALESCE((
                       SELECT p.balance_after_minor FROM ledger_posting p
                        WHERE p.id = (SELECT MAX(last.id) FROM ledger_posting last WHERE last.account_id = a.id)
                   ), 0))
"""


@dataclass
class VerifyResult:
    entries: int
    seconds: float
    problem: str | None = None
    bad_sequence: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def entries_per_second(self) -> float:
        return self.entries / self.seconds if self.seconds else 0.0


def _sqlite_us(text: str | dt.datetime) -> int:
    moment = text if isinstance(text, dt.datetime) else dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return (moment - EPOCH) // ONE_MICROSECOND


def _sqlite_rows(rows):
    """SQLite rows reshaped like PostgreSQL's: (sequence, prev_hash, hash, header, lines, balanced)."""
    for row in rows:
        (sequence, prev_hash, stored, occurred, recorded, kind, description, source_type, source_id, key) = row[:10]
        reverses_id, campaign_id, team_id, page_id, flag, lines, balanced = row[10:]
        tail = header_tail(
            occurred_us=_sqlite_us(occurred),
            recorded_us=_sqlite_us(recorded),
            kind=kind,
            description=description,
            source_type=source_type,
            source_id=source_id,
            idempotency_key=key,
            reverses_id=reverses_id,
            campaign_id=campaign_id,
            team_id=team_id,
            page_id=page_id,
            returned_gift_report=bool(flag),
        )
        yield sequence, prev_hash, stored, f"{sequence}{tail}", lines, bool(balanced)


def _batches_sqlite(conn) -> Iterator[list[tuple]]:
    with conn.cursor() as cursor:
        cursor.execute(_SQLITE_CHAIN_SQL)
        while rows := cursor.fetchmany(BATCH):
            yield list(_sqlite_rows(rows))


def _check_chain_sqlite(using: str) -> _Chain:
    """Stream the chain (SQLite); Python hashes each entry."""
    conn = connections[using]
    expected_sequence = 1
    last_hash = GENESIS_HASH
    sha256 = hashlib.sha256
    with transaction.atomic(using=using):
        for rows in _batches_sqlite(conn):
            for sequence, prev_hash, stored_hash, header, lines, balanced in rows:
                if sequence != expected_sequence:
                    return _Chain(
                        expected_sequence - 1,
                        expected_sequence - 1,
                        f"entry #{expected_sequence} is missing",
                        expected_sequence,
                    )
                if prev_hash != last_hash:
                    return _Chain(
                        sequence - 1, sequence - 1, f"entry #{sequence} does not link to the entry before it", sequence
                    )
                # The same bytes as hashing.entry_hash, without a call per entry.
                if sha256(f"{prev_hash}{RECORD}{header}{RECORD}{lines}".encode()).hexdigest() != stored_hash:
                    return _Chain(
                        sequence - 1,
                        sequence - 1,
                        f"entry #{sequence} does not match its hash: it was changed",
                        sequence,
                    )
                if not balanced:
                    return _Chain(
                        sequence - 1, sequence - 1, f"entry #{sequence} does not balance in one currency", sequence
                    )
                last_hash = stored_hash
                expected_sequence += 1
    return _Chain(expected_sequence - 1, expected_sequence - 1)


@dataclass(frozen=True)
class _Chain:
    """What a pass over (part of) the chain found: how many entries, the last sequence seen,
    and the first problem with the sequence of the entry it names."""

    entries: int
    last_sequence: int
    problem: str | None = None
    bad_sequence: int | None = None


def _check_range_postgresql(using: str, low: int, high: int, before_sequence: int, before_hash: str) -> _Chain:
    """Entries with ids ``low``..``high``, checked by PostgreSQL (``_PG_RANGE_SQL``)."""
    conn = connections[using]
    params: dict[str, int | str] = {
        "low": low,
        "high": high,
        "before_sequence": before_sequence,
        "before_hash": before_hash,
    }
    with transaction.atomic(using=using), conn.cursor() as cursor:
        # Serial and without JIT: this is already one of several ranges running side by side.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(_PG_RANGE_SQL, params)
        seen, last, first_bad = cursor.fetchone()
    if first_bad is None:
        return _Chain(seen, last or before_sequence)
    bad, previous, unlinked, changed, _unbalanced = (int(part) for part in first_bad.split(","))
    if bad != previous + 1:
        return _Chain(seen, last, f"entry #{previous + 1} is missing", previous + 1)
    if unlinked:
        problem = f"entry #{bad} does not link to the entry before it"
    elif changed:
        problem = f"entry #{bad} does not match its hash: it was changed"
    else:
        problem = f"entry #{bad} does not balance in one currency"
    return _Chain(seen, last, problem, bad)


def _id_ranges(using: str, parts: int) -> list[tuple[int, int, int, str]]:
    """The entries split into up to ``parts`` id ranges of about equal size, each with the
    sequence and hash of the entry just before it (the genesis before the first)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM ledger_journalentry")
        low, high = cursor.fetchone()
        if low is None:
            return []
        step = max(1, -(-(high - low + 1) // parts))
        ranges = []
        for start in range(low, high + 1, step):
            cursor.execute(
                "SELECT sequence, hash FROM ledger_journalentry WHERE id < %s ORDER BY id DESC LIMIT 1", [start]
            )
            before = cursor.fetchone() or (0, GENESIS_HASH)
            ranges.append((start, min(start + step - 1, high), before[0], before[1]))
    return ranges


def _in_parallel(using: str, jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Run each job on a thread (and so a database connection) of its own; re-raise a failure."""
    results: list[T | None] = [None] * len(jobs)
    failures: list[BaseException] = []

    def run(index: int, job: Callable[[], T]) -> None:
        try:
            results[index] = job()
        except BaseException as exc:  # re-raised in the calling thread below
            failures.append(exc)
        finally:
            connections[using].close()

    threads = [threading.Thread(target=run, args=(i, job), name=f"verify-{i}") for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results  # type: ignore[return-value]  # every job ran


def _check_balances(using: str) -> tuple[int | None, str | None]:
    conn = connections[using]
    with transaction.atomic(using=using), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # Serial: the other cores are busy with the chain.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(_BALANCE_SQL)
        bad_sequence, bad_account = cursor.fetchone()
    return bad_sequence, bad_account


def _check_head(using: str, chain: _Chain) -> _Chain:
    """The chain head must name the last entry seen; entries after it must not have vanished."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT sequence, hash FROM ledger_chainhead WHERE id = 1")
        head = cursor.fetchone()
        seen = chain.last_sequence
        cursor.execute("SELECT hash FROM ledger_journalentry WHERE sequence = %s", [seen])
        found = cursor.fetchone()
        last_hash = found[0] if found else GENESIS_HASH
        if seen and (head is None or head[0] < seen or (head[0] == seen and head[1] != last_hash)):
            return _Chain(chain.entries, seen, f"the chain head does not match entry #{seen}", seen)
        if head is not None and head[0] > seen:
            # Entries after the last one seen: either written during this check or removed.
            cursor.execute("SELECT COUNT(*) FROM ledger_journalentry WHERE sequence > %s", [seen])
            if cursor.fetchone()[0] == 0:
                return _Chain(
                    chain.entries, seen, f"entries after #{seen} are missing (the head says #{head[0]})", seen + 1
                )
    return chain


def _check_chain(using: str, *, workers: int) -> _Chain:
    conn = connections[using]
    if conn.vendor != "postgresql":
        return _check_head(using, _check_chain_sqlite(using))
    ranges = _id_ranges(using, workers)
    jobs = [partial(_check_range_postgresql, using, *bounds) for bounds in ranges]
    parts = _in_parallel(using, jobs) if len(jobs) > 1 else [job() for job in jobs]
    entries = sum(part.entries for part in parts)
    bad = next((part for part in parts if part.problem), None)
    if bad is not None:
        # The first bad range names the first bad entry; count what came before it.
        return _Chain(entries, bad.last_sequence, bad.problem, bad.bad_sequence)
    return _check_head(using, _Chain(entries, parts[-1].last_sequence if parts else 0))


def verify_ledger(*, using: str = "default", workers: int | None = None) -> VerifyResult:
    """Check the chain, each entry's balance and every stored running balance.

    Names the first bad entry. Outside a transaction on PostgreSQL the chain is checked in
    ``workers`` id ranges (one per core by default) and the balances, each on a connection of
    its own, all at the same time.
    """
    started = time.perf_counter()
    conn = connections[using]
    parallel = conn.vendor == "postgresql" and not conn.in_atomic_block
    chain: _Chain
    balances: tuple[int | None, str | None]
    if parallel:
        ranges = workers or os.cpu_count() or 1
        jobs: list[Callable[[], object]] = [
            partial(_check_chain, using, workers=ranges),
            partial(_check_balances, using),
        ]
        chain, balances = _in_parallel(using, jobs)  # type: ignore[assignment]  # in the order of the jobs
    else:
        chain, balances = _check_chain(using, workers=1), _check_balances(using)
    balance_sequence, bad_account = balances
    problem, bad_sequence = chain.problem, chain.bad_sequence
    if balance_sequence is not None and (bad_sequence is None or balance_sequence < bad_sequence):
        bad_sequence = balance_sequence
        problem = f"entry #{balance_sequence} has a posting whose running balance does not add up"
    elif problem is None and bad_account is not None:
        problem = f"account {bad_account} has a stored balance that differs from its postings"
    entries = chain.entries if problem is None else (bad_sequence or 1) - 1
    return VerifyResult(
        entries=entries, seconds=time.perf_counter() - started, problem=problem, bad_sequence=bad_sequence
    )
