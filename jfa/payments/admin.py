from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jfa.core.admin import ReadOnly, money_column

from .models import PaymentAttempt


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnly, admin.ModelAdmin):
    """A card payment's history, written by the payment actions and the provider's webhooks."""

    amount = money_column("amount_minor", _("amount"))
    list_display = ["pk", "donation", "provider", "status", "amount", "created_at"]
    list_filter = ["provider", "status", "currency"]
    search_fields = ["provider_reference", "donation__donor_email", "donation__public_id"]
    readonly_fields = [f.name for f in PaymentAttempt._meta.fields]
