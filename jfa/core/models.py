from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Task(models.Model):
    """A side effect to run after its transaction commits, by any worker process (see ``tasks``).

    Written in the same transaction as the change that calls for it, so a rolled-back gift sends
    no email and a committed one always does, even if the app process dies right after.
    """

    name = models.CharField(max_length=80, verbose_name=_("name"))
    payload = models.JSONField(default=dict, verbose_name=_("payload"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    run_after = models.DateTimeField(default=timezone.now, verbose_name=_("run after"))
    # A worker that claims a task holds it until then; if it dies, another picks the task up.
    locked_until = models.DateTimeField(null=True, blank=True, verbose_name=_("locked until"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("done at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # Workers claim the earliest due tasks: this index hands them over in that order and
            # never visits done tasks, however many pile up.
            models.Index(fields=["run_after", "id"], condition=Q(done_at__isnull=True), name="task_due_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class StoredFile(models.Model):
    """An uploaded file (a page photo, a dress-log photo, a story's cover), kept in the database.

    Every app machine then serves the same photos with nothing shared but the database, and a
    photo is written in the same transaction as the page that shows it: a refused form leaves
    no stray file behind. Uploads are re-encoded photos of a few hundred kilobytes.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name
