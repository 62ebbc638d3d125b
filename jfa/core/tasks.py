"""A small database-backed task queue for side effects (emails) that must not slow or break a request.

``enqueue`` writes a task row in the caller's transaction. With ``TASKS_INLINE`` on (development,
tests, a one-process demo) the task also runs right after that transaction commits, in the same
process. In production ``TASKS_INLINE`` is off and ``manage.py run_tasks`` workers (as many as
needed, on any machine) claim due tasks with ``SELECT ... FOR UPDATE SKIP LOCKED`` and run them,
retrying failures with a growing delay.

Task functions are listed explicitly in ``jfa.task_registry.REGISTRY``; they take keyword
arguments of plain JSON values and must be safe to run twice (a worker can die after sending).
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Task

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
CLAIM_SECONDS = 300

# A raw insert: the ORM's would cost more than the rest of the enqueue. The table name is our own.
_INSERT = (
    f"INSERT INTO {Task._meta.db_table} (name, payload, created_at, run_after, attempts, last_error)"  # noqa: S608
    " VALUES (%s, %s, %s, %s, 0, '')"
)


def registry() -> dict[str, Callable[..., object]]:
    from jfa.task_registry import REGISTRY

    return REGISTRY


def enqueue(name: str, **payload: object) -> None:
    """Schedule ``name(**payload)`` to run once the current transaction commits."""
    if name not in registry():
        raise LookupError(f"unknown task {name!r}")
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [name, json.dumps(payload), adapt(now), adapt(now)])
    if settings.TASKS_INLINE:
        transaction.on_commit(partial(run_due_tasks, limit=10))


def claim(*, limit: int) -> list[Task]:
    """Take up to ``limit`` due tasks for this worker; other workers skip them (row locks)."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            Task.objects.select_for_update(skip_locked=True)
            .filter(done_at__isnull=True, run_after__lte=now)
            .exclude(locked_until__gt=now)
            .order_by("id")[:limit]
        )
        if due:
            Task.objects.filter(pk__in=[t.pk for t in due]).update(
                locked_until=now + datetime.timedelta(seconds=CLAIM_SECONDS)
            )
    return due


def run_task(task: Task) -> bool:
    function = registry().get(task.name)
    try:
        if function is None:
            raise LookupError(f"unknown task {task.name!r}")
        function(**task.payload)
    except Exception as error:  # noqa: BLE001 — recorded on the task and retried later
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
        return False
    Task.objects.filter(pk=task.pk).update(done_at=timezone.now(), attempts=task.attempts + 1, locked_until=None)
    return True


def run_due_tasks(*, limit: int = 50) -> int:
    """Run what is due now; returns how many ran successfully."""
    return sum(run_task(task) for task in claim(limit=limit))
