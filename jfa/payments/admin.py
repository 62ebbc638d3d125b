from django.contrib import admin

from .models import PaymentAttempt


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    list_display = ["pk", "donation", "provider", "status", "amount_minor", "currency", "created_at"]
    list_filter = ["provider", "status", "currency"]
    search_fields = ["provider_reference", "donation__donor_email", "donation__public_id"]
    readonly_fields = [f.name for f in PaymentAttempt._meta.fields]
