"""A small database-backed task queue for side effects (emails) that must not slow or break a request.

``enqueue`` writes a task row in the caller's transaction. With ``TASKS_INLINE`` on (development,
tests, a one-process demo) the task also runs right after that transaction commits, in the same
process. In production ``TASKS_INLINE`` is off and ``manage.py run_tasks`` workers (as many as
needed, on any machine) claim due tasks with ``SELECT ... FOR UPDATE SKIP LOCKED`` and run them,
retrying failures with a growing delay.

Task functions are listed explicitly in ``jfa.task_registry.REGISTRY``; they take keyword
arguments of plain JSON values and must be safe to run twice (a worker can die after sending).
A task that is cheaper done many at a time (an email per gift: one query and one mail connection
for a whole batch instead of one each) is registered as :class:`Batched`: the worker hands it
every due task of its kind in a claim, and it answers for each one.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from . import sql
from .models import Task

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
CLAIM_SECONDS = 300
# Done tasks are kept this long (what was sent, and when), then purged by idle workers.
KEEP_DONE = datetime.timedelta(days=14)

# A raw insert: the ORM's would cost more than the rest of the enqueue. The table name is our own.
_INSERT = f"INSERT INTO {Task._meta.db_table} (name, payload, created_at, run_after, attempts, last_error) "  # noqa: S608
_ROW = "(%s, %s, %s, %s, 0, '')"


# For each payload handed over, in order: None when it was done, or what went wrong.
Outcomes = list[BaseException | None]


@dataclass(frozen=True)
class Batched:
    """A task run for many payloads in one call (see the module docstring).

    ``run_many`` gets the payloads of every due task of this kind in a claim and returns one
    outcome per payload; an exception it raises counts against all of them.
    """

    run_many: Callable[[Sequence[dict]], Outcomes]


def registry() -> dict[str, Callable[..., object] | Batched]:
    from jfa.task_registry import REGISTRY

    return REGISTRY


def enqueue(name: str, **payload: object) -> None:
    """Schedule ``name(**payload)`` to run once the current transaction commits."""
    enqueue_many((name, payload))


def enqueue_many(*tasks: tuple[str, dict]) -> None:
    """Schedule several ``(name, payload)`` tasks at once: one statement for all of them."""
    if not tasks:
        return  # nothing to queue (an insert of no rows is not valid SQL)
    params = _task_rows(tasks)
    sql.execute(_INSERT + "VALUES " + ", ".join([_ROW] * len(tasks)), params)
    queued()


def enqueue_cte(*tasks: tuple[str, dict], after: str) -> tuple[str, list[object]]:
    """``enqueue_many`` as the body of a CTE (PostgreSQL) that queues only if CTE ``after`` has a
    row. Call ``queued()`` once the statement has run."""
    values = _task_rows(tasks)
    rows = (
        "SELECT v.name, v.payload::jsonb, %s::timestamptz, %s::timestamptz, 0, ''"  # noqa: S608 (our CTE name below)
        " FROM unnest(%s::varchar[], %s::text[]) AS v (name, payload)"
        f" WHERE EXISTS (SELECT 1 FROM {after})"
    )
    # One array per column: the same text whatever the number of tasks; all are due now.
    names, payloads = sql.array(values[0::4]), sql.array(values[1::4])  # type: ignore[arg-type]  # text
    return _INSERT + rows, [values[2], values[3], names, payloads]


def queued() -> None:
    """After tasks were queued: with TASKS_INLINE, run them in this process once the caller's
    transaction commits (right away outside one)."""
    if settings.TASKS_INLINE:
        transaction.on_commit(partial(run_due_tasks, limit=10))


def _task_rows(tasks: Sequence[tuple[str, dict]]) -> list[object]:
    for name, _payload in tasks:
        if name not in registry():
            raise LookupError(f"unknown task {name!r}")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params: list[object] = []
    for name, payload in tasks:
        params += [name, json.dumps(payload), now, now]
    return params


def claim(*, limit: int) -> list[Task]:
    """Take up to ``limit`` due tasks for this worker; other workers skip them (row locks)."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Task.objects.select_for_update(skip_locked=True)
            .filter(done_at__isnull=True, run_after__lte=now)
            .exclude(locked_until__gt=now)
            .order_by("run_after", "id")[:limit]
        )
        if due:
            Task.objects.filter(pk__in=[t.pk for t in due]).update(
                locked_until=now + datetime.timedelta(seconds=CLAIM_SECONDS)
            )
    return due


def _run(name: str, tasks: list[Task]) -> Outcomes:
    """Run tasks of one kind; never raises (a failure is an outcome, recorded by the caller)."""
    function = registry().get(name)
    if function is None:
        return [LookupError(f"unknown task {name!r}")] * len(tasks)
    if isinstance(function, Batched):
        try:
            answered = function.run_many([task.payload for task in tasks])
        except Exception as error:  # noqa: BLE001 — recorded on every task of the batch
            return [error] * len(tasks)
        if len(answered) != len(tasks):
            return [RuntimeError(f"{name} answered for {len(answered)} of {len(tasks)} tasks")] * len(tasks)
        return answered
    outcomes: Outcomes = []
    for task in tasks:
        try:
            function(**task.payload)
        except Exception as error:  # noqa: BLE001 — recorded on the task and retried later
            outcomes.append(error)
        else:
            outcomes.append(None)
    return outcomes


def _record_failure(task: Task, error: BaseException) -> None:
    attempts = task.attempts + 1
    log.warning("task %s #%s failed (attempt %s): %s", task.name, task.pk, attempts, error)
    delay = datetime.timedelta(seconds=30 * 2**attempts)
    Task.objects.filter(pk=task.pk).update(
        attempts=attempts,
        last_error=str(error)[:2000],
        locked_until=None,
        # After the last attempt the task stays, undone, for staff to look at.
        run_after=timezone.now() + (delay if attempts < MAX_ATTEMPTS else datetime.timedelta(days=3650)),
    )


def run_tasks(tasks: list[Task]) -> int:
    """Run claimed tasks, kind by kind (kinds in the order first claimed); returns how many succeeded.

    The successes are marked done together in one statement; each failure keeps its own error
    and waits out its back-off.
    """
    kinds: dict[str, list[Task]] = {}
    for task in tasks:
        kinds.setdefault(task.name, []).append(task)
    done: list[int] = []
    for name, batch in kinds.items():
        for task, outcome in zip(batch, _run(name, batch), strict=True):
            if outcome is None:
                done.append(task.pk)
            else:
                _record_failure(task, outcome)
    if done:
        Task.objects.filter(pk__in=done).update(done_at=timezone.now(), attempts=F("attempts") + 1, locked_until=None)
    return len(done)


def run_due_tasks(*, limit: int = 50) -> int:
    """Run what is due now; returns how many ran successfully."""
    return run_tasks(claim(limit=limit))


def purge_done(*, batch: int = 5000) -> int:
    """Delete up to ``batch`` tasks done longer than ``KEEP_DONE`` ago; failures are kept for staff."""
    old = Task.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).order_by("id").values("id")[:batch]
    deleted, _by_model = Task.objects.filter(pk__in=list(old.values_list("id", flat=True))).delete()
    return deleted


# Queued work still waiting this long after it was due means no worker is taking it.
LATE_AFTER = datetime.timedelta(minutes=5)


def backlog(now: datetime.datetime | None = None) -> tuple[int, int]:
    """How many tasks are late (due for over ``LATE_AFTER``, so no worker is running) and how many
    failed after every retry and wait for staff, for monitoring."""
    now = now or timezone.now()
    waiting = Task.objects.filter(done_at__isnull=True)
    late = waiting.filter(run_after__lte=now - LATE_AFTER).count()
    failed = waiting.filter(attempts__gte=MAX_ATTEMPTS).count()
    return late, failed
