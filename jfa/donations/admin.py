from django.contrib import admin

from jfa.payments.models import PaymentAttempt

from .models import Donation, TotalShard


class AttemptInline(admin.TabularInline):
    model = PaymentAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["provider", "status", "amount_minor", "currency", "provider_reference", "card_last4", "failure_message", "created_at"]


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    list_display = ["public_id", "donor_name", "amount_minor", "currency", "status", "page", "team", "created_at"]
    list_filter = ["status", "currency", "campaign", "is_anonymous"]
    search_fields = ["donor_name", "donor_email", "public_id", "page__display_name", "team__name"]
    date_hierarchy = "created_at"
    inlines = [AttemptInline]
    # Money fields change only through actions, so the totals and the books stay in step.
    readonly_fields = [
        "public_id", "idempotency_key", "campaign", "page", "team", "amount_minor", "currency", "fee_covered_minor",
        "fee_minor", "status", "created_at", "succeeded_at",
    ]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(TotalShard)
class TotalShardAdmin(admin.ModelAdmin):
    list_display = ["scope", "scope_id", "currency", "shard", "amount_minor", "gift_count"]
    list_filter = ["scope", "currency"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
