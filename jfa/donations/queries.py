"""Reads for the giving pages, and for staff: the returned-gifts list and the campaign at a glance."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from jfa.campaigns.models import AdvocatePage, Campaign, DressLogEntry, ImpactTier, PageReport, Team
from jfa.campaigns.queries import Progress, impact_tiers_for, progress
from jfa.core.money import Money
from jfa.core.spreadsheets import inert
from jfa.ledger import gifts as ledger_gifts
from jfa.ledger.models import JournalEntry
from jfa.ledger.routing import Route, receipting_countries
from jfa.payments.models import AttemptStatus, PaymentAttempt

from .actions import route_for
from .models import Donation, DonationStatus, Refund, TotalScope


def to_card(refund: Refund) -> Money:
    """What a refund (or a lost dispute) put back on the donor's card: its part of the gift, and
    the part of any fee the donor covered that went with it, as the books say."""
    if not refund.donation.fee_covered_minor:
        return refund.amount
    fee_back = ledger_gifts.covered_fee_returned(kind=refund.kind, donation_id=refund.donation_id, refund_id=refund.pk)
    return refund.amount + Money(fee_back, refund.currency)


def route_context(
    *, page: AdvocatePage | None, team: Team | None, donor_country: str | None, route: Route | None = None
) -> dict:
    """Who receives a gift and which country's receipt the donor gets, shown before paying."""
    recipient = page or team
    assert recipient is not None
    route = route or route_for(page=page, team=team, campaign=recipient.campaign)
    donor_country = donor_country if donor_country is not None else route.receipt_country
    receipt_differs = route.differs_from_donor(donor_country)
    # Pages whose gifts are receipted where the donor lives, if any entity of ours receipts there:
    # a donor in Poland is told plainly that no page can give them a Polish receipt.
    right_campaign_url = ""
    if receipt_differs and donor_country in receipting_countries():
        right_campaign_url = reverse("campaigns:search") + "?" + urlencode({"country": donor_country})
    return {
        "route": route,
        "route_url": reverse("donations:route_note", args=["page" if page else "team", recipient.slug]),
        "donor_country": donor_country,
        "receipt_differs": receipt_differs,
        "right_campaign_url": right_campaign_url,
    }


@dataclass(frozen=True)
class AfterGift:
    """What a donor sees once their gift is in: what it can do, and the page or team they gave
    to, how far it now is and where to share it (a thank-you page is where donors share most)."""

    tier: ImpactTier | None
    recipient: AdvocatePage | Team
    progress: Progress

    @property
    def name(self) -> str:
        return self.recipient.display_name if isinstance(self.recipient, AdvocatePage) else self.recipient.name

    @property
    def share_title(self) -> str:
        """What a shared link says: the page's own title, as shared from the page; a team's name."""
        return self.recipient.title if isinstance(self.recipient, AdvocatePage) else self.recipient.name


def after_gift(donation: Donation, *, returned_minor: int = 0) -> AfterGift | None:
    """For a received gift (its page, team and campaign loaded), less ``returned_minor`` already
    given back of it; None for a gift to nobody."""
    recipient = donation.page or donation.team
    if recipient is None:
        return None
    # The largest suggested amount the gift still reaches: "US$30 can provide a trauma therapy session".
    kept = donation.amount_minor - returned_minor
    reached = [t for t in impact_tiers_for(donation.campaign, donation.currency) if t.amount_minor <= kept]
    scope = TotalScope.PAGE if donation.page else TotalScope.TEAM
    return AfterGift(reached[-1] if reached else None, recipient, progress(scope, recipient.pk, recipient.goal))


@dataclass(frozen=True)
class ReturnedGift:
    """One line of the returned-gifts list a Canadian charity files with its return."""

    returned_on: datetime.date
    kind: str
    amount: Money
    gift_reference: str
    gift_date: datetime.date | None
    gift_amount: Money
    donor_name: str
    donor_email: str
    reason: str
    entry_sequence: int


def returned_gifts(*, year: int) -> list[ReturnedGift]:
    """Refunds and disputes the books flagged for the returned-gift report (Canadian gifts of
    CA$50 or more), returned during ``year`` in the campaign's time zone, oldest first.

    The flag lives on the refund's journal entry (set when it was posted, never recomputed); the
    entry's idempotency key is "<kind>:<gift id>:<refund id>".
    """
    entry_key = Concat(F("kind"), Value(":"), Cast("donation_id", CharField()), Value(":"), Cast("pk", CharField()))
    flagged = JournalEntry.objects.filter(idempotency_key=OuterRef("entry_key"), returned_gift_report=True)
    refunds = (
        Refund.objects.filter(created_at__year=year)
        .annotate(entry_key=entry_key, entry_sequence=Subquery(flagged.values("sequence")[:1]))
        .filter(entry_sequence__isnull=False)
        .select_related("donation")
        .order_by("created_at", "pk")
    )
    return [
        ReturnedGift(
            returned_on=timezone.localdate(refund.created_at),
            kind=refund.kind,
            amount=Money(refund.amount_minor, refund.currency),
            gift_reference=str(refund.donation.public_id),
            gift_date=timezone.localdate(refund.donation.succeeded_at) if refund.donation.succeeded_at else None,
            gift_amount=refund.donation.amount,
            donor_name=refund.donation.donor_name,
            donor_email=refund.donation.donor_email,
            reason=refund.reason,
            entry_sequence=refund.entry_sequence,
        )
        for refund in refunds
    ]


GIFT_COLUMNS = [
    "reference",
    "created_at",
    "succeeded_at",
    "status",
    "amount",
    "currency",
    "fee_covered_by_donor",
    "processing_fee",
    "returned",
    "donor_name",
    "donor_email",
    "donor_country",
    "anonymous",
    "amount_hidden",
    "message",
    "language",
    "page",
    "team",
    "fund",
]


def gift_rows(gifts: QuerySet[Donation]) -> Iterator[list[object]]:
    """One spreadsheet row per gift, for staff to reconcile with the card processor and the bank.

    Amounts are exact decimals in the gift's currency (never floats); what was returned is the
    sum of the gift's refunds and lost disputes. Read in chunks, so any number of gifts streams.
    """
    rows = (
        gifts.select_related("page", "team", "fund")
        .annotate(returned_minor=Coalesce(Sum("refunds__amount_minor"), 0))
        .order_by("created_at", "pk")
    )
    for gift in rows.iterator(chunk_size=1000):
        amount, covered, fee, returned = (
            Money(minor, gift.currency).as_decimal()
            for minor in (gift.amount_minor, gift.fee_covered_minor, gift.fee_minor, gift.returned_minor)
        )
        yield [
            str(gift.public_id),
            timezone.localtime(gift.created_at).isoformat(),
            timezone.localtime(gift.succeeded_at).isoformat() if gift.succeeded_at else "",
            gift.status,
            amount,
            gift.currency,
            covered,
            fee,
            returned,
            inert(gift.donor_name),
            inert(gift.donor_email),
            gift.donor_country,
            "yes" if gift.is_anonymous else "no",
            "yes" if gift.amount_hidden else "no",
            inert(gift.message),
            gift.language,
            inert(gift.page.display_name) if gift.page else "",
            inert(gift.team.name) if gift.team else "",
            gift.fund.name if gift.fund else "",
        ]


# ---------------------------------------------------------------------------------------------
# Campaign at a glance, for staff


@dataclass(frozen=True)
class GiftDay:
    """One day's gifts (in the campaign's time zone), returned ones included: what came in."""

    date: datetime.date
    gift_count: int
    amounts: list[Money]


@dataclass(frozen=True)
class CurrencyLine:
    currency: str
    gift_count: int
    raised: Money  # gifts still standing, less what was returned of them
    average: Money
    fee_covered_count: int
    returned: Money


@dataclass(frozen=True)
class Overview:
    days: list[GiftDay]
    currencies: list[CurrencyLine]
    busiest: int  # the most gifts in one day, to scale the chart
    pages_published: int
    pages_hidden: int
    pages_without_gifts: int
    pages_taken_down: int
    open_reports: int  # readers' reports on the campaign's pages that staff have not resolved
    teams: int
    thanked: int
    standing_gifts: int
    declined_last_day: int
    # The dress log, the campaign's daily heartbeat: today's day (None outside December), how many
    # pages have its photo, and how many have posted any photo at all.
    log_day: int | None
    photos_on_log_day: int
    pages_with_photos: int

    @property
    def thanked_percent(self) -> int:
        return self.thanked * 100 // self.standing_gifts if self.standing_gifts else 0


def overview(campaign: Campaign, *, now: datetime.datetime | None = None) -> Overview:
    """How the campaign is going, for its staff: gifts day by day, per currency, pages, thanks."""
    now = now or timezone.now()
    gifts = Donation.objects.filter(campaign=campaign, status__in=[DonationStatus.SUCCEEDED, DonationStatus.REFUNDED])
    per_day = (
        gifts.annotate(day=TruncDate("succeeded_at"))
        .values("day", "currency")
        .annotate(count=Count("pk"), total=Sum("amount_minor"))
        .order_by("day", "currency")
    )
    days: dict[datetime.date, tuple[int, list[Money]]] = {}
    for row in per_day:
        count, amounts = days.setdefault(row["day"], (0, []))
        amounts.append(Money(row["total"], row["currency"]))
        days[row["day"]] = (count + row["count"], amounts)

    returned = dict(
        Refund.objects.filter(donation__campaign=campaign)
        .values("currency")
        .annotate(total=Sum("amount_minor"))
        .values_list("currency", "total")
    )
    currencies = []
    per_currency = gifts.values_list("currency").annotate(
        count=Count("pk"), total=Sum("amount_minor"), covered=Count("pk", filter=Q(fee_covered_minor__gt=0))
    )
    for code, count, total, covered in per_currency.order_by("currency"):
        back = returned.get(code, 0)
        net, average = Money(total - back, code), Money(total // count, code)
        currencies.append(CurrencyLine(code, count, net, average, covered, Money(back, code)))

    pages = AdvocatePage.objects.filter(campaign=campaign)
    standing = gifts.filter(status=DonationStatus.SUCCEEDED)
    log_day = campaign.day_of_campaign(timezone.localdate(now))
    photos = DressLogEntry.objects.filter(page__campaign=campaign)
    return Overview(
        # Newest first: in December staff look at today and the days just before it.
        days=[GiftDay(day, count, amounts) for day, (count, amounts) in sorted(days.items(), reverse=True)],
        currencies=currencies,
        busiest=max((count for count, _amounts in days.values()), default=0),
        pages_published=pages.filter(is_published=True).count(),
        pages_hidden=pages.filter(is_published=False, taken_down_at__isnull=True).count(),  # by their advocates
        pages_without_gifts=pages.filter(is_published=True).exclude(donations__status=DonationStatus.SUCCEEDED).count(),
        pages_taken_down=pages.filter(taken_down_at__isnull=False).count(),
        open_reports=PageReport.objects.filter(page__campaign=campaign, resolved_at__isnull=True).count(),
        teams=Team.objects.filter(campaign=campaign).count(),
        thanked=standing.filter(thanks__isnull=False).count(),
        standing_gifts=standing.count(),
        declined_last_day=PaymentAttempt.objects.filter(
            donation__campaign=campaign, status=AttemptStatus.FAILED, created_at__gte=now - datetime.timedelta(days=1)
        ).count(),
        log_day=log_day,
        photos_on_log_day=photos.filter(day=log_day, page__is_published=True).count() if log_day else 0,
        pages_with_photos=photos.values("page").distinct().count(),
    )
