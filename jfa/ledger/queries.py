"""Reading the books: balances, statements, trial balance and partner figures.

Balances come from the running balance stored on each account (one indexed row read), never
from summing postings, so they stay fast however long the books grow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum

from jfa.core.money import Money
from jfa.core.text import localized
from jfa.partners.models import Partner

from .models import DEBIT_NORMAL_TYPES, Account, AccountRole, EntryKind, Fund, FundKind, JournalEntry, Posting


def account_balance(account: Account | int) -> Money:
    """The account's balance now, in its normal direction. One primary-key read."""
    account_id = account.pk if isinstance(account, Account) else account
    with connection.cursor() as cursor:
        cursor.execute("SELECT balance_minor, currency FROM ledger_account WHERE id = %s", [account_id])
        row = cursor.fetchone()
    if row is None:
        raise Account.DoesNotExist(f"no account {account_id}")
    return Money(row[0], row[1])


@dataclass(frozen=True, slots=True)
class StatementLine:
    sequence: int
    occurred_at: dt.datetime
    description: str
    debit: Money | None
    credit: Money | None
    balance_after: Money


def statement(
    account: Account,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int | None = None,
) -> list[StatementLine]:
    """The account's postings in book order with the balance after each."""
    postings = Posting.objects.filter(account=account).select_related("entry").order_by("id")
    if since is not None:
        postings = postings.filter(entry__occurred_at__gte=since)
    if until is not None:
        postings = postings.filter(entry__occurred_at__lt=until)
    if limit is not None:
        postings = postings[:limit]
    currency = account.currency
    return [
        StatementLine(
            sequence=posting.entry.sequence,
            occurred_at=posting.entry.occurred_at,
            description=posting.entry.description,
            debit=Money(posting.debit_minor, currency) if posting.debit_minor else None,
            credit=Money(posting.credit_minor, currency) if posting.credit_minor else None,
            balance_after=Money(posting.balance_after_minor, currency),
        )
        for posting in postings
    ]


@dataclass(frozen=True, slots=True)
class TrialBalanceRow:
    account: Account
    debit: Money
    credit: Money


@dataclass(frozen=True, slots=True)
class TrialBalance:
    currency: str
    rows: list[TrialBalanceRow] = field(default_factory=list)

    @property
    def total_debits(self) -> Money:
        return Money(sum(row.debit.minor for row in self.rows), self.currency)

    @property
    def total_credits(self) -> Money:
        return Money(sum(row.credit.minor for row in self.rows), self.currency)

    @property
    def is_balanced(self) -> bool:
        return self.total_debits == self.total_credits


def trial_balance() -> dict[str, TrialBalance]:
    """Every account's balance on its debit or credit side, per currency. Totals must agree."""
    books: dict[str, TrialBalance] = {}
    for account in Account.objects.select_related("entity", "fund").order_by("currency", "code"):
        signed = account.balance_minor if account.type in DEBIT_NORMAL_TYPES else -account.balance_minor
        row = TrialBalanceRow(
            account=account,
            debit=Money(max(signed, 0), account.currency),
            credit=Money(max(-signed, 0), account.currency),
        )
        books.setdefault(account.currency, TrialBalance(account.currency)).rows.append(row)
    return books


@dataclass(frozen=True, slots=True)
class PartnerFigures:
    """A partner's live figures, one Money per currency (sorted by currency).

    held: money restricted to this partner that has not left the books yet (the balance of funds
    restricted to it, plus grants awarded to it and not yet paid out). Partners sharing the global
    grant pool hold nothing of their own until a grant is awarded to them.
    granted: grants awarded to the partner; disbursed: grants paid out to it. Empty lists when
    there are none.
    """

    held: list[Money]
    granted: list[Money]
    disbursed: list[Money]
    # For a partner with no fund of its own: the shared pool it will be granted from.
    shared_pool: list[Money] = field(default_factory=list)


def _by_currency(totals: dict[str, int], *, keep_zero: bool) -> list[Money]:
    return [Money(minor, currency) for currency, minor in sorted(totals.items()) if keep_zero or minor]


def partner_figures(partner: Partner) -> PartnerFigures:
    held: dict[str, int] = {}
    restricted = Account.objects.filter(
        Q(fund__partner=partner, fund__kind=FundKind.RESTRICTED) | Q(partner=partner, role=AccountRole.GRANTS_PAYABLE)
    ).values_list("type", "balance_minor", "currency")
    for account_type, balance, currency in restricted:
        # Expenses of a restricted fund (grants paid from it) lower what it holds.
        sign = -1 if account_type in DEBIT_NORMAL_TYPES else 1
        held[currency] = held.get(currency, 0) + sign * balance

    granted: dict[str, int] = {}
    disbursed: dict[str, int] = {}
    grant_rows = (
        Posting.objects.filter(account__partner=partner, account__role=AccountRole.GRANTS_PAYABLE)
        .values("currency")
        .annotate(credits=Sum("credit_minor"), debits=Sum("debit_minor"))
    )
    for row in grant_rows:
        granted[row["currency"]] = int(row["credits"] or 0)
        disbursed[row["currency"]] = int(row["debits"] or 0)
    pool: dict[str, int] = {}
    if not Fund.objects.filter(partner=partner, kind=FundKind.RESTRICTED).exists():
        shared = Account.objects.filter(
            role=AccountRole.RESTRICTED_GIFTS, fund__kind=FundKind.RESTRICTED, fund__partner__isnull=True
        ).values_list("balance_minor", "currency")
        for balance, currency in shared:
            pool[currency] = pool.get(currency, 0) + balance
    return PartnerFigures(
        held=_by_currency(held, keep_zero=True),
        granted=_by_currency(granted, keep_zero=False),
        disbursed=_by_currency(disbursed, keep_zero=False),
        shared_pool=_by_currency(pool, keep_zero=False),
    )


def entry_for_key(idempotency_key: str) -> JournalEntry | None:
    return JournalEntry.objects.filter(idempotency_key=idempotency_key).first()


# ---------------------------------------------------------------------------------------------
# The real split of a campaign year ("Where does the money go?")


@dataclass(frozen=True, slots=True)
class FundHeld:
    fund_name: str
    fund_name_fr: str
    partner_name: str
    held: Money

    @property
    def localized_fund_name(self) -> str:
        return localized(self.fund_name, self.fund_name_fr)


@dataclass(frozen=True, slots=True)
class CurrencySplit:
    """One currency's share of a campaign year, every figure from postings.

    gifts: credited to restricted funds by gift entries; refunds and disputes: taken back out;
    held: what the restricted funds keep (gifts - refunds - disputes). fees: processor fees
    (including dispute fees), paid first by the fees donors chose to cover (net of covered fees
    refunded) and for the rest by the operating fund, never by a restricted fund.
    """

    currency: str
    gift_count: int
    gifts: Money
    refunds: Money
    disputes: Money
    held: Money
    fees: Money
    fees_paid_by_donors: Money
    fees_paid_by_operating_fund: Money
    funds: list[FundHeld]
    # Sponsorships and operating gifts for the campaign: what the operating fund pays costs from.
    operating_gifts: Money


@dataclass(frozen=True, slots=True)
class CampaignSplit:
    year: int
    campaign_names: list[str]
    currencies: list[CurrencySplit]

    @property
    def is_empty(self) -> bool:
        return not any(split.gift_count for split in self.currencies)


def campaign_split(*, year: int) -> CampaignSplit:
    """Gifts, fees and who paid them, and what is held per fund, for the campaigns of ``year``."""
    from jfa.campaigns.models import Campaign

    campaigns = list(Campaign.objects.filter(year=year).order_by("name").values_list("pk", "name"))
    campaign_ids = [pk for pk, _name in campaigns]
    rows = (
        Posting.objects.filter(entry__campaign_id__in=campaign_ids)
        .values("currency", "entry__kind", "account__role", "account__fund_id")
        .annotate(debits=Sum("debit_minor"), credits=Sum("credit_minor"))
    )
    totals: dict[tuple[str, str, str], list[int]] = {}
    held_by_fund: dict[tuple[str, int], int] = {}
    for row in rows:
        currency, kind, role = row["currency"], row["entry__kind"], row["account__role"]
        debits, credits = int(row["debits"] or 0), int(row["credits"] or 0)
        bucket = totals.setdefault((currency, kind, role), [0, 0])
        bucket[0] += debits
        bucket[1] += credits
        if role == AccountRole.RESTRICTED_GIFTS:
            key = (currency, row["account__fund_id"])
            held_by_fund[key] = held_by_fund.get(key, 0) + credits - debits
    gift_counts = dict(
        JournalEntry.objects.filter(campaign_id__in=campaign_ids, kind=EntryKind.GIFT)
        .values_list("postings__currency")
        .annotate(count=Count("id", distinct=True))
        .values_list("postings__currency", "count")
    )
    funds = {fund.pk: fund for fund in Fund.objects.select_related("partner")}

    def side(currency: str, role: str, kinds: tuple[str, ...], index: int) -> int:
        return sum(totals.get((currency, kind, role), [0, 0])[index] for kind in kinds)

    all_kinds = tuple(EntryKind.values)
    splits = []
    for currency in sorted({currency for currency, _kind, _role in totals}):
        fees = side(currency, AccountRole.PROCESSOR_FEES, all_kinds, 0) - side(
            currency, AccountRole.PROCESSOR_FEES, all_kinds, 1
        )
        by_donors = side(currency, AccountRole.DONOR_COVERED_FEES, all_kinds, 1) - side(
            currency, AccountRole.DONOR_COVERED_FEES, all_kinds, 0
        )
        held = sum(amount for (cur, _fund), amount in held_by_fund.items() if cur == currency)
        splits.append(
            CurrencySplit(
                currency=currency,
                gift_count=gift_counts.get(currency, 0),
                gifts=Money(side(currency, AccountRole.RESTRICTED_GIFTS, (EntryKind.GIFT,), 1), currency),
                refunds=Money(side(currency, AccountRole.RESTRICTED_GIFTS, (EntryKind.REFUND,), 0), currency),
                disputes=Money(side(currency, AccountRole.RESTRICTED_GIFTS, (EntryKind.DISPUTE,), 0), currency),
                held=Money(held, currency),
                fees=Money(fees, currency),
                fees_paid_by_donors=Money(min(by_donors, fees), currency),
                fees_paid_by_operating_fund=Money(max(fees - by_donors, 0), currency),
                funds=[
                    FundHeld(
                        fund_name=funds[fund_id].name,
                        fund_name_fr=funds[fund_id].name_fr,
                        partner_name=partner.name if (partner := funds[fund_id].partner) else "",
                        held=Money(amount, currency),
                    )
                    for (cur, fund_id), amount in sorted(held_by_fund.items(), key=lambda item: item[0])
                    if cur == currency
                ],
                operating_gifts=Money(
                    side(currency, AccountRole.OPERATING_GIFTS, all_kinds, 1)
                    - side(currency, AccountRole.OPERATING_GIFTS, all_kinds, 0),
                    currency,
                ),
            )
        )
    return CampaignSplit(year=year, campaign_names=[name for _pk, name in campaigns], currencies=splits)
