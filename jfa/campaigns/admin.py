from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jfa.core.admin import CountryMenus, ReadOnly, amounts_form, money_column
from jfa.core.spreadsheets import csv_download
from jfa.donations.models import TotalScope
from jfa.donations.queries import overview

from .models import AdvocatePage, Campaign, DressLogEntry, ImpactTier, PageAddress, Team, TeamMessage
from .queries import PAGE_COLUMNS, page_rows, progress


class ImpactTierInline(admin.TabularInline):
    model = ImpactTier
    form = amounts_form(amount_minor="currency")
    extra = 1


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = amounts_form(goal_minor="goal_currency")
    list_display = ["name", "year", "starts_on", "ends_on", "is_active", "overview_link"]
    list_filter = ["is_active", "year"]
    search_fields = ["name"]
    inlines = [ImpactTierInline]
    change_form_template = "admin/campaigns/campaign/change_form.html"

    @admin.display(description=_("at a glance"))
    def overview_link(self, campaign: Campaign) -> str:
        url = reverse("admin:campaigns_campaign_overview", args=[campaign.pk])
        return format_html('<a href="{}">{}</a>', url, _("How it is going"))

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path(
                "<int:pk>/overview/", self.admin_site.admin_view(self.overview_view), name="campaigns_campaign_overview"
            ),
            *super().get_urls(),
        ]

    def overview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The campaign at a glance: gifts day by day and per currency, pages, thanks, declines."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        campaign = get_object_or_404(Campaign, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(campaign)s at a glance") % {"campaign": campaign.name},
            "campaign": campaign,
            "progress": progress(TotalScope.CAMPAIGN, campaign.pk, campaign.goal),
            "overview": overview(campaign),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/campaigns/campaign/overview.html", context)


@admin.register(ImpactTier)
class ImpactTierAdmin(admin.ModelAdmin):
    form = amounts_form(amount_minor="currency")
    amount = money_column("amount_minor", _("amount"))
    list_display = ["campaign", "amount", "description"]
    list_filter = ["campaign", "currency"]
    search_fields = ["description", "description_fr"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = amounts_form(goal_minor="currency")
    goal = money_column("goal_minor", _("goal"))
    list_display = ["name", "campaign", "captain", "goal"]
    list_filter = ["campaign", "currency"]
    search_fields = ["name", "captain__email"]
    raw_id_fields = ["captain"]


class DressLogInline(admin.TabularInline):
    model = DressLogEntry
    extra = 0


class PageAddressInline(admin.TabularInline):
    """Addresses the page has left, which still lead to it. Staff may delete one to free it for
    another page; only the advocate moves a page (from the page's edit form)."""

    model = PageAddress
    extra = 0
    fields = ["slug", "created_at"]
    readonly_fields = ["slug", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AdvocatePage)
class AdvocatePageAdmin(CountryMenus, admin.ModelAdmin):
    form = amounts_form(goal_minor="currency")
    list_display = ["display_name", "title", "campaign", "country", "currency", "team", "is_published"]
    list_filter = ["campaign", "country", "currency", "is_published", "commitment"]
    search_fields = ["display_name", "title", "owner__email", "slug"]
    raw_id_fields = ["owner", "team"]
    inlines = [DressLogInline, PageAddressInline]
    actions = ["download_csv"]

    @admin.action(description=_("Download the selected pages as CSV"), permissions=["view"])
    def download_csv(self, request: HttpRequest, queryset: QuerySet[AdvocatePage]) -> StreamingHttpResponse:
        return csv_download(f"pages-{timezone.localdate().isoformat()}.csv", PAGE_COLUMNS, page_rows(queryset))


@admin.register(TeamMessage)
class TeamMessageAdmin(ReadOnly, admin.ModelAdmin):
    """What captains wrote to their teams, for staff to read if a member complains."""

    list_display = ["team", "sender", "created_at"]
    list_filter = ["team__campaign"]
    search_fields = ["team__name", "sender__email", "body"]
    date_hierarchy = "created_at"
