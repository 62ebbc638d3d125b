"""Ledger benchmark: posting speed, chain verification speed and balance lookup time.

    .venv/bin/python bench/ledger_bench.py [--entries 6000] [--rounds 9] [--chain 1000000]

Runs against the PostgreSQL server named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/test) in a scratch database, jfa_bench_ledger, that it creates
and drops: it never touches anyone else's data. Prints a table and writes
bench/results/ledger.json.

1. Posting: entries per second through ``post_entry`` (two postings each, one transaction each),
   as a ratio to a plain single-row INSERT loop (one transaction each) on the same connection,
   measured in the same run in alternating rounds; each round gives a ratio and the median
   round is the result.
2. Verification: ``verify_ledger`` over a chain of --chain entries, bulk-loaded with COPY and
   correctly hashed and chained.
3. Balance: ``account_balance`` of one account that has --chain postings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DB = "jfa_bench_ledger"


def scratch_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{SCRATCH_DB}"))


def admin_execute(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=6000, help="entries per side of the posting comparison")
    parser.add_argument("--rounds", type=int, default=9, help="alternating rounds; the ratio is their median")
    parser.add_argument("--chain", type=int, default=1_000_000, help="entries in the chain to verify")
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--verifications", type=int, default=5, help="runs of verify_ledger; the median is the result")
    parser.add_argument("--keep", action="store_true", help="leave the scratch database for inspection")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
    if not base_url.startswith(("postgres://", "postgresql://")):
        print("ledger_bench needs PostgreSQL in DATABASE_URL", file=sys.stderr)
        return 2
    admin_execute(base_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}"')
    admin_execute(base_url, f'CREATE DATABASE "{SCRATCH_DB}"')
    os.environ["DATABASE_URL"] = scratch_url(base_url)
    os.environ.setdefault("SECRET_KEY", "ledger-benchmark-only-key-0123456789-abcdefghijklmnop")
    os.environ["DEBUG"] = "false"  # DEBUG would record every query in memory and skew timings
    os.environ["DJANGO_SETTINGS_MODULE"] = "jfa.settings"
    sys.path.insert(0, str(ROOT))
    try:
        return run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_execute(base_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jfa.core.money import Money
    from jfa.ledger.actions import Line, post_entry
    from jfa.ledger.gifts import post_gift, setup_books
    from jfa.ledger.models import Account, AccountRole, AccountType
    from jfa.ledger.queries import account_balance
    from jfa.ledger.verify import verify_ledger

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    books = setup_books()["us-foundation"]
    clearing = books.accounts[AccountRole.PROCESSOR_CLEARING]
    restricted = books.accounts[AccountRole.RESTRICTED_GIFTS]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain_insert (id bigserial PRIMARY KEY, amount_minor bigint NOT NULL,"
            " note text NOT NULL, created_at timestamptz NOT NULL)"
        )
    print(f"setup: {time.perf_counter() - started:.1f}s", flush=True)

    # -- 1. posting versus a plain insert loop ------------------------------------------------
    now = dt.datetime.now(dt.UTC)
    counter = iter(range(10**9))

    def plain_inserts(n: int) -> float:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for i in range(n):
                cursor.execute(
                    "INSERT INTO bench_plain_insert (amount_minor, note, created_at) VALUES (%s, %s, %s)",
                    [100 + i, "plain insert", now],
                )
        return time.perf_counter() - t0

    def ledger_entries(n: int) -> float:
        amount = Money(2500, "USD")
        t0 = time.perf_counter()
        for _ in range(n):
            i = next(counter)
            post_entry(
                description="Benchmark gift",
                idempotency_key=f"bench-post:{i}",
                lines=[Line.debit(clearing, amount), Line.credit(restricted, amount)],
                occurred_at=now,
            )
        return time.perf_counter() - t0

    def gifts(n: int) -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            i = next(counter)
            post_gift(
                donation_id=10**8 + i,
                entity=books.entity,
                fund=books.restricted_fund,
                amount=Money(5000, "USD"),
                fee=Money(175, "USD"),
                fee_covered_by_donor=Money(0, "USD"),
                page_id=1,
                team_id=None,
                campaign_id=1,
                occurred_at=now,
            )
        return time.perf_counter() - t0

    assert connection.get_autocommit()
    plain_inserts(200), ledger_entries(200)  # warm up caches and prepared paths
    settle(connection)
    per_round = max(args.entries // args.rounds, 1)
    # Each round times both sides back to back and yields its own ratio; the headline is the
    # median round, so a burst of noise on a shared machine moves one round, not the result.
    rounds = []
    for _ in range(args.rounds):
        plain_rate = per_round / plain_inserts(per_round)
        ledger_rate = per_round / ledger_entries(per_round)
        gift_rate = (per_round // 2) / gifts(per_round // 2)
        rounds.append((plain_rate, ledger_rate, gift_rate))
    ratios = sorted(ledger / plain for plain, ledger, _gift in rounds)
    gift_ratios = sorted(gift / plain for plain, _ledger, gift in rounds)
    ratio = statistics.median(ratios)
    gift_ratio = statistics.median(gift_ratios)
    plain_rate = statistics.median(plain for plain, _ledger, _gift in rounds)
    ledger_rate = statistics.median(ledger for _plain, ledger, _gift in rounds)
    gift_rate = statistics.median(gift for _plain, _ledger, gift in rounds)
    total = per_round * args.rounds
    print(
        f"posting: plain {plain_rate:,.0f}/s, post_entry {ledger_rate:,.0f}/s, post_gift {gift_rate:,.0f}/s;"
        f" post_entry/plain per round: {' '.join(f'{r:.2f}' for r in ratios)}",
        flush=True,
    )

    # -- 2. a long chain, bulk-loaded, then verified -------------------------------------------
    heavy = Account.objects.create(
        code="bench/heavy",
        name="Benchmark account with many postings",
        type=AccountType.ASSET,
        currency="USD",
        entity=books.entity,
    )
    other = Account.objects.create(
        code="bench/other",
        name="Benchmark counter-account",
        type=AccountType.INCOME,
        currency="USD",
        entity=books.entity,
    )
    t0 = time.perf_counter()
    bulk_load_chain(connection, args.chain, heavy.pk, other.pk)
    load_seconds = time.perf_counter() - t0
    print(f"bulk load of {args.chain:,} entries: {load_seconds:.1f}s", flush=True)

    assert not connection.in_atomic_block
    # As for posting: start from a quiet server (the load's writes checkpointed), then verify
    # --verifications times; the median run is the result, every run is printed.
    settle(connection)
    runs = []
    cpu_seconds = []
    for _ in range(args.verifications):
        busy = machine_busy_seconds()
        result = verify_ledger()
        cpu_seconds.append(machine_busy_seconds() - busy)
        if not result.ok:
            print(f"verification FAILED: {result.problem}", file=sys.stderr)
            return 1
        runs.append(result)
    seconds = sorted(run.seconds for run in runs)
    result = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    cpu = statistics.median(cpu_seconds)
    print(
        f"verify: {result.entries:,} entries, median {result.seconds:.2f}s"
        f" of runs {' '.join(f'{s:.2f}' for s in seconds)}; median {cpu:.2f} CPU-seconds (all cores)",
        flush=True,
    )

    # -- 3. balance of the account with a million postings -----------------------------------
    account_balance(heavy)
    timings = []
    for _ in range(args.lookups):
        t0 = time.perf_counter()
        account_balance(heavy)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    postings_on_heavy = heavy.postings.count()

    results = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": "postgresql",
        "posting": {
            "entries": total,
            "plain_insert_per_second": round(plain_rate, 1),
            "post_entry_per_second": round(ledger_rate, 1),
            "rounds": args.rounds,
            "ratio": round(ratio, 3),
            "ratio_per_round": [round(r, 3) for r in ratios],
            "post_gift_per_second": round(gift_rate, 1),
            "post_gift_ratio": round(gift_ratio, 3),
        },
        "verification": {
            "entries": result.entries,
            "seconds": round(result.seconds, 3),
            "seconds_per_run": [round(s, 3) for s in seconds],
            "entries_per_second": round(result.entries_per_second, 1),
            "bulk_load_seconds": round(load_seconds, 1),
            "cpu_seconds_median": round(cpu, 2),
        },
        "balance_lookup": {
            "postings_on_account": postings_on_heavy,
            "mean_ms": round(statistics.fmean(timings), 4),
            "p50_ms": round(timings[len(timings) // 2], 4),
            "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 4),
        },
    }
    out = ROOT / "bench" / "results" / "ledger.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")

    rows = [
        ("plain single-row inserts / s", f"{plain_rate:,.0f}", ""),
        (
            "post_entry entries / s",
            f"{ledger_rate:,.0f}",
            f"ratio {ratio:.2f}, median of {args.rounds} rounds ({ratios[0]:.2f} to {ratios[-1]:.2f}) (aim ≥ 0.5)",
        ),
        ("post_gift entries / s (4 legs)", f"{gift_rate:,.0f}", f"ratio {gift_ratio:.2f}"),
        (
            f"verify_ledger over {result.entries:,} entries",
            f"{result.entries_per_second:,.0f} / s",
            f"median {result.seconds:.2f}s of {len(seconds)} runs ({seconds[0]:.2f} to {seconds[-1]:.2f}),"
            f" {cpu:.1f} CPU-s (aim ≥ 200,000 / s)",
        ),
        (
            f"balance of an account with {postings_on_heavy:,} postings",
            f"{statistics.fmean(timings):.3f} ms mean",
            f"p99 {results['balance_lookup']['p99_ms']:.3f} ms (aim < 5 ms)",
        ),
    ]
    width = max(len(row[0]) for row in rows)
    print()
    for label, figure, note in rows:
        print(f"{label:<{width}}  {figure:>16}  {note}")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy (every core, every process), from /proc/stat:
    how much work a verification took, which moves far less than its wall time when the machine
    is shared."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in stat.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def settle(connection) -> None:
    """Start the timed rounds from a quiet server, as pgbench does: a checkpoint now, so the one
    PostgreSQL would otherwise run in the middle of the rounds (after an earlier benchmark's writes,
    say) does not land on some rounds and not others."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def bulk_load_chain(connection, count: int, heavy_id: int, other_id: int) -> None:
    """Append ``count`` correctly chained entries with COPY, continuing from the current head.

    Triggers and foreign-key checks are switched off for this session only (replica role): this
    is test data generation in a scratch database, written exactly as post_entry would write it.
    """
    from jfa.ledger.hashing import entry_hash, epoch_us, header_tail

    with connection.cursor() as cursor:
        cursor.execute("SELECT sequence, hash FROM ledger_chainhead WHERE id = 1")
        sequence, prev_hash = cursor.fetchone()
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_journalentry")
        entry_id = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM ledger_posting")
        posting_id = cursor.fetchone()[0]
    base = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    raw = connection.connection  # the psycopg connection under Django's
    heavy_balance = other_balance = 0
    with raw.transaction(), raw.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")
        with (
            cur.copy(
                "COPY ledger_journalentry (id, sequence, occurred_at, recorded_at, kind, description, source_type,"
                " source_id, idempotency_key, reverses_id, campaign_id, team_id, page_id, returned_gift_report,"
                " prev_hash, hash) FROM STDIN"
            ) as entries,
        ):
            postings_rows = []
            for i in range(count):
                sequence += 1
                entry_id += 1
                amount = 100 + i % 9900
                moment = base + dt.timedelta(microseconds=i * 1000)
                us = epoch_us(moment)
                key = f"bench-chain:{i}"
                description = f"Benchmark chain entry {i}"
                tail = header_tail(
                    occurred_us=us,
                    recorded_us=us,
                    kind="adjustment",
                    description=description,
                    source_type="",
                    source_id="",
                    idempotency_key=key,
                    reverses_id=None,
                    campaign_id=None,
                    team_id=None,
                    page_id=None,
                    returned_gift_report=False,
                )
                lines = f"{heavy_id}:{amount}:0:USD;{other_id}:0:{amount}:USD"
                digest = entry_hash(prev_hash=prev_hash, sequence=sequence, tail=tail, postings=lines)
                entries.write_row(
                    (
                        entry_id,
                        sequence,
                        moment,
                        moment,
                        "adjustment",
                        description,
                        "",
                        "",
                        key,
                        None,
                        None,
                        None,
                        None,
                        False,
                        prev_hash,
                        digest,
                    )
                )
                heavy_balance += amount
                other_balance += amount
                posting_id += 1
                postings_rows.append((posting_id, entry_id, 0, heavy_id, amount, 0, "USD", heavy_balance))
                posting_id += 1
                postings_rows.append((posting_id, entry_id, 1, other_id, 0, amount, "USD", other_balance))
                prev_hash = digest
        with cur.copy(
            "COPY ledger_posting (id, entry_id, line, account_id, debit_minor, credit_minor, currency,"
            " balance_after_minor) FROM STDIN"
        ) as postings:
            for row in postings_rows:
                postings.write_row(row)
        cur.execute("UPDATE ledger_account SET balance_minor = %s WHERE id = %s", [heavy_balance, heavy_id])
        cur.execute("UPDATE ledger_account SET balance_minor = %s WHERE id = %s", [other_balance, other_id])
        cur.execute("UPDATE ledger_chainhead SET sequence = %s, hash = %s WHERE id = 1", [sequence, prev_hash])
        cur.execute("SELECT setval(pg_get_serial_sequence('ledger_journalentry', 'id'), %s)", [entry_id])
        cur.execute("SELECT setval(pg_get_serial_sequence('ledger_posting', 'id'), %s)", [posting_id])
    with raw.cursor() as cur:
        cur.execute("VACUUM ANALYZE ledger_journalentry")
        cur.execute("VACUUM ANALYZE ledger_posting")


if __name__ == "__main__":
    sys.exit(main())
