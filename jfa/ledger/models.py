"""The books: entities, funds, accounts, journal entries and postings.

Double entry in integer minor units. Every entry balances per currency (it has one currency), every
posting has exactly one positive side, and entries and postings are append-only: the database
refuses UPDATE and DELETE on them (see the triggers in ``migrations/0002_database_rules.py``).
A mistake is corrected by a reversing entry that points at what it reverses.

Entries form a hash chain (``hashing.py``): each entry's hash covers its content, its postings and
the previous entry's hash, so an edit made behind the application's back is found by
``manage.py verify_ledger``.

Write entries only through ``actions.post_entry`` (or the gift functions in ``gifts.py`` built on
it); saving these models through the ORM would skip the running balances and the chain.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jfa.core.countries import validate_country
from jfa.core.money import CURRENCY_CHOICES, Money
from jfa.core.text import localized

GENESIS_HASH = "0" * 64


class Entity(models.Model):
    """A receipting legal entity: each keeps its own chart of accounts in one currency."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(
        _("country"), max_length=2, validators=[validate_country], help_text=_("ISO 3166 code; decides the receipt")
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)

    class Meta:
        ordering = ["code"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return self.name


class FundKind(models.TextChoices):
    # Restricted money may only go to the purpose the donor gave it for; costs never touch it.
    RESTRICTED = "restricted", _("Restricted")
    OPERATING = "operating", _("Operating")


class Fund(models.Model):
    """A pot of money inside an entity with its own purpose.

    The IJM Canada fund is restricted to one partner; the global grant pool is restricted to the
    campaign's purpose but shared by several US partners (``partner`` empty); each entity has one
    operating fund that pays fees and platform costs from operating gifts and sponsors.
    """

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="funds", verbose_name=_("legal entity"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=FundKind.choices)
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funds",
        verbose_name=_("partner"),
    )

    class Meta:
        ordering = ["entity__code", "code"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return localized(self.name, self.name_fr)

    @property
    def is_restricted(self) -> bool:
        return self.kind == FundKind.RESTRICTED


class AccountType(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")
    EQUITY = "equity", _("Equity")


# Accounts whose balance grows with debits; the others grow with credits.
DEBIT_NORMAL_TYPES = frozenset({AccountType.ASSET.value, AccountType.EXPENSE.value})


class AccountRole(models.TextChoices):
    """What an account is for, so code finds "the restricted gifts account of this fund"."""

    PROCESSOR_CLEARING = "processor_clearing", _("Card processor clearing")
    RESTRICTED_GIFTS = "restricted_gifts", _("Restricted gifts")
    DONOR_COVERED_FEES = "donor_covered_fees", _("Fees covered by donors")
    PROCESSOR_FEES = "processor_fees", _("Card processing fees")
    OPERATING_GIFTS = "operating_gifts", _("Operating gifts and sponsorships")
    OPERATING_CASH = "operating_cash", _("Operating bank account")
    GRANTS_PAYABLE = "grants_payable", _("Grants payable to partner")
    GRANTS_EXPENSE = "grants_expense", _("Grants to partners")
    OTHER = "other", _("Other")


class Account(models.Model):
    """One account in one currency. ``balance_minor`` is its running balance, in the account's
    normal direction (debits minus credits for assets and expenses, credits minus debits for the
    rest), kept by ``post_entry`` in the same statement batch as the postings, so reading a balance
    never sums postings."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=160)
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)
    role = models.CharField(_("role"), max_length=24, choices=AccountRole.choices, default=AccountRole.OTHER)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("legal entity")
    )
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts", verbose_name=_("fund")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_accounts",
        verbose_name=_("partner"),
    )
    balance_minor = models.BigIntegerField(_("balance (minor units)"), default=0, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [models.Index(fields=["role", "entity", "fund"], name="ledger_account_role")]

    def __str__(self) -> str:
        return f"{self.code} ({self.currency})"

    @property
    def balance(self) -> Money:
        return Money(self.balance_minor, self.currency)

    @property
    def is_debit_normal(self) -> bool:
        return self.type in DEBIT_NORMAL_TYPES


class EntryKind(models.TextChoices):
    GIFT = "gift", _("Gift")
    REFUND = "refund", _("Refund")
    DISPUTE = "dispute", _("Card dispute")
    OPERATING = "operating", _("Operating")
    GRANT = "grant", _("Grant")
    DISBURSEMENT = "disbursement", _("Disbursement")
    ADJUSTMENT = "adjustment", _("Adjustment")


class JournalEntry(models.Model):
    """One balanced event in the books. Append-only; its hash links it to the entry before."""

    sequence = models.BigIntegerField(_("number"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices, default=EntryKind.ADJUSTMENT)
    description = models.CharField(_("description"), max_length=300)
    # What caused the entry, as plain strings: the ledger outlives and never cascades from them.
    source_type = models.CharField(_("source"), max_length=40, blank=True)
    source_id = models.CharField(_("source id"), max_length=80, blank=True)
    # Unique through Meta.constraints rather than unique=True, which on PostgreSQL adds a second,
    # pattern-matching index that no query uses and every posted entry would pay for.
    idempotency_key = models.CharField(_("idempotency key"), max_length=120)
    reverses = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversals",
        db_index=False,
        verbose_name=_("reverses"),
    )
    # Where a gift was credited, so page, team and campaign totals can be proved from the books.
    campaign_id = models.BigIntegerField(_("campaign id"), null=True, blank=True)
    team_id = models.BigIntegerField(_("team id"), null=True, blank=True)
    page_id = models.BigIntegerField(_("page id"), null=True, blank=True)
    # A Canadian gift of CA$50 or more returned to its donor: listed in the returned-gift report.
    returned_gift_report = models.BooleanField(_("for the returned-gift report"), default=False)
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        # Every index costs each posted entry; the optional columns get partial indexes, so an
        # entry without a page, team, campaign or reversal pays nothing for them.
        indexes = [
            models.Index(fields=["reverses"], condition=Q(reverses__isnull=False), name="ledger_entry_reverses"),
            models.Index(fields=["campaign_id"], condition=Q(campaign_id__isnull=False), name="ledger_entry_campaign"),
            models.Index(fields=["team_id"], condition=Q(team_id__isnull=False), name="ledger_entry_team"),
            models.Index(fields=["page_id"], condition=Q(page_id__isnull=False), name="ledger_entry_page"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sequence__gt=0), name="ledger_entry_sequence_positive"),
            models.UniqueConstraint(fields=["idempotency_key"], name="ledger_entry_idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.description}"


class Posting(models.Model):
    """One leg of an entry: one account, one positive side, and that account's balance after it."""

    # No single-column indexes: (entry, line) and (account, id) below serve those lookups.
    # No foreign-key constraints in the database: the checks that replace them (the deferred balance
    # check on PostgreSQL, an insert trigger on SQLite; see migration 0008) already read each
    # posting's entry and account, so separate foreign-key checks would only repeat those reads.
    # Entries cannot be deleted (append-only) and an account with postings cannot be either.
    entry = models.ForeignKey(
        JournalEntry,
        on_delete=models.PROTECT,
        related_name="postings",
        db_index=False,
        db_constraint=False,
        verbose_name=_("journal entry"),
    )
    line = models.PositiveSmallIntegerField(_("line"))
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="postings",
        db_index=False,
        db_constraint=False,
        verbose_name=_("account"),
    )
    debit_minor = models.BigIntegerField(_("debit (minor units)"), default=0)
    credit_minor = models.BigIntegerField(_("credit (minor units)"), default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    balance_after_minor = models.BigIntegerField(_("balance after (minor units)"))

    class Meta:
        ordering = ["entry_id", "line"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [
            # Statements and the running-balance check read one account's postings in book order.
            models.Index(fields=["account", "id"], name="ledger_posting_account"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["entry", "line"], name="ledger_posting_line_unique"),
            models.CheckConstraint(
                condition=(Q(debit_minor__gt=0) & Q(credit_minor=0)) | (Q(credit_minor__gt=0) & Q(debit_minor=0)),
                name="ledger_posting_one_positive_side",
            ),
        ]

    def __str__(self) -> str:
        side = f"Dr {self.debit_minor}" if self.debit_minor else f"Cr {self.credit_minor}"
        return f"{self.account_id} {side} {self.currency}"

    @property
    def amount(self) -> Money:
        return Money(self.debit_minor or self.credit_minor, self.currency)


class ChainHead(models.Model):
    """The single row holding the last sequence number and hash of the chain.

    Every writer locks this row first (an UPDATE), which serializes ledger writes: the chain has
    one order, and account rows are only ever locked after it, so writers cannot deadlock.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # The hash before the last one: lets one PostgreSQL statement both advance the head and
    # return the previous hash for the new entry (RETURNING only sees new values).
    prev_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="ledger_chain_head_single_row")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"


ANY_COUNTRY = "*"


def validate_rule_country(code: str) -> None:
    """A rule matches one country's pages, or every page ("*")."""
    if code != ANY_COUNTRY:
        validate_country(code)


class RoutingRule(models.Model):
    """One rule of the ordered list deciding where a gift goes (see ``routing.route_gift``).

    The lowest priority number that matches wins. The decision is copied onto the gift when it is
    made, so editing rules changes future gifts only and never rewrites history.
    """

    priority = models.PositiveIntegerField(_("priority"), unique=True)
    country = models.CharField(
        _("page country"),
        max_length=2,
        validators=[validate_rule_country],
        help_text=_("ISO 3166 code of the page, or * for any country"),
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="routing_rules", verbose_name=_("legal entity")
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="routing_rules", verbose_name=_("fund"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    partner_display_name = models.CharField(_("who receives the gift, as shown to donors"), max_length=160)
    partner_display_name_fr = models.CharField(
        _("who receives the gift, as shown to donors (French)"), max_length=160, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["priority"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.priority}: {self.country} → {self.fund}"

    def clean(self) -> None:
        # Gifts may only land in a restricted fund of the entity that receipts them, in its
        # currency: a rule pointing at an operating fund would break the 100% promise.
        if self.entity_id is None or self.fund_id is None:
            return
        if self.fund.entity_id != self.entity_id:
            raise ValidationError({"fund": _("Choose a fund of this legal entity.")})
        if not self.fund.is_restricted:
            raise ValidationError({"fund": _("Gifts can only go to a restricted fund.")})
        if self.currency and self.currency != self.entity.currency:
            message = _("This legal entity keeps its books in %(currency)s.") % {"currency": self.entity.currency}
            raise ValidationError({"currency": message})

    @property
    def localized_partner_display_name(self) -> str:
        return localized(self.partner_display_name, self.partner_display_name_fr)

    @property
    def keeps_gifts_restricted(self) -> bool:
        """What ``clean()`` checks, for rules that reached the table without it (code, SQL)."""
        return (
            self.fund.is_restricted and self.fund.entity_id == self.entity_id and self.currency == self.entity.currency
        )

    def matches(self, country: str) -> bool:
        return self.is_active and self.country in (ANY_COUNTRY, country)
