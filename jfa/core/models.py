from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Task(models.Model):
    """A side effect to run after its transaction commits, by any worker process (see ``tasks``).

    Written in the same transaction as the change that calls for it, so a rolled-back gift sends
    no email and a committed one always does, even if the app process dies right after.
    """

    name = models.CharField(max_length=80)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    run_after = models.DateTimeField(default=timezone.now)
    # A worker that claims a task holds it until then; if it dies, another picks the task up.
    locked_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["run_after"], condition=Q(done_at__isnull=True), name="task_due"),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"
