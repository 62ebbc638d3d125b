"""The giving benchmark: what a gift costs, whether a rush on one page serializes, and how the
campaign's busiest pages read once 100,000 gifts are in.

It builds its own PostgreSQL database, serves the app with gunicorn on a loopback port and drives
it with wrk (bench/giving.lua). Run it through bench/run; bench/README.md explains every figure.
Absolute rates depend on the machine; the ratios between runs on the same machine are the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LUA = BENCH / "giving.lua"

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEMO_GIFTS = 520  # made through the real actions by load_demo
BULK_KEY_PREFIX = "bulk-"

# Gifts post to the books once the ledger is wired into giving; its accounts must exist first.
SETUP_BOOKS = """
try:
    from jfa.ledger.gifts import setup_books
except ImportError:
    setup_books = None
if setup_books is not None:
    setup_books()
"""

# The aims from the issue; a missed aim is reported, never an error (these machines are noisy).
AIMS = {"give_vs_insert": 0.5, "one_page_vs_spread": 0.8}


def env_default(name: str, default: str) -> str:
    return os.environ.get(name) or default


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database",
        default=env_default("BENCH_DATABASE", "jfa_bench_giving"),
        help="scratch database, dropped and created again (default jfa_bench_giving)",
    )
    parser.add_argument(
        "--gifts",
        type=int,
        default=int(env_default("BENCH_GIFTS", "100000")),
        help="gifts loaded before the runs (default 100000)",
    )
    parser.add_argument(
        "--workers", type=int, default=int(env_default("BENCH_WORKERS", "4")), help="gunicorn sync workers (default 4)"
    )
    parser.add_argument("--threads", type=int, default=int(env_default("BENCH_THREADS", "2")), help="wrk threads")
    parser.add_argument(
        "--connections",
        type=int,
        default=int(env_default("BENCH_CONNECTIONS", "8")),
        help="wrk connections (default 8)",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(env_default("BENCH_DURATION", "10")),
        help="seconds per measured run (default 10)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=int(env_default("BENCH_WARMUP", "3")),
        help="seconds of warm-up before each measured run (default 3)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(env_default("BENCH_ROUNDS", "3")),
        help="rounds of all six runs; ratios are medians over rounds (default 3)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(env_default("BENCH_PORT", "0")),
        help="loopback port for gunicorn (default: a free one)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and leave nothing running but it")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        BENCHMARK_VIEWS="true",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        REDIS_URL="redis://127.0.0.1:6379/15",
        # Our own key prefix, so nothing else using this Redis database sees our entries or we theirs.
        CACHE_KEY_PREFIX=f"{args.database}-{os.getpid()}",
        # Gift emails are queued in the gift's transaction and rendered by a task worker that runs
        # beside gunicorn, as in production; the dummy backend only skips delivery, which on a
        # real site is an SMTP relay we cannot measure here (see README).
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TASKS_INLINE="false",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="jfa.settings",
    )
    env.pop("CI", None)
    return env


def say(text: str) -> None:
    print(text, flush=True)


# --- database -------------------------------------------------------------------------------------


def recreate_database(name: str, *, create: bool = True) -> None:
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"refusing an unusual database name: {name!r}")
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {name}")


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout.strip()


def bulk_load(count: int) -> int:
    """Add ``count`` succeeded gifts in a few SQL statements, keeping every total consistent.

    Each bulk gift copies a gift that load_demo made through the real actions on the same page
    (so its campaign, team, currency and any routing columns are what the app itself wrote), with
    its own key, amount, fee, donor and time; and gets a copy of that gift's succeeded payment
    attempt. Their amounts are then added to the total shards (one shard per gift, by id), with
    the same upsert as jfa.donations.totals. No ledger entries are written for them.
    """
    from django.db import connection, transaction

    from jfa.campaigns.queries import current_campaign
    from jfa.donations.models import Donation, Refund, TotalShard
    from jfa.payments.models import PaymentAttempt

    if count <= 0:
        return 0
    campaign = current_campaign()
    window_start = dt.datetime(campaign.year, 10, 1, 9, tzinfo=dt.UTC)
    window_seconds = int((dt.datetime(campaign.year, 11, 24, 21, tzinfo=dt.UTC) - window_start).total_seconds())
    params = {
        "campaign": campaign.pk,
        "count": count,
        "start": window_start,
        "window": window_seconds,
        "prefix": BULK_KEY_PREFIX,
        "like": BULK_KEY_PREFIX + "%",
        "shards": TotalShard.SHARDS,
    }
    donations, attempts, shards = Donation._meta.db_table, PaymentAttempt._meta.db_table, TotalShard._meta.db_table
    refunds = Refund._meta.db_table
    # What differs from gift to gift; every other column is copied from the page's template gift,
    # so columns added to these tables later keep the values the real actions give them.
    gift_columns = {
        "id": None,
        "public_id": "gen_random_uuid()",
        "idempotency_key": "%(prefix)s || lpad(g.i::text, 10, '0')",
        "amount_minor": "g.amount",
        "fee_covered_minor": "0",
        "fee_minor": "(g.amount * 29 + 500) / 1000 + 30",
        "donor_name": "'Bulk Donor ' || g.i",
        "donor_email": "'bulk' || g.i || '@example.net'",
        "is_anonymous": "g.i %% 9 = 0",
        "message": "CASE WHEN g.i %% 4 = 0 THEN 'For freedom.' ELSE '' END",
        "status": "'succeeded'",
        "created_at": "g.at",
        "succeeded_at": "g.at",
    }
    attempt_columns = {
        "id": None,
        "donation_id": "d.id",
        "amount_minor": "d.amount_minor + d.fee_covered_minor",
        "provider_reference": "'sandbox_bulk_' || d.id",
        "created_at": "d.created_at",
        "updated_at": "d.created_at",
    }

    def select_list(table: str, overrides: dict[str, str | None], template: str) -> tuple[str, str]:
        with connection.cursor() as cursor:
            names = [col.name for col in connection.introspection.get_table_description(cursor, table)]
        names = [name for name in names if overrides.get(name, "") is not None]
        exprs = [overrides.get(name) or f"{template}.{name}" for name in names]
        return ", ".join(names), ", ".join(exprs)

    gift_names, gift_exprs = select_list(donations, gift_columns, "t")
    attempt_names, attempt_exprs = select_list(attempts, attempt_columns, "ta")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH t AS (
                SELECT DISTINCT ON (page_id) * FROM {donations}
                WHERE campaign_id = %(campaign)s AND page_id IS NOT NULL AND status = 'succeeded'
                      AND idempotency_key NOT LIKE %(like)s
                      AND NOT EXISTS (SELECT 1 FROM {refunds} r WHERE r.donation_id = {donations}.id)
                ORDER BY page_id, id
            ), p AS (
                SELECT row_number() OVER (ORDER BY page_id) AS rn, page_id FROM t
            ), g AS (
                SELECT i,
                       1 + floor(random() * (SELECT count(*) FROM p))::int AS rn,
                       %(start)s::timestamptz + random() * %(window)s * interval '1 second' AS at,
                       100 * (ARRAY[10, 20, 25, 30, 35, 40, 50, 50, 75, 100, 100, 150, 250, 500])
                             [1 + floor(random() * 14)::int] AS amount
                FROM generate_series(1, %(count)s) AS i
            )
            INSERT INTO {donations} ({gift_names})
            SELECT {gift_exprs} FROM g JOIN p USING (rn) JOIN t USING (page_id)
            """,  # noqa: S608 — table and column names come from the models and the database
            params,
        )
        cursor.execute(
            f"""
            WITH ta AS (
                SELECT DISTINCT ON (dt.page_id) dt.page_id, a.* FROM {attempts} AS a
                JOIN {donations} AS dt ON dt.id = a.donation_id
                WHERE dt.campaign_id = %(campaign)s AND dt.page_id IS NOT NULL AND a.status = 'succeeded'
                      AND dt.idempotency_key NOT LIKE %(like)s
                      AND NOT EXISTS (SELECT 1 FROM {refunds} r WHERE r.donation_id = dt.id)
                ORDER BY dt.page_id, dt.id, a.id
            )
            INSERT INTO {attempts} ({attempt_names})
            SELECT {attempt_exprs} FROM {donations} AS d JOIN ta USING (page_id)
            WHERE d.idempotency_key LIKE %(like)s
            """,  # noqa: S608
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO {shards} (scope, scope_id, currency, shard, amount_minor, gift_count)
            SELECT scope, scope_id, currency, shard, sum(amount_minor), count(*)
            FROM (
                SELECT 'campaign' AS scope, campaign_id AS scope_id, currency, id %% %(shards)s AS shard, amount_minor
                FROM {donations} WHERE idempotency_key LIKE %(like)s
                UNION ALL
                SELECT 'team', team_id, currency, id %% %(shards)s, amount_minor
                FROM {donations} WHERE idempotency_key LIKE %(like)s AND team_id IS NOT NULL
                UNION ALL
                SELECT 'page', page_id, currency, id %% %(shards)s, amount_minor
                FROM {donations} WHERE idempotency_key LIKE %(like)s AND page_id IS NOT NULL
            ) AS gifts
            GROUP BY scope, scope_id, currency, shard
            ON CONFLICT (scope, scope_id, currency, shard)
            DO UPDATE SET amount_minor = {shards}.amount_minor + excluded.amount_minor,
                          gift_count = {shards}.gift_count + excluded.gift_count
            """,  # noqa: S608
            params,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return count


def succeeded_gifts() -> int:
    from jfa.donations.models import Donation

    return Donation.objects.succeeded().count()


def settled_succeeded_gifts() -> int:
    """The succeeded count once the server has finished what wrk left in flight."""
    last = succeeded_gifts()
    steady = 0
    while steady < 3:
        time.sleep(0.3)
        now = succeeded_gifts()
        steady = steady + 1 if now == last else 0
        last = now
    return last


def run_gifts(tag: str) -> dict[str, int]:
    from django.db.models import Count

    from jfa.donations.models import Donation

    rows = Donation.objects.filter(idempotency_key__startswith=f"bench-{tag}-").values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def totals_mismatches() -> list[str]:
    """Every (scope, id, currency) whose shards do not sum to its succeeded gifts, less what was
    returned of them (a gift returned in full is no longer succeeded)."""
    from django.db.models import Count, Sum

    from jfa.donations.models import Donation, Refund, TotalScope, TotalShard

    problems = []
    scopes = ((TotalScope.CAMPAIGN, "campaign_id"), (TotalScope.TEAM, "team_id"), (TotalScope.PAGE, "page_id"))
    for scope, column in scopes:
        returned = {
            (row[f"donation__{column}"], row["currency"]): row["amount"]
            for row in Refund.objects.filter(donation__status="succeeded")
            .exclude(**{f"donation__{column}__isnull": True})
            .values(f"donation__{column}", "currency")
            .annotate(amount=Sum("amount_minor"))
        }
        from_gifts = {
            (row[column], row["currency"]): (row["amount"] - returned.get((row[column], row["currency"]), 0), row["n"])
            for row in Donation.objects.succeeded()
            .exclude(**{f"{column}__isnull": True})
            .values(column, "currency")
            .annotate(amount=Sum("amount_minor"), n=Count("id"))
        }
        from_shards = {
            (row["scope_id"], row["currency"]): (row["amount"], row["n"])
            for row in TotalShard.objects.filter(scope=scope)
            .values("scope_id", "currency")
            .annotate(amount=Sum("amount_minor"), n=Sum("gift_count"))
            if row["amount"] or row["n"]
        }
        for key in sorted(set(from_gifts) | set(from_shards)):
            if from_gifts.get(key) != from_shards.get(key):
                problems.append(f"{scope} {key}: gifts {from_gifts.get(key)} != shards {from_shards.get(key)}")
    return problems


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process, from /proc (0 if it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_pids(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(entry.name))
    return pids


def database_backend_pids() -> list[int]:
    """Our database's client backends, if PostgreSQL runs on this machine (else none)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall() if Path(f"/proc/{pid}").exists()]


# --- server ----------------------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict[str, str], *, port: int, workers: int, log: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "jfa.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--backlog",
                "2048",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # One task worker sends the queued gift emails while the load runs; its CPU competes
        # with the app's on this machine, as it would on a one-machine deployment.
        self.worker = subprocess.Popen(
            [str(PYTHON), "manage.py", "run_tasks", "--idle-sleep", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/bench/trivial/", timeout=2) as reply:  # noqa: S310
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 60 s")

    def cpu_seconds(self) -> dict[int, float]:
        """CPU time so far of each gunicorn worker, the task worker and each of our database
        backends (the task worker's included), by pid."""
        pids = child_pids(self.process.pid) + [self.worker.pid] + database_backend_pids()
        return {pid: process_cpu_seconds(pid) for pid in pids}

    def stop(self) -> None:
        if self.worker.poll() is None:
            self.worker.send_signal(signal.SIGTERM)
            self.worker.wait(timeout=30)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def signed_in_cookie() -> str:
    """The Cookie header of a signed-in reader who has no page: their session is read on every
    request, and they are served the copy kept for signed-in readers, apart from the anonymous
    readers' one."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection

    from jfa.accounts.models import User

    reader, _ = User.objects.get_or_create(email="bench-reader@example.net", defaults={"display_name": "Bench Reader"})
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.create()
    connection.close()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def csrf_pair(base: str, page_path: str) -> tuple[str, str]:
    """One GET of a donation form: its csrftoken cookie and form token, reused by every POST."""
    with urllib.request.urlopen(base + page_path, timeout=10) as reply:  # noqa: S310
        cookies = reply.headers.get_all("Set-Cookie") or []
        body = reply.read().decode()
    cookie = next((m.group(1) for c in cookies if (m := re.match(r"csrftoken=([^;]+)", c))), None)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not cookie or not token:
        raise SystemExit(f"no CSRF cookie or form token on {page_path}")
    return cookie, html.unescape(token.group(1))


# --- wrk -------------------------------------------------------------------------------------------


@dataclass
class Run:
    name: str  # trivial, home, advocate_page, advocate_page_signed_in, insert, give_spread, give_one_page
    what: str  # "gift" runs count 302s; the others count 2xx
    rate: float  # responses per second of the kind the run is about (302 for gifts, 2xx otherwise)
    wrk: dict = field(default_factory=dict)
    check: dict = field(default_factory=dict)
    round: int = 0

    @property
    def bad_responses(self) -> int:
        status = self.wrk["status"]
        errors = self.wrk["errors"]
        expected = "302" if self.what == "gift" else "2xx"
        unexpected = sum(n for kind, n in status.items() if kind != expected)
        return unexpected + errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]


class Wrk:
    def __init__(self, args: argparse.Namespace, server: Server) -> None:
        self.args = args
        self.server = server
        self.base = server.base

    def call(self, seconds: int, script_args: list[str]) -> dict:
        a = self.args
        command = [
            "wrk",
            f"-t{a.threads}",
            f"-c{a.connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            self.base + "/",
            "--",
            *script_args,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
        if done.returncode != 0 or line is None:
            raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return json.loads(line.removeprefix("BENCH_JSON "))

    def measure(self, name: str, what: str, script_args: list[str], *, warm_args: list[str] | None = None) -> Run:
        if self.args.warmup:
            self.call(self.args.warmup, warm_args or script_args)
        result = self.timed_call(script_args)
        seconds = result["duration_us"] / 1e6
        good = result["status"]["302"] if what == "gift" else result["status"]["2xx"]
        return Run(name, what, good / seconds, result)

    def timed_call(self, script_args: list[str]) -> dict:
        """A measured run, with the server's CPU time per response (app workers, database backends).

        On a shared, noisy machine CPU per response moves far less than responses per second,
        so it shows where a ratio comes from even when the rates wobble.
        """
        before = self.server.cpu_seconds()
        result = self.call(self.args.duration, script_args)
        after = self.server.cpu_seconds()
        app_pids = set(child_pids(self.server.process.pid))
        worker_pid = self.server.worker.pid
        used = {pid: cpu - before.get(pid, 0.0) for pid, cpu in after.items()}
        responses = max(result["received"], 1)
        result["cpu_ms_per_response"] = {
            "app": round(1000 * sum(v for pid, v in used.items() if pid in app_pids) / responses, 2),
            # The task worker writing and sending the gift emails (its Python; its database
            # backend counts under "database").
            "worker": round(1000 * used.get(worker_pid, 0.0) / responses, 2),
            "database": round(
                1000 * sum(v for pid, v in used.items() if pid not in app_pids and pid != worker_pid) / responses, 2
            ),
        }
        return result


# --- the benchmark -------------------------------------------------------------------------------


class LockWaitSampler:
    """Samples, every 50 ms, how many of our database's backends wait on a lock (a hot row)."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.samples: list[tuple[int, int]] = []  # (waiting on a lock, active)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            while not self.stopping.wait(0.05):
                row = conn.execute(
                    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) FILTER (WHERE state = 'active') "
                    "FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                    [self.database],
                ).fetchone()
                if row is not None:
                    self.samples.append((row[0], row[1]))

    def __enter__(self) -> LockWaitSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()

    def summary(self) -> dict:
        n = max(len(self.samples), 1)
        return {
            "samples": len(self.samples),
            "mean_waiting_on_lock": round(sum(w for w, _ in self.samples) / n, 3),
            "mean_active": round(sum(a for _, a in self.samples) / n, 3),
        }


def giving_run(wrk: Wrk, name: str, tag: str, pages_file: Path, csrf: tuple[str, str]) -> Run:
    # The warm-up has its own tag and settles before the count starts: the check sees only the run.
    warm = ["give", f"{tag}w", str(pages_file), *csrf]
    if wrk.args.warmup:
        wrk.call(wrk.args.warmup, warm)
    before = settled_succeeded_gifts()
    with LockWaitSampler(wrk.args.database) as locks:
        result = wrk.timed_call(["give", tag, str(pages_file), *csrf])
    after = settled_succeeded_gifts()
    seconds = result["duration_us"] / 1e6
    run = Run(name, "gift", result["status"]["302"] / seconds, result)
    in_flight = result["sent"] - result["received"]
    by_status = run_gifts(tag)
    run.check = {
        "succeeded_before": before,
        "succeeded_after": after,
        "increase": after - before,
        "responses_302": result["status"]["302"],
        "in_flight_at_stop": in_flight,
        "run_gifts_by_status": by_status,
        "lock_waits": locks.summary(),
        # Every 302 wrk read is one new succeeded gift; requests wrk abandoned when its time was up
        # were still completed by the server, and each of those must be one gift as well.
        "ok": after - before == result["status"]["302"] + in_flight
        and by_status.get("succeeded", 0) == after - before
        and set(by_status) <= {"succeeded"},
    }
    return run


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 3) if denominator else 0.0


# Each headline ratio compares two runs of the same round, a minute apart at most; the headline is
# the median over rounds, so one noisy minute on a shared machine moves it little.
RATIOS = {
    "give_vs_insert": ("give_spread", "insert"),
    "one_page_vs_spread": ("give_one_page", "give_spread"),
    "home_vs_trivial": ("home", "trivial"),
    "advocate_page_vs_trivial": ("advocate_page", "trivial"),
    "signed_in_page_vs_trivial": ("advocate_page_signed_in", "trivial"),
}
LABELS = {
    "give_vs_insert": "gifts (spread) / insert one row",
    "one_page_vs_spread": "gifts (one page) / gifts (spread)",
    "home_vs_trivial": "campaign home / trivial view",
    "advocate_page_vs_trivial": "advocate page / trivial view",
    "signed_in_page_vs_trivial": "same, signed-in reader / trivial",
}


def main() -> int:
    args = parse_args()
    missing = [name for name, found in (("wrk", shutil.which("wrk")), (".venv", PYTHON.exists())) if not found]
    if missing:
        # Checked before anything is built: a run that dies at its first wrk call wastes a minute.
        say(f"missing: {', '.join(missing)}; run bench/run (it installs them) or bin/setup --bench first")
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = args.port or free_port()
    env = server_env(args)
    started = time.monotonic()

    say(
        f"giving benchmark: database {args.database}, gunicorn {args.workers} sync workers on 127.0.0.1:{port}, "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s (+{args.warmup}s warm-up), "
        f"{args.rounds} round(s)"
    )
    recreate_database(args.database)
    server: Server | None = None
    try:
        say("preparing: migrate, createcachetable, collectstatic, books, load_demo")
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")
        manage(env, "shell", "-c", SETUP_BOOKS)
        say("  " + manage(env, "load_demo", "--donations", str(min(DEMO_GIFTS, args.gifts))).splitlines()[0])

        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connection
        from django.db.models import Count

        from jfa.campaigns.models import AdvocatePage
        from jfa.campaigns.queries import current_campaign

        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, note text)")

        load_started = time.monotonic()
        bulk = bulk_load(args.gifts - succeeded_gifts())
        loaded = succeeded_gifts()
        say(f"  bulk-loaded {bulk} gifts in {time.monotonic() - load_started:.1f} s: {loaded} succeeded gifts")
        problems = totals_mismatches()
        if problems:
            raise SystemExit("totals disagree with the gifts after loading:\n" + "\n".join(problems))

        campaign = current_campaign()
        pages = list(
            AdvocatePage.objects.published()
            .filter(campaign=campaign)
            .order_by("pk")
            .values_list("slug", "currency", "team_id")
        )
        # The rush goes to a page in a team: its page, team and campaign totals all take every gift.
        rush_slug, rush_currency, _team = next(p for p in pages if p[2] is not None)
        # The advocate page read is the one with the most gifts: the longest donor wall to draw from.
        read_slug = (
            AdvocatePage.objects.published()
            .filter(campaign=campaign)
            .annotate(gifts=Count("donations"))
            .order_by("-gifts", "pk")
            .values_list("slug", flat=True)
            .first()
        ) or pages[0][0]
        spread_file = RESULTS / "pages-spread.txt"
        rush_file = RESULTS / "pages-one.txt"
        spread_file.write_text("".join(f"{slug} {currency}\n" for slug, currency, _ in pages))
        rush_file.write_text(f"{rush_slug} {rush_currency}\n")
        connection.close()

        server = Server(env, port=port, workers=args.workers, log=RESULTS / "gunicorn.log")
        wrk = Wrk(args, server)
        csrf = csrf_pair(server.base, f"/give/page/{pages[0][0]}/")
        signed_in = signed_in_cookie()

        run_id = f"{int(time.time()) % 100000:05d}"
        runs: list[Run] = []
        for r in range(1, args.rounds + 1):
            say(f"round {r}/{args.rounds} ({succeeded_gifts()} gifts in the database)")
            round_runs = [
                wrk.measure("trivial", "page", ["get", "/bench/trivial/"]),
                wrk.measure("home", "page", ["get", "/"]),
                wrk.measure("advocate_page", "page", ["get", f"/p/{read_slug}/"]),
                wrk.measure("advocate_page_signed_in", "page", ["get", f"/p/{read_slug}/", signed_in]),
                wrk.measure("insert", "row", ["insert", "/bench/insert/"]),
                giving_run(wrk, "give_spread", f"{run_id}s{r}", spread_file, csrf),
                giving_run(wrk, "give_one_page", f"{run_id}o{r}", rush_file, csrf),
            ]
            for run in round_runs:
                run.round = r
            runs += round_runs
            say("  " + ", ".join(f"{run.name} {run.rate:.1f}/s" for run in round_runs))
        server.stop()
        server = None

        after_problems = totals_mismatches()
        final_gifts = succeeded_gifts()
        connection.close()
        spread_file.unlink()
        rush_file.unlink()

        per_round = [
            {name: ratio(rate_of(runs, r, top), rate_of(runs, r, bottom)) for name, (top, bottom) in RATIOS.items()}
            for r in range(1, args.rounds + 1)
        ]
        ratios = {name: round(statistics.median(rnd[name] for rnd in per_round), 3) for name in RATIOS}
        rates = {
            name: round(statistics.median(run.rate for run in runs if run.name == name), 1)
            for name in dict.fromkeys(run.name for run in runs)
        }
        checks = {
            "gifts_match_302s": all(run.check["ok"] for run in runs if run.what == "gift"),
            "totals_match_gifts": not after_problems,
            "totals_problems": after_problems[:20],
            "unexpected_responses": {f"{run.name}#{run.round}": run.bad_responses for run in runs if run.bad_responses},
        }
        report = {
            "benchmark": "giving",
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
            ).stdout.strip(),
            "config": {
                "gunicorn": f"{args.workers} sync workers",
                "wrk_threads": args.threads,
                "wrk_connections": args.connections,
                "duration_s": args.duration,
                "warmup_s": args.warmup,
                "rounds": args.rounds,
                "cpus": os.cpu_count(),
                "gifts_loaded": loaded,
                "gifts_at_end": final_gifts,
                "spread_pages": len(pages),
                "one_page": rush_slug,
                "advocate_page_read": read_slug,
            },
            "ratios": ratios,
            "ratios_per_round": per_round,
            "aims": AIMS,
            "rates_per_s": rates,
            "checks": checks,
            "runs": [asdict(run) for run in runs],
            "elapsed_s": round(time.monotonic() - started, 1),
        }
        (RESULTS / "giving.json").write_text(json.dumps(report, indent=2) + "\n")
        print_table(report, runs)
        passed = checks["gifts_match_302s"] and checks["totals_match_gifts"] and not checks["unexpected_responses"]
        return 0 if passed else 1
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: S110 — Django may never have been set up
                pass
            recreate_database(args.database, create=False)


def rate_of(runs: list[Run], round_number: int, name: str) -> float:
    return next(run.rate for run in runs if run.round == round_number and run.name == name)


def print_table(report: dict, runs: list[Run]) -> None:
    say("")
    say(
        f"{'run':<24}{'round':>6}{'rate/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'responses':>11}"
        f"{'app cpu ms':>11}{'worker ms':>10}{'db cpu ms':>10}  check"
    )
    for run in runs:
        lat = run.wrk["latency_us"]
        check = ""
        if run.check:
            c = run.check
            check = (
                f"+{c['increase']} succeeded = {c['responses_302']} x 302 + {c['in_flight_at_stop']} in flight: "
                + ("ok" if c["ok"] else "MISMATCH")
                + f"; on a lock {c['lock_waits']['mean_waiting_on_lock']:.2f}"
                + f" of {c['lock_waits']['mean_active']:.2f} active"
            )
        if run.bad_responses:
            check += f"  {run.bad_responses} unexpected responses/errors: {run.wrk['status']} {run.wrk['errors']}"
        cpu = run.wrk["cpu_ms_per_response"]
        say(
            f"{run.name:<24}{run.round:>6}{run.rate:9.1f}{lat['p50'] / 1000:9.1f}{lat['p99'] / 1000:9.1f}"
            f"{run.wrk['received']:11d}{cpu['app']:11.2f}{cpu.get('worker', 0.0):10.2f}{cpu['database']:10.2f}  {check}"
        )
    say("")
    rates, ratios = report["rates_per_s"], report["ratios"]
    say(f"{'ratio (median of rounds)':<36}{'value':>7}  {'per round':<22}{'median rates/s':<22}aim")
    for name, (top, bottom) in RATIOS.items():
        aim = AIMS.get(name)
        verdict = "" if aim is None else (f">= {aim}: " + ("met" if ratios[name] >= aim else "MISSED"))
        per_round = " ".join(f"{rnd[name]:.2f}" for rnd in report["ratios_per_round"])
        say(f"{LABELS[name]:<36}{ratios[name]:7.3f}  {per_round:<22}{f'{rates[top]} / {rates[bottom]}':<22}{verdict}")
    checks, config = report["checks"], report["config"]
    say("")
    say(
        f"gifts match 302 responses: {'yes' if checks['gifts_match_302s'] else 'NO'}; "
        f"totals match gifts: {'yes' if checks['totals_match_gifts'] else 'NO'}; "
        f"unexpected responses: {sum(checks['unexpected_responses'].values())}; "
        f"gifts: {config['gifts_loaded']} loaded, {config['gifts_at_end']} at the end; elapsed {report['elapsed_s']} s"
    )
    say(f"written: {(RESULTS / 'giving.json').relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
