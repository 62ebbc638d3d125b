"""Verifying the whole ledger: the hash chain, every entry's balance and every running balance.

Built for millions of entries: the database streams one row per entry (its postings already
folded into the canonical text by SQL) through a server-side cursor, Python only hashes, and no
ORM object is made. On PostgreSQL the running-balance check is one window-function query that
runs on a second connection while the chain is being hashed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connections, transaction

from .hashing import EPOCH, ONE_MICROSECOND, RECORD, header_tail
from .models import GENESIS_HASH

BATCH = 20_000

# One row per entry, in the order entries were written (id order; the sequence is checked).
# The postings are folded into the canonical "account:debit:credit:currency;..." text by the
# database, from an ordered subquery (PostgreSQL documents that this keeps the order in practice;
# were it ever not kept, the entry would fail its hash check: a false alarm, never a false pass).
_POSTINGS_SQL = """
    SELECT entry_id,
           {concat}({item}, ';') AS lines,
           SUM(debit_minor) = SUM(credit_minor) AND COUNT(*) >= 2 AND MIN(currency) = MAX(currency) AS balanced
      FROM (SELECT entry_id, line, account_id, debit_minor, credit_minor, currency
              FROM ledger_posting ORDER BY entry_id, line) sorted
     GROUP BY entry_id
"""
# "account:debit:credit:currency", as hashing.postings_text writes it (concat_ws is the cheaper
# spelling on PostgreSQL; SQLite before 3.44 lacks it).
_PG_ITEM = "concat_ws(':', account_id, debit_minor, credit_minor, currency)"
_SQLITE_ITEM = "account_id || ':' || debit_minor || ':' || credit_minor || ':' || currency"
_CHAIN_SQL = {
    # PostgreSQL also builds the header text (hashing.header_tail's format), so Python only
    # hashes and compares: about one microsecond per entry.
    "postgresql": f"""
        SELECT e.sequence, e.prev_hash, e.hash,
               e.sequence::text || E'\\x1f' || concat_ws(E'\\x1f',
                   (EXTRACT(EPOCH FROM e.occurred_at) * 1000000)::bigint::text,
                   (EXTRACT(EPOCH FROM e.recorded_at) * 1000000)::bigint::text,
                   e.kind, e.description, e.source_type, e.source_id, e.idempotency_key,
                   COALESCE(e.reverses_id::text, ''), COALESCE(e.campaign_id::text, ''),
                   COALESCE(e.team_id::text, ''), COALESCE(e.page_id::text, ''),
                   CASE WHEN e.returned_gift_report THEN '1' ELSE '0' END) AS header,
               COALESCE(p.lines, ''), COALESCE(p.balanced, false)
          FROM ledger_journalentry e
          LEFT JOIN ({_POSTINGS_SQL.format(concat="string_agg", item=_PG_ITEM)}) p ON p.entry_id = e.id
         ORDER BY e.id
    """,  # noqa: S608 — only fixed SQL is interpolated
    "sqlite": f"""
        SELECT e.sequence, e.prev_hash, e.hash, e.occurred_at, e.recorded_at,
               e.kind, e.description, e.source_type, e.source_id, e.idempotency_key,
               e.reverses_id, e.campaign_id, e.team_id, e.page_id, e.returned_gift_report,
               COALESCE(p.lines, ''), COALESCE(p.balanced, 0)
          FROM ledger_journalentry e
          LEFT JOIN ({_POSTINGS_SQL.format(concat="group_concat", item=_SQLITE_ITEM)}) p ON p.entry_id = e.id
         ORDER BY e.id
    """,  # noqa: S608 — only fixed SQL is interpolated
}

# Postings are written in book order under the chain-head lock, so id order is book order and
# the window below reads the (account, id) index without sorting. One statement (one snapshot)
# finds both kinds of running-balance error.
# One ordered pass over each account's postings (the (account, id) index): a posting's stored
# balance-after must be the previous one's (0 before the first) moved by this posting, so by
# induction every stored balance is the running sum; comparing neighbours (lag) keeps the arithmetic
# in bigint, where a running SUM would be numeric. The account's last posting (lead is NULL) must
# match the account's stored balance, and an account without postings must stand at 0.
_BALANCE_SQL = """
    WITH wrong AS MATERIALIZED (
        SELECT p.entry_id, a.code,
               p.before + p.net * (CASE WHEN a.type IN ('asset', 'expense') THEN 1 ELSE -1 END) <> p.balance_after_minor
                   OR p.currency <> a.currency AS bad_posting
          FROM (SELECT entry_id, account_id, currency, balance_after_minor, debit_minor - credit_minor AS net,
                       lag(balance_after_minor, 1, 0) OVER book_order AS before,
                       lead(id) OVER book_order IS NULL AS is_last
                  FROM ledger_posting
                WINDOW book_order AS (PARTITION BY account_id ORDER BY id)) p
          JOIN ledger_account a ON a.id = p.account_id
         WHERE p.before + p.net * (CASE WHEN a.type IN ('asset', 'expense') THEN 1 ELSE -1 END) <> p.balance_after_minor
            OR p.currency <> a.currency
            OR (p.is_last AND p.balance_after_minor <> a.balance_minor)
    )
    SELECT (SELECT MIN(sequence) FROM ledger_journalentry WHERE id IN (SELECT entry_id FROM wrong WHERE bad_posting)),
           (SELECT MIN(code) FROM (
                SELECT code FROM wrong WHERE NOT bad_posting
                UNION ALL
                SELECT a.code FROM ledger_account a
                 WHERE a.balance_minor <> 0 AND NOT EXISTS (SELECT 1 FROM ledger_posting p WHERE p.account_id = a.id)
            ) accounts)
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


def _batches_postgresql(conn) -> Iterator[list[tuple]]:
    """Stream the chain rows through a server-side cursor, fetching the next batch in a thread
    while the caller hashes the current one (psycopg releases the GIL while it waits)."""
    raw = conn.connection
    with raw.cursor() as settings_cursor:
        # Serial and without JIT: parallel workers would each rebuild the postings aggregate.
        settings_cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        settings_cursor.execute("SET LOCAL jit = off")
        settings_cursor.execute("SET LOCAL work_mem = '64MB'")
        # Plan for reading every row, not for a quick first batch.
        settings_cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    cursor = raw.cursor(name="ledger_verify_chain")
    cursor.itersize = BATCH
    batches: queue.Queue = queue.Queue(maxsize=4)

    def produce() -> None:
        try:
            cursor.execute(_CHAIN_SQL["postgresql"])
            while rows := cursor.fetchmany(BATCH):
                batches.put(rows)
            batches.put(None)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            batches.put(exc)

    producer = threading.Thread(target=produce, name="verify-fetch", daemon=True)
    producer.start()
    try:
        while (batch := batches.get()) is not None:
            if isinstance(batch, BaseException):
                raise batch
            yield batch
    finally:
        # Stop early (a bad entry was found): drain so the producer can finish, then close.
        while producer.is_alive():
            try:
                batches.get(timeout=0.1)
            except queue.Empty:
                pass
        producer.join()
        cursor.close()


def _batches_sqlite(conn) -> Iterator[list[tuple]]:
    with conn.cursor() as cursor:
        cursor.execute(_CHAIN_SQL["sqlite"])
        while rows := cursor.fetchmany(BATCH):
            yield list(_sqlite_rows(rows))


def _check_chain(using: str) -> tuple[int, str | None, int | None]:
    """Stream the chain; return (entries seen, problem, sequence of the first bad entry)."""
    conn = connections[using]
    expected_sequence = 1
    last_hash = GENESIS_HASH
    sha256 = hashlib.sha256
    with transaction.atomic(using=using):
        conn.ensure_connection()
        batches = _batches_postgresql(conn) if conn.vendor == "postgresql" else _batches_sqlite(conn)
        try:
            for rows in batches:
                for sequence, prev_hash, stored_hash, header, lines, balanced in rows:
                    if sequence != expected_sequence:
                        return expected_sequence - 1, f"entry #{expected_sequence} is missing", expected_sequence
                    if prev_hash != last_hash:
                        return sequence - 1, f"entry #{sequence} does not link to the entry before it", sequence
                    # The same bytes as hashing.entry_hash, without a call per entry.
                    if sha256(f"{prev_hash}{RECORD}{header}{RECORD}{lines}".encode()).hexdigest() != stored_hash:
                        return sequence - 1, f"entry #{sequence} does not match its hash: it was changed", sequence
                    if not balanced:
                        return sequence - 1, f"entry #{sequence} does not balance in one currency", sequence
                    last_hash = stored_hash
                    expected_sequence += 1
        finally:
            if hasattr(batches, "close"):
                batches.close()
        with conn.cursor() as head_cursor:
            head_cursor.execute("SELECT sequence, hash FROM ledger_chainhead WHERE id = 1")
            head = head_cursor.fetchone()
    seen = expected_sequence - 1
    if seen and (head is None or head[0] < seen or (head[0] == seen and head[1] != last_hash)):
        return seen, f"the chain head does not match entry #{seen}", seen
    if head is not None and head[0] > seen:
        # Entries after the last one seen: either written during this check or removed.
        with conn.cursor() as head_cursor:
            head_cursor.execute("SELECT COUNT(*) FROM ledger_journalentry WHERE sequence > %s", [seen])
            if head_cursor.fetchone()[0] == 0:
                return seen, f"entries after #{seen} are missing (the head says #{head[0]})", seen + 1
    return seen, None, None


def _check_balances(using: str) -> tuple[int | None, str | None]:
    conn = connections[using]
    with transaction.atomic(using=using), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # Serial: the other core is busy hashing the chain.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(_BALANCE_SQL)
        bad_sequence, bad_account = cursor.fetchone()
    return bad_sequence, bad_account


def verify_ledger(*, using: str = "default") -> VerifyResult:
    """Check the chain, each entry's balance and every stored running balance.

    Names the first bad entry. When not inside a transaction on PostgreSQL, the balance check
    runs on a second connection at the same time as the chain check.
    """
    started = time.perf_counter()
    conn = connections[using]
    balances: dict[str, tuple[int | None, str | None]] = {}
    failures: list[BaseException] = []
    thread = None
    if conn.vendor == "postgresql" and not conn.in_atomic_block:

        def run() -> None:
            try:
                balances["result"] = _check_balances(using)
            except BaseException as exc:  # re-raised in the calling thread below
                failures.append(exc)
            finally:
                connections[using].close()

        thread = threading.Thread(target=run, name="verify-balances")
        thread.start()
    entries, problem, bad_sequence = _check_chain(using)
    if thread is not None:
        thread.join()
        if failures:
            raise failures[0]
    else:
        balances["result"] = _check_balances(using)
    balance_sequence, bad_account = balances.get("result", (None, None))
    if balance_sequence is not None and (bad_sequence is None or balance_sequence < bad_sequence):
        bad_sequence = balance_sequence
        problem = f"entry #{balance_sequence} has a posting whose running balance does not add up"
    elif problem is None and bad_account is not None:
        problem = f"account {bad_account} has a stored balance that differs from its postings"
    return VerifyResult(
        entries=entries, seconds=time.perf_counter() - started, problem=problem, bad_sequence=bad_sequence
    )
