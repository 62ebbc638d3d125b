"""Gifts, refunds and disputes in the books, and the chart of accounts they post to.

The donation code calls these inside its own transaction (the one that marks a gift succeeded or
refunded), so a gift can never be counted without its entry or the other way round.

The 100% rule, as postings. For a gift of ``amount`` with processor ``fee``, of which the donor
chose to cover ``covered``:

    Dr processor clearing (entity)        amount + covered   what the donor paid
    Cr restricted gifts (restricted fund) amount             exactly the gift, always
    Cr donor-covered fees (operating)     covered            the donor's extra
    Dr processor fees (operating)         fee                the processor's cut ...
    Cr processor clearing (entity)        fee                ... which it keeps

The fee is an expense of the operating fund, never of the restricted fund: when the donor covered
it, their extra (income of the operating fund) pays it; otherwise the operating fund does. So for
any period the restricted funds are credited with exactly the sum of gifts.

Refunds and disputes lower the restricted fund by the amount returned. Policy for a donor-covered
fee (``FeeRefundPolicy``): by default it is refunded pro rata with the gift (a full refund returns
all of it); the processor keeps its original fee either way, so the operating fund absorbs it.
A processor's dispute fee is an operating-fund expense too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum, TextChoices

from jfa.core import sql
from jfa.core.money import Money
from jfa.partners.models import Partner

from .actions import DuplicateEntry, EntryDraft, LedgerError, Line, draft_entry, lock_books, post_entry, write_entry
from .models import (
    ANY_COUNTRY,
    Account,
    AccountRole,
    AccountType,
    Entity,
    EntryKind,
    Fund,
    FundKind,
    JournalEntry,
    Posting,
    RoutingRule,
)

# Canada: a returned gift of CA$50 or more must be reported to the Canada Revenue Agency
# (returned-gift information return); such refunds are flagged on their entry.
RETURNED_GIFT_REPORT_MIN = Money(5000, "CAD")


class FeeRefundPolicy(TextChoices):
    PRO_RATA = "pro_rata", "refund the donor-covered fee in proportion to the gift refunded"
    KEEP = "keep", "keep the donor-covered fee (it paid the processor, who does not return it)"


class RefundKind(TextChoices):
    REFUND = "refund", "refund"
    DISPUTE = "dispute", "dispute"


# ---------------------------------------------------------------------------------------------
# The chart of accounts


@dataclass(frozen=True)
class EntitySpec:
    code: str
    name: str
    country: str
    currency: str
    restricted_fund_code: str
    restricted_fund_name: str
    restricted_fund_name_fr: str
    partner_slug: str | None
    operating_fund_code: str
    operating_fund_name: str
    operating_fund_name_fr: str
    # Which pages route here ("*" for any) and what the donor is told before paying.
    route_priority: int
    route_country: str
    partner_display_name: str
    partner_display_name_fr: str


ENTITIES = [
    EntitySpec(
        code="ijm-canada",
        name="IJM Canada",
        country="CA",
        currency="CAD",
        restricted_fund_code="ijm-canada-fund",
        restricted_fund_name="IJM Canada fund",
        restricted_fund_name_fr="Fonds d’IJM Canada",
        partner_slug="ijm-canada",
        operating_fund_code="ca-operating",
        operating_fund_name="Operating fund (Canada)",
        operating_fund_name_fr="Fonds de fonctionnement (Canada)",
        route_priority=10,
        route_country="CA",
        partner_display_name="International Justice Mission Canada",
        partner_display_name_fr="",  # the partner's own name, the same in both languages
    ),
    EntitySpec(
        code="us-foundation",
        name="Justice For All Foundation",
        country="US",
        currency="USD",
        restricted_fund_code="global-grant-pool",
        restricted_fund_name="Global grant pool",
        restricted_fund_name_fr="Fonds mondial de subventions",
        partner_slug=None,
        operating_fund_code="us-operating",
        operating_fund_name="Operating fund (US)",
        operating_fund_name_fr="Fonds de fonctionnement (États-Unis)",
        route_priority=100,
        route_country=ANY_COUNTRY,
        partner_display_name="The global grant pool for our partner organizations",
        partner_display_name_fr="Le fonds mondial de subventions de nos organismes partenaires",
    ),
]


@dataclass(frozen=True)
class Books:
    entity: Entity
    restricted_fund: Fund
    operating_fund: Fund
    accounts: dict[str, Account]


def ensure_chart(entity: Entity, *, restricted_fund: Fund, operating_fund: Fund) -> dict[str, Account]:
    """Create the entity's accounts if missing; return them by role. Safe to run again."""
    currency = entity.currency
    specs = [
        (AccountRole.PROCESSOR_CLEARING, AccountType.ASSET, None, "Card processor clearing"),
        (AccountRole.RESTRICTED_GIFTS, AccountType.INCOME, restricted_fund, f"Gifts to the {restricted_fund.name}"),
        (AccountRole.DONOR_COVERED_FEES, AccountType.INCOME, operating_fund, "Processing fees covered by donors"),
        (AccountRole.PROCESSOR_FEES, AccountType.EXPENSE, operating_fund, "Card processing fees"),
        (AccountRole.OPERATING_GIFTS, AccountType.INCOME, operating_fund, "Operating gifts and sponsorships"),
        (AccountRole.OPERATING_CASH, AccountType.ASSET, operating_fund, "Operating bank account"),
    ]
    accounts = {}
    for role, account_type, fund, name in specs:
        code = f"{entity.code}/{fund.code}/{role}" if fund else f"{entity.code}/{role}"
        account, _created = Account.objects.get_or_create(
            code=code,
            defaults={
                "name": f"{name} ({entity.name})",
                "type": account_type,
                "role": role,
                "currency": currency,
                "entity": entity,
                "fund": fund,
                "partner": fund.partner if fund else None,
            },
        )
        if fund is not None and account.partner_id != fund.partner_id:
            account.partner = fund.partner
            account.save(update_fields=["partner"])
        accounts[str(role)] = account
    return accounts


def setup_books() -> dict[str, Books]:
    """Create (or complete) the entities, funds, chart of accounts and default routing rules.

    Idempotent: demo loading, tests and deployments all call it. Links the IJM Canada fund to the
    partner with slug ``ijm-canada`` once that partner exists. Returns books by entity code.
    """
    books = {}
    with transaction.atomic():
        for spec in ENTITIES:
            entity, _created = Entity.objects.get_or_create(
                code=spec.code, defaults={"name": spec.name, "country": spec.country, "currency": spec.currency}
            )
            partner = Partner.objects.filter(slug=spec.partner_slug).first() if spec.partner_slug else None
            restricted, _created = Fund.objects.get_or_create(
                code=spec.restricted_fund_code,
                defaults={
                    "entity": entity,
                    "name": spec.restricted_fund_name,
                    "name_fr": spec.restricted_fund_name_fr,
                    "kind": FundKind.RESTRICTED,
                    "partner": partner,
                },
            )
            if partner is not None and restricted.partner_id is None:
                restricted.partner = partner
                restricted.save(update_fields=["partner"])
            operating, _created = Fund.objects.get_or_create(
                code=spec.operating_fund_code,
                defaults={
                    "entity": entity,
                    "name": spec.operating_fund_name,
                    "name_fr": spec.operating_fund_name_fr,
                    "kind": FundKind.OPERATING,
                },
            )
            accounts = ensure_chart(entity, restricted_fund=restricted, operating_fund=operating)
            if not RoutingRule.objects.filter(entity=entity, fund=restricted).exists():
                RoutingRule.objects.get_or_create(
                    priority=spec.route_priority,
                    defaults={
                        "country": spec.route_country,
                        "entity": entity,
                        "fund": restricted,
                        "currency": spec.currency,
                        "partner_display_name": spec.partner_display_name,
                        "partner_display_name_fr": spec.partner_display_name_fr,
                    },
                )
            books[spec.code] = Books(entity, restricted, operating, accounts)
    return books


_GIFT_ROLES = (
    AccountRole.PROCESSOR_CLEARING,
    AccountRole.RESTRICTED_GIFTS,
    AccountRole.DONOR_COVERED_FEES,
    AccountRole.PROCESSOR_FEES,
)
# The accounts a gift to fund {fund} of entity {entity} posts to (SQL over ledger_account "a" and
# its fund "af"): the entity's clearing account, the fund's restricted-gifts account and the
# operating fund's fee accounts. Only our own role and kind names are interpolated.
GIFT_ACCOUNTS_WHERE = f"""
    a.entity_id = {{entity}}
    AND (a.role = '{AccountRole.PROCESSOR_CLEARING.value}'
         OR (a.role = '{AccountRole.RESTRICTED_GIFTS.value}' AND a.fund_id = {{fund}})
         OR (a.role IN ('{AccountRole.DONOR_COVERED_FEES.value}', '{AccountRole.PROCESSOR_FEES.value}')
             AND af.kind = '{FundKind.OPERATING.value}'))
"""
# Every succeeded gift needs these, so it is one plain prepared query rather than an ORM join.
_GIFT_ACCOUNTS_SQL = f"""
    SELECT {sql.selected(("a", Account))}
      FROM ledger_account a LEFT JOIN ledger_fund af ON af.id = a.fund_id
     WHERE {GIFT_ACCOUNTS_WHERE.format(entity="%s", fund="%s")}
"""  # noqa: S608 (only column names and fixed conditions are interpolated)


@dataclass(frozen=True)
class GiftBooks:
    """Where gifts to one restricted fund are posted: its entity, the fund, and the four
    accounts of ``_GIFT_ROLES`` by role."""

    entity: Entity
    fund: Fund
    accounts: dict[str, Account]

    @classmethod
    def of(cls, entity: Entity, fund: Fund, accounts: list[Account]) -> GiftBooks:
        """From the accounts ``GIFT_ACCOUNTS_WHERE`` found; refuses books that lack one or have two."""
        found = {account.role: account for account in accounts}
        missing = set(_GIFT_ROLES) - set(found)
        if missing:
            raise LedgerError(
                f"{entity.code} has no {', '.join(sorted(missing))} account for {fund.code}; run setup_books"
            )
        if len(accounts) != len(found):
            raise LedgerError(f"{entity.code} has more than one account in a gift role for {fund.code}")
        return cls(entity, fund, found)


def gift_books(entity: Entity, fund: Fund) -> GiftBooks:
    """The books of gifts to ``fund``, in one query."""
    rows = sql.rows(_GIFT_ACCOUNTS_SQL, [entity.pk, fund.pk])
    return GiftBooks.of(entity, fund, [sql.instance(Account, row) for row in rows])


# ---------------------------------------------------------------------------------------------
# Gifts


def gift_key(donation_id: int) -> str:
    return f"gift:{donation_id}"


def refund_key(kind: str, donation_id: int, refund_id: str | int) -> str:
    return f"{kind}:{donation_id}:{refund_id}"


def _campaign_for(page_id: int | None, team_id: int | None) -> int | None:
    from jfa.campaigns.models import AdvocatePage, Team

    if page_id is not None:
        return AdvocatePage.objects.filter(pk=page_id).values_list("campaign_id", flat=True).first()
    if team_id is not None:
        return Team.objects.filter(pk=team_id).values_list("campaign_id", flat=True).first()
    return None


def _same_postings(entry: JournalEntry, lines: list[Line]) -> bool:
    stored = list(entry.postings.order_by("line").values_list("account_id", "debit_minor", "credit_minor"))
    return stored == [(line.account.pk, line.debit_minor, line.credit_minor) for line in lines]


def _post_once(*, what: str, lines: list[Line], **entry: Any) -> JournalEntry:
    """Post an entry whose idempotency key names its source: a replay with the same figures
    returns the entry already in the books; the same source with different figures is refused."""
    return _write_once(what=what, draft=draft_entry(lines=lines, **entry))


def _write_once(*, what: str, draft: EntryDraft) -> JournalEntry:
    try:
        return write_entry(draft)
    except DuplicateEntry as duplicate:
        if _same_postings(duplicate.existing, draft.lines):
            return duplicate.existing
        raise LedgerError(f"{what} is already in the books with different figures") from duplicate


def draft_gift(
    *,
    donation_id: int,
    books: GiftBooks,
    amount: Money,
    fee: Money,
    fee_covered_by_donor: Money,
    page_id: int | None,
    team_id: int | None,
    campaign_id: int | None,
    occurred_at: dt.datetime,
) -> EntryDraft:
    """The entry of a succeeded card gift (see the module docstring for the postings), checked
    and ready to write. ``post_gift`` writes it; a gift confirmed in one statement embeds it."""
    entity, fund, accounts = books.entity, books.fund, books.accounts
    if not fund.is_restricted or fund.entity_id != entity.pk:
        raise LedgerError(f"gifts go to a restricted fund of {entity.code}, not {fund.code}")
    for money in (fee, fee_covered_by_donor):
        if money.currency != amount.currency:
            raise LedgerError("a gift, its fee and the covered fee must be in one currency")
    if amount.currency != entity.currency:
        raise LedgerError(f"{entity.name} takes gifts in {entity.currency}, not {amount.currency}")
    if amount.minor <= 0 or fee.minor < 0 or fee_covered_by_donor.minor < 0:
        raise LedgerError("a gift must be positive and its fees not negative")
    charged = amount + fee_covered_by_donor
    if fee.minor > charged.minor:
        raise LedgerError(f"a fee of {fee} is more than the {charged} the donor paid")

    lines = [Line.debit(accounts[AccountRole.PROCESSOR_CLEARING], charged)]
    lines.append(Line.credit(accounts[AccountRole.RESTRICTED_GIFTS], amount))
    if fee_covered_by_donor.minor:
        lines.append(Line.credit(accounts[AccountRole.DONOR_COVERED_FEES], fee_covered_by_donor))
    if fee.minor:
        lines.append(Line.debit(accounts[AccountRole.PROCESSOR_FEES], fee))
        lines.append(Line.credit(accounts[AccountRole.PROCESSOR_CLEARING], fee))
    return draft_entry(
        description=f"Gift {donation_id} to the {fund.name}",
        idempotency_key=gift_key(donation_id),
        lines=lines,
        kind=EntryKind.GIFT,
        source_type="donation",
        source_id=str(donation_id),
        occurred_at=occurred_at,
        campaign_id=campaign_id if campaign_id is not None else _campaign_for(page_id, team_id),
        team_id=team_id,
        page_id=page_id,
    )


def post_gift(
    *,
    donation_id: int,
    entity: Entity,
    fund: Fund,
    amount: Money,
    fee: Money,
    fee_covered_by_donor: Money,
    page_id: int | None,
    team_id: int | None,
    occurred_at: dt.datetime,
    campaign_id: int | None = None,
) -> JournalEntry:
    """Post a succeeded card gift (see the module docstring for the postings).

    ``amount`` is the gift; ``fee_covered_by_donor`` what the donor added on top (zero if they did
    not cover the fee); ``fee`` the processor's actual fee. Replaying the same gift returns its
    existing entry and writes nothing; the same donation with different figures is refused.
    """
    draft = draft_gift(
        donation_id=donation_id,
        books=gift_books(entity, fund),
        amount=amount,
        fee=fee,
        fee_covered_by_donor=fee_covered_by_donor,
        page_id=page_id,
        team_id=team_id,
        campaign_id=campaign_id,
        occurred_at=occurred_at,
    )
    return _write_once(what=f"gift {donation_id}", draft=draft)


# ---------------------------------------------------------------------------------------------
# Operating gifts and sponsorships


def post_operating_gift(
    *,
    entity: Entity,
    amount: Money,
    reference: str | int,
    sponsor: str,
    occurred_at: dt.datetime,
    campaign_id: int | None = None,
) -> JournalEntry:
    """Money given for costs, not for partners (a sponsor, an operating gift):

        Dr operating bank account (operating fund)   amount
        Cr operating gifts and sponsorships          amount

    It never touches a restricted fund; it is what the operating fund pays fees from. Replaying
    the same ``reference`` returns the existing entry.
    """
    if amount.currency != entity.currency:
        raise LedgerError(f"{entity.name} keeps its books in {entity.currency}, not {amount.currency}")
    if amount.minor <= 0:
        raise LedgerError("an operating gift must be positive")
    wanted = (AccountRole.OPERATING_CASH, AccountRole.OPERATING_GIFTS)
    accounts = {
        a.role: a for a in Account.objects.filter(entity=entity, role__in=wanted, fund__kind=FundKind.OPERATING)
    }
    if set(accounts) != set(wanted):
        raise LedgerError(f"{entity.code} has no operating bank or operating gifts account; run setup_books")
    lines = [
        Line.debit(accounts[AccountRole.OPERATING_CASH], amount),
        Line.credit(accounts[AccountRole.OPERATING_GIFTS], amount),
    ]
    return _post_once(
        what=f"operating gift {reference}",
        description=f"Operating gift from {sponsor}"[:200],
        idempotency_key=f"operating:{reference}",
        lines=lines,
        kind=EntryKind.OPERATING,
        source_type="operating_gift",
        source_id=str(reference),
        occurred_at=occurred_at,
        campaign_id=campaign_id,
    )


# ---------------------------------------------------------------------------------------------
# Refunds and disputes


@dataclass(frozen=True)
class GiftPosition:
    """What the books say about one gift: what it was and how much has gone back."""

    entry: JournalEntry
    amount: Money
    fee_covered: Money
    refunded: Money
    fee_covered_refunded: Money
    restricted_account: Account
    covered_account: Account | None
    clearing_account: Account
    fee_account: Account

    @property
    def refundable(self) -> Money:
        return self.amount - self.refunded


def gift_position(donation_id: int) -> GiftPosition:
    entry = JournalEntry.objects.filter(idempotency_key=gift_key(donation_id)).first()
    if entry is None:
        raise LedgerError(f"gift {donation_id} is not in the books")
    by_role: dict[str, Account] = {}
    amount = covered = 0
    for posting in entry.postings.select_related("account"):
        role = posting.account.role
        by_role.setdefault(role, posting.account)
        if role == AccountRole.RESTRICTED_GIFTS:
            amount += posting.credit_minor
        elif role == AccountRole.DONOR_COVERED_FEES:
            covered += posting.credit_minor
    restricted = by_role[AccountRole.RESTRICTED_GIFTS]
    fee_account = by_role.get(AccountRole.PROCESSOR_FEES)
    if fee_account is None:
        assert restricted.fund is not None  # restricted-gift accounts always belong to a fund
        fee_account = gift_books(restricted.entity, restricted.fund).accounts[AccountRole.PROCESSOR_FEES]
    covered_account = by_role.get(AccountRole.DONOR_COVERED_FEES)
    refunded = covered_refunded = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.account_id, COALESCE(SUM(p.debit_minor), 0) FROM ledger_posting p"
            " JOIN ledger_journalentry e ON e.id = p.entry_id WHERE e.reverses_id = %s GROUP BY p.account_id",
            [entry.pk],
        )
        for account_id, debits in cursor.fetchall():
            # SUM of bigint is numeric on PostgreSQL: back to exact int.
            if account_id == restricted.pk:
                refunded = int(debits)
            elif covered_account is not None and account_id == covered_account.pk:
                covered_refunded = int(debits)
    currency = restricted.currency
    return GiftPosition(
        entry=entry,
        amount=Money(amount, currency),
        fee_covered=Money(covered, currency),
        refunded=Money(refunded, currency),
        fee_covered_refunded=Money(covered_refunded, currency),
        restricted_account=restricted,
        covered_account=covered_account,
        clearing_account=by_role[AccountRole.PROCESSOR_CLEARING],
        fee_account=fee_account,
    )


def covered_fee_returned(*, kind: str, donation_id: int, refund_id: str | int) -> int:
    """The part of the donor-covered fee (minor units) that one refund or dispute gave back, as
    its entry in the books says: none for a gift without one, or under the keep policy."""
    postings = Posting.objects.filter(
        entry__idempotency_key=refund_key(kind, donation_id, refund_id), account__role=AccountRole.DONOR_COVERED_FEES
    )
    return sum(postings.values_list("debit_minor", flat=True))


def post_refund(
    *,
    donation_id: int,
    refund_id: str | int,
    kind: str,
    amount: Money,
    occurred_at: dt.datetime,
    fee_refund_policy: str = FeeRefundPolicy.PRO_RATA,
    processor_fee: Money | None = None,
) -> JournalEntry:
    """Post a staff refund or a card dispute of ``amount`` of the gift (not counting any covered fee).

    Reverses (points at) the gift's entry and lowers its restricted fund by ``amount``; the
    donor-covered fee goes back per ``fee_refund_policy``; ``processor_fee`` (a dispute fee) is
    charged to the operating fund. Refuses more than is left of the gift. Replaying the same
    ``refund_id`` returns the existing entry. A refund of a Canadian gift of CA$50 or more is
    flagged ``returned_gift_report``.
    """
    if kind not in RefundKind.values:
        raise LedgerError(f"kind must be 'refund' or 'dispute', not {kind!r}")
    if fee_refund_policy not in FeeRefundPolicy.values:
        raise LedgerError(f"unknown fee refund policy {fee_refund_policy!r}")
    with transaction.atomic():
        # The chain head lock first: two refunds of one gift must not both see it unrefunded.
        lock_books()
        position = gift_position(donation_id)
        key = refund_key(kind, donation_id, refund_id)
        replay = JournalEntry.objects.filter(idempotency_key=key).first()
        if replay is not None:
            refunded_then = sum(
                replay.postings.filter(account=position.restricted_account).values_list("debit_minor", flat=True)
            )
            if refunded_then == amount.minor and amount.currency == position.amount.currency:
                return replay
            raise LedgerError(f"{kind} {refund_id} of gift {donation_id} is already in the books as another amount")
        if amount.currency != position.amount.currency:
            raise LedgerError(f"gift {donation_id} was in {position.amount.currency}, not {amount.currency}")
        if not 0 < amount.minor <= position.refundable.minor:
            raise LedgerError(
                f"can refund between {Money(1, amount.currency)} and {position.refundable} of gift {donation_id},"
                f" not {amount}"
            )
        if processor_fee is not None and (processor_fee.currency != amount.currency or processor_fee.minor < 0):
            raise LedgerError("a processor fee must be zero or more, in the gift's currency")

        covered_back = 0
        if fee_refund_policy == FeeRefundPolicy.PRO_RATA and position.fee_covered.minor:
            # Cumulative, so partial refunds adding up to the whole gift return exactly the whole fee.
            refunded_after = position.refunded.minor + amount.minor
            due = position.fee_covered.minor * refunded_after // position.amount.minor
            covered_back = max(due - position.fee_covered_refunded.minor, 0)
        lines = [Line.debit(position.restricted_account, amount)]
        if covered_back:
            assert position.covered_account is not None
            lines.append(Line(position.covered_account, debit_minor=covered_back))
        lines.append(Line(position.clearing_account, credit_minor=amount.minor + covered_back))
        if processor_fee is not None and processor_fee.minor:
            lines.append(Line.debit(position.fee_account, processor_fee))
            lines.append(Line.credit(position.clearing_account, processor_fee))
        gift_entry = position.entry
        flag = position.amount.currency == RETURNED_GIFT_REPORT_MIN.currency and (
            position.restricted_account.entity.country == "CA" and RETURNED_GIFT_REPORT_MIN <= position.amount
        )
        return post_entry(
            description=f"{'Dispute' if kind == RefundKind.DISPUTE else 'Refund'} of gift {donation_id}",
            idempotency_key=key,
            lines=lines,
            kind=EntryKind.DISPUTE if kind == RefundKind.DISPUTE else EntryKind.REFUND,
            source_type=kind,
            source_id=str(refund_id),
            occurred_at=occurred_at,
            reverses=gift_entry,
            campaign_id=gift_entry.campaign_id,
            team_id=gift_entry.team_id,
            page_id=gift_entry.page_id,
            returned_gift_report=flag,
        )


# ---------------------------------------------------------------------------------------------
# Proving running totals


SCOPES = ("page", "team", "campaign")


def ledger_total_for(scope: str, scope_id: int) -> dict[str, int]:
    """Net gifts credited to restricted funds for a page, team or campaign, per currency.

    What the page, team and campaign running totals must equal: gifts minus refunds and
    disputes, without donor-covered fees.
    """
    if scope not in SCOPES:
        raise LedgerError(f"scope must be page, team or campaign, not {scope!r}")
    rows = (
        Posting.objects.filter(account__role=AccountRole.RESTRICTED_GIFTS, **{f"entry__{scope}_id": scope_id})
        .values("currency")
        .annotate(credits=Sum("credit_minor"), debits=Sum("debit_minor"))
    )
    return {row["currency"]: int(row["credits"] - row["debits"]) for row in rows}
