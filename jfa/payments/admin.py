from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jfa.core.admin import money_column

from .models import PaymentAttempt


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    amount = money_column("amount_minor", _("amount"))
    list_display = ["pk", "donation", "provider", "status", "amount", "created_at"]
    list_filter = ["provider", "status", "currency"]
    search_fields = ["provider_reference", "donation__donor_email", "donation__public_id"]
    readonly_fields = [f.name for f in PaymentAttempt._meta.fields]
