from django.contrib import admin

from .models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Queued side effects: staff look here for emails that failed after every retry."""

    list_display = ["name", "created_at", "run_after", "attempts", "done_at", "last_error"]
    list_filter = ["name", ("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "last_error"]
    readonly_fields = [f.name for f in Task._meta.fields]
