"""The hash chain: what exactly an entry's hash covers.

hash = sha256(prev_hash RS header RS postings), hex, where RS is the ASCII record separator and

- header is the entry's fields joined by the unit separator (US): sequence, occurred_at and
  recorded_at as integer microseconds since the Unix epoch (UTC), kind, description, source_type,
  source_id, idempotency_key, reverses_id, campaign_id, team_id, page_id (empty when null) and the
  returned-gift flag ("1"/"0");
- postings is "account_id:debit:credit:currency" for each posting in line order, joined by ";".

Text fields may not contain control characters (``check_text``), so no field can smuggle a
separator and two different entries cannot share one canonical form.
Changing this format invalidates every stored hash: it would need a new chain, never an edit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ONE_MICROSECOND = dt.timedelta(microseconds=1)
UNIT = "\x1f"
RECORD = "\x1e"


def epoch_us(moment: dt.datetime) -> int:
    """Integer microseconds since the epoch: exact, unlike a float timestamp."""
    return (moment - EPOCH) // ONE_MICROSECOND


_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return _CONTROL_CHARACTER.search(text) is not None


def postings_text(rows: Iterable[tuple[int, int, int, str]]) -> str:
    """rows: (account_id, debit_minor, credit_minor, currency) in line order."""
    return ";".join(f"{account_id}:{debit}:{credit}:{currency}" for account_id, debit, credit, currency in rows)


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


def header_tail(
    *,
    occurred_us: int,
    recorded_us: int,
    kind: str,
    description: str,
    source_type: str,
    source_id: str,
    idempotency_key: str,
    reverses_id: int | None,
    campaign_id: int | None,
    team_id: int | None,
    page_id: int | None,
    returned_gift_report: bool,
) -> str:
    """Everything in the header after the sequence number, starting with its separator.

    Split out because on PostgreSQL the sequence and previous hash are only known inside the
    posting statement, which finishes the hash there (see ``actions._write_postgresql``).
    """
    return UNIT + UNIT.join(
        (
            str(occurred_us),
            str(recorded_us),
            kind,
            description,
            source_type,
            source_id,
            idempotency_key,
            _opt(reverses_id),
            _opt(campaign_id),
            _opt(team_id),
            _opt(page_id),
            "1" if returned_gift_report else "0",
        )
    )


def entry_hash(*, prev_hash: str, sequence: int, tail: str, postings: str) -> str:
    return hashlib.sha256(f"{prev_hash}{RECORD}{sequence}{tail}{RECORD}{postings}".encode()).hexdigest()
