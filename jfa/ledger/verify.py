"""Verifying the whole ledger: the hash chain, every entry's balance and every running balance.

Built for millions of entries: the database streams one row per entry (its postings already
folded into the canonical text by SQL) through a server-side cursor, Python only hashes, and no
ORM object is made. On PostgreSQL the running-balance check is one window-function query that
runs on a second connection while the chain is being hashed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from dataclasses import dataclass

from django.db import connections, transaction

from .hashing import EPOCH, ONE_MICROSECOND, RECORD, UNIT
from .models import GENESIS_HASH

BATCH = 20_000

_CHAIN_SQL = {
    "postgresql": """
        SELECT e.sequence, e.prev_hash, e.hash,
               (EXTRACT(EPOCH FROM e.occurred_at) * 1000000)::bigint,
               (EXTRACT(EPOCH FROM e.recorded_at) * 1000000)::bigint,
               e.kind, e.description, e.source_type, e.source_id, e.idempotency_key,
               e.reverses_id, e.campaign_id, e.team_id, e.page_id, e.returned_gift_report,
               p.lines, p.debits, p.credits, p.postings, p.min_currency, p.max_currency
          FROM ledger_journalentry e
          LEFT JOIN (
                SELECT entry_id,
                       string_agg(account_id || ':' || debit_minor || ':' || credit_minor || ':' || currency, ';'
                                  ORDER BY line) AS lines,
                       SUM(debit_minor) AS debits, SUM(credit_minor) AS credits, COUNT(*) AS postings,
                       MIN(currency) AS min_currency, MAX(currency) AS max_currency
                  FROM ledger_posting GROUP BY entry_id
          ) p ON p.entry_id = e.id
         ORDER BY e.sequence
    """,
    # SQLite keeps the row order of an ordered subquery inside group_concat.
    "sqlite": """
        SELECT e.sequence, e.prev_hash, e.hash, e.occurred_at, e.recorded_at,
               e.kind, e.description, e.source_type, e.source_id, e.idempotency_key,
               e.reverses_id, e.campaign_id, e.team_id, e.page_id, e.returned_gift_report,
               p.lines, p.debits, p.credits, p.postings, p.min_currency, p.max_currency
          FROM ledger_journalentry e
          LEFT JOIN (
                SELECT entry_id,
                       group_concat(account_id || ':' || debit_minor || ':' || credit_minor || ':' || currency, ';')
                           AS lines,
                       SUM(debit_minor) AS debits, SUM(credit_minor) AS credits, COUNT(*) AS postings,
                       MIN(currency) AS min_currency, MAX(currency) AS max_currency
                  FROM (SELECT * FROM ledger_posting ORDER BY entry_id, line) GROUP BY entry_id
          ) p ON p.entry_id = e.id
         ORDER BY e.sequence
    """,
}

# Postings are written in book order under the chain-head lock, so id order is book order. One
# statement (one snapshot) finds both kinds of running-balance error; the first bad entry wins.
_BALANCE_SQL = """
    WITH signed AS (
        SELECT p.id, p.entry_id, p.account_id, p.balance_after_minor, p.currency <> a.currency AS wrong_currency,
               CASE WHEN a.type IN ('asset', 'expense') THEN p.debit_minor - p.credit_minor
                    ELSE p.credit_minor - p.debit_minor END AS delta
          FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
    ),
    running AS (
        SELECT entry_id, account_id, balance_after_minor, wrong_currency,
               SUM(delta) OVER (PARTITION BY account_id ORDER BY id) AS running_minor
          FROM signed
    ),
    bad_posting AS (
        SELECT MIN(e.sequence) AS sequence FROM running r JOIN ledger_journalentry e ON e.id = r.entry_id
         WHERE r.running_minor <> r.balance_after_minor OR r.wrong_currency
    ),
    totals AS (SELECT account_id, SUM(delta) AS total FROM signed GROUP BY account_id),
    bad_account AS (
        SELECT MIN(a.code) AS code FROM ledger_account a LEFT JOIN totals t ON t.account_id = a.id
         WHERE a.balance_minor <> COALESCE(t.total, 0)
    )
    SELECT (SELECT sequence FROM bad_posting), (SELECT code FROM bad_account)
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


def _check_chain(using: str) -> tuple[int, str | None, int | None]:
    """Stream the chain; return (entries seen, problem, sequence of the first bad entry)."""
    conn = connections[using]
    vendor = conn.vendor
    expected_sequence = 1
    last_hash = GENESIS_HASH
    sha256 = hashlib.sha256
    with transaction.atomic(using=using), conn.chunked_cursor() as cursor:
        cursor.execute(_CHAIN_SQL[vendor])
        while rows := cursor.fetchmany(BATCH):
            for (
                sequence,
                prev_hash,
                stored_hash,
                occurred,
                recorded,
                kind,
                description,
                source_type,
                source_id,
                key,
                reverses_id,
                campaign_id,
                team_id,
                page_id,
                flag,
                lines,
                debits,
                credits,
                postings,
                min_currency,
                max_currency,
            ) in rows:
                if sequence != expected_sequence:
                    return expected_sequence - 1, f"entry #{expected_sequence} is missing", expected_sequence
                if prev_hash != last_hash:
                    return sequence - 1, f"entry #{sequence} does not link to the entry before it", sequence
                if vendor == "sqlite":
                    occurred, recorded = _sqlite_us(occurred), _sqlite_us(recorded)
                # Inlined hashing.entry_hash: the same fields in the same order, without a call per row.
                header = UNIT.join(
                    (
                        str(sequence),
                        str(occurred),
                        str(recorded),
                        kind,
                        description,
                        source_type,
                        source_id,
                        key,
                        "" if reverses_id is None else str(reverses_id),
                        "" if campaign_id is None else str(campaign_id),
                        "" if team_id is None else str(team_id),
                        "" if page_id is None else str(page_id),
                        "1" if flag else "0",
                    )
                )
                digest = sha256(f"{prev_hash}{RECORD}{header}{RECORD}{lines or ''}".encode()).hexdigest()
                if digest != stored_hash:
                    return sequence - 1, f"entry #{sequence} does not match its hash: it was changed", sequence
                if not postings or postings < 2 or debits != credits or min_currency != max_currency:
                    return sequence - 1, f"entry #{sequence} does not balance in one currency", sequence
                last_hash = stored_hash
                expected_sequence += 1
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
    with connections[using].cursor() as cursor:
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
