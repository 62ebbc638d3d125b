from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Task

# Staff see whose back office this is, in their language, not "Django administration".
admin.site.site_header = _("Justice For All administration")
admin.site.site_title = _("Justice For All administration")
admin.site.index_title = _("Campaign, gifts and books")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Queued side effects: staff look here for emails that failed after every retry."""

    list_display = ["name", "created_at", "run_after", "attempts", "done_at", "last_error"]
    list_filter = ["name", ("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "last_error"]
    readonly_fields = [f.name for f in Task._meta.fields]
