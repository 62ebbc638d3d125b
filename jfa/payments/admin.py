from django.contrib import admin

from .models import PaymentAttempt, WebhookEvent


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    list_display = ["pk", "donation", "provider", "status", "amount_minor", "currency", "created_at"]
    list_filter = ["provider", "status", "currency"]
    search_fields = ["provider_reference", "donation__donor_email", "donation__public_id"]
    readonly_fields = [f.name for f in PaymentAttempt._meta.fields]


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["provider", "event_type", "event_id", "received_at", "processed_at"]
    list_filter = ["provider", "event_type"]
    search_fields = ["event_id"]
    readonly_fields = [f.name for f in WebhookEvent._meta.fields]
