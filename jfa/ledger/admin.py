"""The books in the back office.

Staff read every entity, fund, account and journal entry here, and edit only what decides future
gifts: routing rules, and the names of entities and funds. Entries and postings are written by the
ledger's actions alone, so the admin never offers to add, change or delete them (the database
would refuse anyway), and an account's balance is shown, never typed.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from jfa.core.admin import NoAddOrDelete, ReadOnly
from jfa.core.money import Money

from .models import Account, Entity, Fund, JournalEntry, Posting, RoutingRule

# How many of an account's latest postings its page lists; the rest are in the journal.
RECENT_POSTINGS = 25


class LedgerMedia:
    class Media:
        css = {"all": ["ledger/admin.css"]}


@admin.register(Entity)
class EntityAdmin(NoAddOrDelete, admin.ModelAdmin):
    list_display = ["name", "code", "country", "currency"]
    readonly_fields = ["code", "country", "currency"]
    search_fields = ["name", "code"]


@admin.register(Fund)
class FundAdmin(NoAddOrDelete, admin.ModelAdmin):
    list_display = ["name", "name_fr", "code", "entity", "kind", "partner"]
    list_filter = ["entity", "kind"]
    search_fields = ["name", "name_fr", "code"]
    # The kind decides whether fees may touch the fund; the entity, whose books it is in.
    readonly_fields = ["code", "entity", "kind"]
    fields = ["code", "entity", "kind", "name", "name_fr", "partner"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """Changing a rule changes where later gifts go; gifts already made keep their route."""

    list_display = ["priority", "country", "entity", "fund", "currency", "recipient", "is_active"]
    list_filter = ["is_active", "entity"]
    search_fields = ["country", "partner_display_name", "partner_display_name_fr"]
    fields = [
        "priority",
        "country",
        "entity",
        "fund",
        "currency",
        "partner_display_name",
        "partner_display_name_fr",
        "is_active",
    ]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a rule that routed gifts explains them; switch it off instead

    # The field's own label, a sentence, was the widest header of the list and pushed it off a
    # laptop's screen in French.
    @admin.display(description=_("recipient shown"), ordering="partner_display_name")
    def recipient(self, rule: RoutingRule) -> str:
        return rule.partner_display_name


@admin.register(Account)
class AccountAdmin(LedgerMedia, ReadOnly, admin.ModelAdmin):
    list_display = ["code", "name", "type", "role", "entity", "fund", "shown_balance"]
    list_filter = ["type", "role", "currency", "entity"]
    search_fields = ["code", "name"]
    list_select_related = ["entity", "fund"]
    readonly_fields = (
        "code",
        "name",
        "type",
        "role",
        "currency",
        "entity",
        "fund",
        "partner",
        "shown_balance",
        "recent",
    )
    fields = readonly_fields

    @admin.display(description=_("balance"))
    def shown_balance(self, account: Account) -> str:
        return account.balance.localized()

    @admin.display(description=_("latest postings"))
    def recent(self, account: Account) -> str:
        postings = account.postings.select_related("entry").order_by("-id")[:RECENT_POSTINGS]
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">#{}</a></td><td>{}</td><td class="num">{}</td><td class="num">{}</td>'
            '<td class="num">{}</td></tr>',
            (
                (
                    reverse("admin:ledger_journalentry_change", args=[p.entry_id]),
                    p.entry.sequence,
                    p.entry.description,
                    Money(p.debit_minor, p.currency).localized() if p.debit_minor else "",
                    Money(p.credit_minor, p.currency).localized() if p.credit_minor else "",
                    Money(p.balance_after_minor, p.currency).localized(),
                )
                for p in postings
            ),
        )
        if not rows:
            return str(_("No postings yet."))
        return format_html(
            '<table class="ledger-recent"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col" class="num">{}</th><th scope="col" class="num">{}</th><th scope="col" class="num">{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("Entry"),
            _("Description"),
            _("Debit"),
            _("Credit"),
            _("Balance after"),
            rows,
        )


class PostingInline(ReadOnly, admin.TabularInline):
    model = Posting
    readonly_fields = ("line", "account", "debit", "credit", "balance_after")
    fields = readonly_fields
    ordering = ["line"]
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Posting]:
        return super().get_queryset(request).select_related("account")

    @admin.display(description=_("debit"))
    def debit(self, posting: Posting) -> str:
        return Money(posting.debit_minor, posting.currency).localized() if posting.debit_minor else ""

    @admin.display(description=_("credit"))
    def credit(self, posting: Posting) -> str:
        return Money(posting.credit_minor, posting.currency).localized() if posting.credit_minor else ""

    @admin.display(description=_("balance after"))
    def balance_after(self, posting: Posting) -> str:
        return Money(posting.balance_after_minor, posting.currency).localized()


@admin.register(JournalEntry)
class JournalEntryAdmin(LedgerMedia, ReadOnly, admin.ModelAdmin):
    list_display = ["sequence", "occurred_at", "kind", "description", "amount", "returned_gift"]
    list_filter = ["kind", "returned_gift_report"]
    ordering = ["-sequence"]  # the newest first: staff look up what just happened
    date_hierarchy = "occurred_at"
    search_fields = ["description", "idempotency_key", "source_id", "=hash"]
    # The journal grows by every gift: no second COUNT(*) of the whole table per page.
    show_full_result_count = False
    inlines = [PostingInline]
    readonly_fields = (
        "sequence",
        "kind",
        "description",
        "occurred_at",
        "recorded_at",
        "source_type",
        "source_id",
        "idempotency_key",
        "reverses",
        "reversed_by",
        "campaign_id",
        "team_id",
        "page_id",
        "returned_gift_report",
        "prev_hash",
        "hash",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[JournalEntry]:
        # One query for the postings of the rows on screen, not one per row.
        return super().get_queryset(request).prefetch_related("postings")

    @admin.display(description=_("amount"))
    def amount(self, entry: JournalEntry) -> str:
        postings = entry.postings.all()
        if not postings:
            return ""
        return Money(sum(p.debit_minor for p in postings), postings[0].currency).localized()

    @admin.display(description=_("returned gift"), boolean=True, ordering="returned_gift_report")
    def returned_gift(self, entry: JournalEntry) -> bool:
        return entry.returned_gift_report

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # Staff quote entries by number ("#1234", as the public gift lookup shows them).
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number = search_term.strip().removeprefix("#")
        if number.isdigit() and len(number) < 19:
            results |= queryset.filter(sequence=int(number))
        return results, may_have_duplicates

    @admin.display(description=_("reversed by"))
    def reversed_by(self, entry: JournalEntry) -> str:
        reversals = entry.reversals.order_by("sequence")
        return format_html_join(
            ", ",
            '<a href="{}">#{}</a>',
            ((reverse("admin:ledger_journalentry_change", args=[r.pk]), r.sequence) for r in reversals),
        )
