from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from jfa.core.admin import CountryFilter, NoAddOrDelete, ReadOnly, amounts_form, moment_filter, money_column
from jfa.core.countries import country_name
from jfa.core.spreadsheets import csv_download
from jfa.donations.models import TotalScope
from jfa.donations.queries import overview
from jfa.donations.totals import raised_annotations, raised_of

from . import actions
from .forms import AnnouncementForm, TakeDownForm
from .models import (
    AdvocatePage,
    Announcement,
    Campaign,
    DressLogEntry,
    ImpactTier,
    PageAddress,
    PageReport,
    Team,
    TeamMessage,
)
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

    def index_links(self, request: HttpRequest) -> list[tuple[str, str]]:
        """The running campaign at a glance, first thing on the admin's home page."""
        campaign = Campaign.objects.current()
        if campaign is None:
            return []
        url = reverse("admin:campaigns_campaign_overview", args=[campaign.pk])
        return [(str(_("%(campaign)s at a glance") % {"campaign": campaign.name}), url)]

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


class RaisedColumn:
    """For the lists of pages and teams: what each raised, beside its goal, sorted by the amount
    in its own currency. ``total_scope`` names the totals to read."""

    total_scope: str

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(**raised_annotations(self.total_scope))  # type: ignore[misc]

    @admin.display(description=_("raised"), ordering="raised_own")
    def raised(self, row: AdvocatePage | Team) -> str:
        return " + ".join(amount.format() for amount in raised_of(row, row.currency))


# A closed team (its captain closed their account, alone on it) is off the site but keeps its gifts.
TEAM_OPEN_OR_CLOSED = moment_filter(
    "closed_at", title=_("status"), happened=pgettext_lazy("team", "Closed"), pending=pgettext_lazy("team", "Open")
)


def _preview(url: str, alt: str) -> str:
    return format_html('<img src="{}" alt="{}" width="96" height="96" class="jfa-preview">', url, alt) if url else "—"


@admin.register(Team)
class TeamAdmin(NoAddOrDelete, RaisedColumn, admin.ModelAdmin):
    """Teams are opened by advocates (the captain's page joins at once) and closed with their
    captain's account, never added or deleted here."""

    total_scope = TotalScope.TEAM
    form = amounts_form(goal_minor="currency")
    goal = money_column("goal_minor", _("goal"))
    list_display = ["name", "campaign", "captain", "raised", "goal", "closed_at"]
    list_select_related = ["campaign", "captain"]
    list_filter = ["campaign", "currency", TEAM_OPEN_OR_CLOSED]
    search_fields = ["name", "captain__email"]
    fields = ["campaign", "name", "slug", "captain", "description", "goal_minor", "currency", "created_at", "closed_at"]
    # A captain changes by handing over, from the team's page, so the team never loses the page that
    # leads it; its address only with its name, by the captain; its currency never (its goal's).
    readonly_fields = ["campaign", "slug", "captain", "currency", "created_at", "closed_at"]


class DressLogInline(admin.TabularInline):
    """The page's dress-log photos, to look at and, when one must go, to delete: deleting goes
    through the advocate's own "remove", so the photo's files go with it (``save_formset``)."""

    model = DressLogEntry
    extra = 0
    readonly_fields = ("day", "preview", "photo_alt", "caption", "cheers", "created_at")
    fields = readonly_fields

    @admin.display(description=_("photo"))
    def preview(self, entry: DressLogEntry) -> str:
        return _preview(entry.thumbnail_url, entry.photo_alt)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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
class AdvocatePageAdmin(NoAddOrDelete, RaisedColumn, admin.ModelAdmin):
    """Pages are opened by advocates (address, photo, team) and leave the site by being taken down
    or with their advocate's account, which takes their photos with them: never added or deleted
    here (a deleted page's dress-log photos stayed online at their addresses)."""

    total_scope = TotalScope.PAGE
    form = amounts_form(goal_minor="currency")
    goal = money_column("goal_minor", _("goal"))
    # The campaign is a filter rather than a column, so what the page raised fits beside its goal.
    list_display = ["advocate", "title", "country", "team", "raised", "goal", "is_published"]
    list_select_related = ["team"]
    list_filter = ["campaign", CountryFilter, "currency", "is_published", "commitment"]
    search_fields = ["display_name", "title", "owner__email", "slug"]
    inlines = [DressLogInline, PageAddressInline]
    actions = ["download_csv"]
    fields = [
        "campaign",
        "owner",
        "slug",
        "display_name",
        "title",
        "pitch",
        "portrait",
        "photo_alt",
        "goal_minor",
        "currency",
        "country_named",
        "commitment",
        "team",
        "is_published",
        "created_at",
        "taken_down_at",
        "take_down_reason",
        "moderation",
    ]
    # Read only, as the advocate's own actions keep them: a country whose currency differs would
    # split the page's gifts over two sets of books; a team is joined and left by its members; a
    # photo comes only through the advocate's form, which re-encodes it and drops where it was
    # taken. Taking a page down goes through its own form (the reason reaches the advocate).
    readonly_fields = [
        "campaign",
        "owner",
        "portrait",
        "currency",
        "country_named",
        "team",
        "created_at",
        "taken_down_at",
        "take_down_reason",
        "moderation",
    ]

    @admin.display(description=_("country"))
    def country_named(self, page: AdvocatePage) -> str:
        return country_name(page.country)

    @admin.display(description=_("photo"))
    def portrait(self, page: AdvocatePage) -> str:
        url = page.photo_thumbnail.url if page.photo_thumbnail else (page.photo.url if page.photo else "")
        return _preview(url, page.photo_alt)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not DressLogEntry:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)  # nothing in a photo's row is edited here: only deletions
        for entry in formset.deleted_objects:
            actions.remove_dress_log_entry(page=form.instance, day=entry.day)

    @admin.action(description=_("Download the selected pages as CSV"), permissions=["view"])
    def download_csv(self, request: HttpRequest, queryset: QuerySet[AdvocatePage]) -> StreamingHttpResponse:
        return csv_download(f"pages-{timezone.localdate().isoformat()}.csv", PAGE_COLUMNS, page_rows(queryset))

    def get_readonly_fields(self, request: HttpRequest, obj: AdvocatePage | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        # Only the advocate moves a page, from its edit form, which keeps the address it left
        # leading to it (printed cards, shared posts); a change here would break those links.
        fields.append("slug")
        # A page taken down comes back through "Bring it back", so that the two stay in step.
        return [*fields, "is_published"] if obj.taken_down_at else fields

    @admin.display(description=_("name"), ordering="display_name")
    def advocate(self, page: AdvocatePage) -> str:
        return page.display_name

    @admin.display(description=_("take down"))
    def moderation(self, page: AdvocatePage) -> str:
        if page.pk is None:
            return "—"
        url = reverse("admin:campaigns_advocatepage_take_down", args=[page.pk])
        label = _("Bring the page back") if page.taken_down_at else _("Take the page down")
        return format_html('<a href="{}">{}</a>', url, label)

    def get_urls(self):  # type: ignore[no-untyped-def]
        view = self.admin_site.admin_view(self.take_down_view)
        return [path("<int:pk>/take-down/", view, name="campaigns_advocatepage_take_down"), *super().get_urls()]

    def take_down_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Staff take a page down, saying why (its advocate reads it), or bring it back."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        page = get_object_or_404(AdvocatePage, pk=pk)
        form = TakeDownForm(request.POST or None)
        # The button says what the form was for: a second press, or a form another member of staff
        # already acted on, must not turn a take-down into a restore (or back).
        intent = request.POST.get("do")
        change_url = reverse("admin:campaigns_advocatepage_change", args=[page.pk])
        if request.method == "POST" and intent == "restore":
            if page.taken_down_at is None:
                messages.info(request, _("The page is already on the site."))
                return redirect(change_url)
            try:
                actions.restore_page(page=page)
            except actions.CampaignError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The page is back on the site."))
            return redirect(change_url)
        if request.method == "POST" and intent == "take_down" and page.taken_down_at is not None:
            messages.info(request, _("The page is already taken down."))
            return redirect(change_url)
        if request.method == "POST" and intent == "take_down" and form.is_valid():
            actions.take_down_page(page=page, reason=form.cleaned_data["reason"])
            messages.success(request, _("The page is taken down; its advocate will get an email saying why."))
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Bring the page back") if page.taken_down_at else _("Take the page down"),
            "page": page,
            "form": form,
            "reports": page.reports.filter(resolved_at__isnull=True),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/campaigns/advocatepage/take_down.html", context)


@admin.register(PageReport)
class PageReportAdmin(admin.ModelAdmin):
    """What readers reported: staff read each one, then resolve it or take the page down."""

    list_display = ["page", "reason", "created_at", "resolved_at"]
    list_filter = [
        "reason",
        moment_filter("resolved_at", title=_("status"), happened=_("Resolved"), pending=_("Waiting for staff")),
        "page__campaign",
    ]
    search_fields = ["page__title", "page__display_name", "details", "reporter_email"]
    fields = ["page_link", "reason", "details", "reporter_email", "created_at", "resolved_at"]
    readonly_fields = ["page_link", "reason", "details", "reporter_email", "created_at", "resolved_at"]
    actions = ["resolve"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def index_links(self, request: HttpRequest) -> list[tuple[str, str]]:
        waiting = PageReport.objects.filter(resolved_at__isnull=True).count()
        if not waiting:
            return []
        label = ngettext("%(n)d page report waiting", "%(n)d page reports waiting", waiting) % {"n": waiting}
        return [(label, reverse("admin:campaigns_pagereport_changelist") + "?resolved_at=no")]

    @admin.display(description=_("page"))
    def page_link(self, report: PageReport) -> str:
        url = reverse("admin:campaigns_advocatepage_change", args=[report.page_id])
        return format_html('<a href="{}">{}</a>', url, report.page)

    @admin.action(description=_("Mark the selected reports resolved"), permissions=["change"])
    def resolve(self, request: HttpRequest, queryset: QuerySet[PageReport]) -> None:
        done = queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        messages.success(request, ngettext("%(n)d report resolved.", "%(n)d reports resolved.", done) % {"n": done})


@admin.register(TeamMessage)
class TeamMessageAdmin(ReadOnly, admin.ModelAdmin):
    """What captains wrote to their teams, for staff to read if a member complains."""

    list_display = ["team", "sender", "created_at"]
    list_filter = ["team__campaign"]
    search_fields = ["team__name", "sender__email", "body"]
    date_hierarchy = "created_at"


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Campaign staff write to every advocate; what was sent stays, to read, never to change."""

    form = AnnouncementForm
    list_display = ["subject", "campaign", "recipients", "sent_by", "created_at"]
    list_filter = ["campaign"]
    search_fields = ["subject", "body"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request: HttpRequest, obj: Announcement | None = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Announcement | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Announcement, form: AnnouncementForm, change: bool) -> None:
        data = form.cleaned_data
        sent = actions.announce(
            campaign=data["campaign"],
            by=request.user,  # type: ignore[arg-type]
            subject=data["subject"],
            body=data["body"],
            subject_fr=data["subject_fr"],
            body_fr=data["body_fr"],
            idempotency_key=f"staff:{data['form_key']}",
        )
        # The admin's log entry, message and redirect describe the row the action wrote.
        for field in Announcement._meta.concrete_fields:
            setattr(obj, field.attname, getattr(sent, field.attname))
