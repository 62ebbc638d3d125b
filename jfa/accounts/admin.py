from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jfa.core.admin import moment_filter

from .models import User

ACCOUNT_OPEN_OR_CLOSED = moment_filter(
    "closed_at",
    title=_("account"),
    happened=pgettext_lazy("account", "Closed"),
    pending=pgettext_lazy("account", "Open"),
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "display_name", "first_name", "last_name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language", ACCOUNT_OPEN_OR_CLOSED]
    readonly_fields = ["closed_at"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "first_name", "last_name", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "closed_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
