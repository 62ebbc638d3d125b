from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jfa.core.admin import CountryMenus, NoAddOrDelete, ReadOnly, moment_column, money_column
from jfa.core.money import MoneyError, parse_amount
from jfa.core.spreadsheets import csv_download
from jfa.ledger.models import Fund, FundKind
from jfa.payments.models import PaymentAttempt

from .actions import DonationError, correct_donor_details, record_operating_gift, return_gift
from .models import Donation, DonorThanks, OperatingGift, Refund, RefundKind, TotalShard
from .queries import GIFT_COLUMNS, gift_rows


class AttemptInline(admin.TabularInline):
    """What the card processor was asked and answered: a record, never edited by hand (its times
    were once a date and time box each)."""

    model = PaymentAttempt
    extra = 0
    can_delete = False
    amount = money_column("amount_minor", _("amount"))
    readonly_fields = (
        "provider",
        "status",
        "amount",
        "provider_reference",
        "card_last4",
        "failure_message",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    amount = money_column("amount_minor", _("amount"))
    readonly_fields = ("kind", "amount", "reason", "created_by", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ThanksInline(admin.StackedInline):
    """The advocate's thank-you note, if they sent one: what a donor asking about it was told."""

    model = DonorThanks
    extra = 0
    can_delete = False
    readonly_fields = ("sent_by", "created_at", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ReturnGiftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RefundKind.choices)
    amount = forms.CharField(label=_("Amount to return"), max_length=20)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    idempotency_key = forms.CharField(widget=forms.HiddenInput)


class GiftFundFilter(admin.RelatedFieldListFilter):
    """Only the funds a gift can be routed to: operating funds take sponsorships, never gifts."""

    def field_choices(self, field, request, model_admin):  # type: ignore[no-untyped-def]
        return [(fund.pk, str(fund)) for fund in Fund.objects.filter(kind=FundKind.RESTRICTED)]


class MessageFilter(admin.SimpleListFilter):
    """What became of the donor's message: on the walls, taken off them by the advocate, or none."""

    title = _("donor's message")
    parameter_name = "message"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("shown", _("Shown")), ("hidden", _("Hidden by the advocate")), ("none", _("No message"))]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() == "shown":
            return queryset.exclude(message="").filter(message_hidden_at__isnull=True)
        if self.value() == "hidden":
            return queryset.filter(message_hidden_at__isnull=False)
        if self.value() == "none":
            return queryset.filter(message="")
        return queryset


@admin.register(Donation)
class DonationAdmin(CountryMenus, NoAddOrDelete, admin.ModelAdmin):
    # Sized for a laptop: the reference is its first eight characters (enough to tell gifts apart
    # and to search by; the full one is on the gift's own page) and a page is its advocate's name.
    list_display = ["reference", "donor", "amount", "status", "advocate", "team", "fund", "given_on"]
    list_display_links = ["reference"]
    given_on = moment_column("created_at", _("given on"))
    list_select_related = ["page", "team", "fund"]
    list_filter = [
        "status",
        "currency",
        "campaign",
        ("fund", GiftFundFilter),
        "is_anonymous",
        "amount_hidden",
        MessageFilter,
    ]
    search_fields = ["donor_name", "donor_email", "public_id", "page__display_name", "team__name"]
    date_hierarchy = "created_at"
    inlines = [AttemptInline, RefundInline, ThanksInline]
    # Money fields change only through actions, so the totals and the books stay in step: the
    # amounts are out of the form and shown as money.
    exclude = ["amount_minor", "currency", "fee_covered_minor", "fee_minor"]
    amount = money_column("amount_minor", _("amount"))
    fee_covered = money_column("fee_covered_minor", _("fee covered by the donor"))
    fee = money_column("fee_minor", _("processing fee"))
    readonly_fields = [
        "public_id",
        "idempotency_key",
        "campaign",
        "page",
        "team",
        "entity",
        "fund",
        "amount",
        "fee_covered",
        "fee",
        "status",
        "created_at",
        "succeeded_at",
        "message_hidden_at",
    ]
    change_form_template = "admin/donations/donation/change_form.html"
    actions = ["download_csv"]

    @admin.display(description=_("reference"), ordering="public_id")
    def reference(self, donation: Donation) -> str:
        return donation.public_id.hex[:8]

    @admin.display(description=_("donor"), ordering="donor_name")
    def donor(self, donation: Donation) -> str:
        return donation.donor_name

    @admin.display(description=_("advocate's page"), ordering="page__display_name")
    def advocate(self, donation: Donation) -> str:
        return donation.page.display_name if donation.page is not None else "-"

    @admin.action(description=_("Download the selected gifts as CSV"), permissions=["view"])
    def download_csv(self, request: HttpRequest, queryset: QuerySet[Donation]) -> StreamingHttpResponse:
        return csv_download(f"gifts-{timezone.localdate().isoformat()}.csv", GIFT_COLUMNS, gift_rows(queryset))

    def save_model(self, request: HttpRequest, obj: Donation, form: Any, change: bool) -> None:
        correct_donor_details(donation=obj, changed=form.changed_data)

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path("<int:pk>/return/", self.admin_site.admin_view(self.return_view), name="donations_donation_return"),
            *super().get_urls(),
        ]

    def return_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Staff refund (full or partial) or a card dispute: reverses the gift, never erases it."""
        if not request.user.has_perm("donations.add_refund"):
            raise PermissionDenied
        donation = get_object_or_404(Donation, pk=pk)
        left = donation.amount - donation.refunded
        form = ReturnGiftForm(
            request.POST or None,
            initial={
                "kind": RefundKind.REFUND,
                # As the staff member writes amounts: "150,00" in French.
                "amount": left.as_input(language=get_language() or "en"),
                "idempotency_key": uuid.uuid4().hex,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                amount = parse_amount(form.cleaned_data["amount"], donation.currency)
                return_gift(
                    donation=donation,
                    amount=amount,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                    idempotency_key=f"staff:{form.cleaned_data['idempotency_key']}",
                    by=request.user,
                )
            except (MoneyError, DonationError) as error:
                form.add_error("amount", str(error))
            else:
                messages.success(request, _("%(amount)s returned to the donor.") % {"amount": amount.format()})
                return redirect(reverse("admin:donations_donation_change", args=[donation.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return a gift"),
            "donation": donation,
            "left": left,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/donations/donation/return.html", context)


@admin.register(DonorThanks)
class DonorThanksAdmin(ReadOnly, admin.ModelAdmin):
    """Advocates' notes to their donors: staff read them to answer a donor who asks, never edit
    what was sent in someone else's name."""

    list_display = ["donation", "sent_by", "created_at"]
    list_select_related = ["donation", "sent_by"]
    search_fields = ["donation__public_id", "donation__donor_email", "sent_by__email", "note"]
    date_hierarchy = "created_at"


@admin.register(Refund)
class RefundAdmin(NoAddOrDelete, admin.ModelAdmin):
    amount = money_column("amount_minor", _("amount"))
    list_display = ["donation", "kind", "amount", "reason", "created_by", "created_at"]
    list_filter = ["kind", "currency"]
    search_fields = ["donation__public_id", "donation__donor_email", "reason"]
    readonly_fields = [f.name for f in Refund._meta.fields]


class OperatingGiftForm(forms.ModelForm):
    amount = forms.CharField(label=_("Amount"), max_length=20, help_text=_("In the entity's currency."))
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = OperatingGift
        fields = ["entity", "campaign", "sponsor_name", "received_on", "note"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        entity = cleaned.get("entity")
        if entity is not None and cleaned.get("amount"):
            try:
                cleaned["money"] = parse_amount(cleaned["amount"], entity.currency)
            except MoneyError as error:
                self.add_error("amount", str(error))
            else:
                if cleaned["money"].minor <= 0:
                    self.add_error("amount", _("Enter an amount greater than zero."))
        return cleaned


@admin.register(OperatingGift)
class OperatingGiftAdmin(admin.ModelAdmin):
    """Sponsorships and operating gifts: recorded once through the action, never edited or deleted."""

    form = OperatingGiftForm
    amount = money_column("amount_minor", _("amount"))
    list_display = [
        "sponsor_name",
        "amount",
        "entity",
        "campaign",
        "received_on",
        "recorded_by",
    ]
    list_filter = ["entity", "currency", "campaign"]
    search_fields = ["sponsor_name", "note"]
    date_hierarchy = "received_on"

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        data = form.cleaned_data
        recorded = record_operating_gift(
            entity=data["entity"],
            campaign=data["campaign"],
            sponsor_name=data["sponsor_name"],
            amount=data["money"],
            received_on=data["received_on"],
            note=data["note"],
            idempotency_key=f"staff:{data['idempotency_key']}",
            by=request.user,
        )
        # The admin's log entry, message and redirect describe the row the action recorded.
        for field in OperatingGift._meta.concrete_fields:
            setattr(obj, field.attname, getattr(recorded, field.attname))


@admin.register(TotalShard)
class TotalShardAdmin(ReadOnly, admin.ModelAdmin):
    """The slices a running total is kept in: how totals are stored, not something staff look up
    (the page and team lists show what each raised), so the admin's home page leaves it out; its
    address still opens, for checking a total by hand."""

    amount = money_column("amount_minor", _("amount"))
    list_display = ["scope", "scope_id", "shard", "amount", "gift_count"]
    list_filter = ["scope", "currency"]

    def get_model_perms(self, request: HttpRequest) -> dict[str, bool]:
        return {}
