"""Reads for the campaign site: summaries, leaderboards, progress. Nothing here writes."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import cast

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jfa.accounts.models import User
from jfa.core import sql
from jfa.core.money import Money
from jfa.core.spreadsheets import inert
from jfa.core.templatetags.jfa import calendar_date
from jfa.donations import totals
from jfa.donations.models import Donation, DonationStatus, TotalScope

from .models import AdvocatePage, Campaign, DressLogCheer, DressLogEntry, ImpactTier, PageAddress, Team

# Used only to show combined progress across currencies ("about"); money is never converted.
DISPLAY_RATES_TO_USD = {"USD": Decimal("1"), "CAD": Decimal("0.72")}
LEADERBOARD_CACHE_SECONDS = 15


def current_campaign() -> Campaign:
    campaign = Campaign.objects.current()
    if campaign is None:
        raise Http404("No campaign is running.")
    return campaign


def _current_campaign_id() -> Subquery:
    # The rule of Campaign.objects.current(), as a subquery: a page or team and its campaign come
    # back in one query instead of two on every page view and every gift.
    return Subquery(Campaign.objects.filter(is_active=True).order_by("-year").values("pk")[:1])


@dataclass(frozen=True, slots=True)
class Recipient:
    """A page or team of the running campaign that takes gifts: what a gift needs to know of it."""

    campaign_id: int
    page_id: int | None
    # The team a gift is credited to: the page's team when it was made, or the team given to.
    team_id: int | None
    # Where its gifts are routed from (``ledger.routing``): the page's country, or for a team
    # the country of its captain's page.
    country: str

    @classmethod
    def of(cls, *, page: AdvocatePage | None = None, team: Team | None = None) -> Recipient:
        from jfa.ledger.routing import page_country_for

        if page is not None:
            return cls(campaign_id=page.campaign_id, page_id=page.pk, team_id=page.team_id, country=page.country)
        if team is None:
            raise ValueError("a gift needs a page or a team")
        country = page_country_for(page=None, team=team, campaign=team.campaign)
        return cls(campaign_id=team.campaign_id, page_id=None, team_id=team.pk, country=country)


# Every gift to a page starts here, so this is one plain prepared query: the same rule as
# page_in_campaign (a published page of the running campaign), without building the page.
_PAGE_RECIPIENT_SQL = f"""
    SELECT p.campaign_id, p.id, p.team_id, p.country
      FROM {sql.table(AdvocatePage)} p
     WHERE p.slug = %s AND p.is_published
       AND p.campaign_id = (SELECT c.id FROM {sql.table(Campaign)} c WHERE c.is_active ORDER BY c.year DESC LIMIT 1)
"""  # noqa: S608 (only table names are interpolated)


def page_recipient(slug: str) -> Recipient:
    """The published page ``slug`` of the running campaign, as a recipient of gifts, or 404."""
    row = sql.first(_PAGE_RECIPIENT_SQL, [slug])
    if row is None:
        raise Http404("No such page in this campaign.")
    campaign_id, page_id, team_id, country = row
    return Recipient(campaign_id=campaign_id, page_id=page_id, team_id=team_id, country=country)


# The most viewed page of the site: its page, campaign and team in one plain prepared query (the
# ORM's building of this query cost more than the page's other queries together).
_PAGE_SQL = f"""
    SELECT {sql.selected(("p", AdvocatePage), ("c", Campaign), ("t", Team))}
      FROM {sql.table(AdvocatePage)} p
      JOIN {sql.table(Campaign)} c ON c.id = p.campaign_id
      LEFT JOIN {sql.table(Team)} t ON t.id = p.team_id
     WHERE p.slug = %s AND p.is_published
       AND p.campaign_id = (SELECT r.id FROM {sql.table(Campaign)} r WHERE r.is_active ORDER BY r.year DESC LIMIT 1)
"""  # noqa: S608 (only table and column names are interpolated)


def page_in_campaign(slug: str) -> AdvocatePage:
    """A published page of the running campaign, with its campaign and team, or 404 (slugs are
    unique only per campaign)."""
    row = sql.first(_PAGE_SQL, [slug])
    if row is None:
        raise Http404("No such page in this campaign.")
    page, campaign, team = sql.instances(row, AdvocatePage, Campaign, Team)
    page.campaign = campaign
    page.team = team if page.team_id is not None else None
    return page


def moved_page_slug(slug: str) -> str | None:
    """Where a page that left the address ``slug`` (in the running campaign) is now, or None."""
    moved = PageAddress.objects.filter(campaign=_current_campaign_id(), slug=slug)
    return moved.values_list("page__slug", flat=True).first()


def team_named(campaign: Campaign, slug: str) -> Team | None:
    """The campaign's team at ``slug``, or None for an empty or unknown one (an old link)."""
    return Team.objects.open().filter(campaign=campaign, slug=slug).first() if slug else None


def last_page_of(user: User, campaign: Campaign) -> AdvocatePage | None:
    """The advocate's page from their latest campaign before ``campaign``: what a returning
    advocate's set-up starts from."""
    # Not a page staff took down: its words or photo broke the rules.
    earlier = AdvocatePage.objects.filter(owner=user, campaign__year__lt=campaign.year, taken_down_at__isnull=True)
    return earlier.select_related("campaign").order_by("-campaign__year").first()


def last_team_of(user: User, campaign: Campaign) -> Team | None:
    """The team the advocate captained in their latest campaign before ``campaign``."""
    earlier = Team.objects.filter(captain=user, campaign__year__lt=campaign.year)
    return earlier.select_related("campaign").order_by("-campaign__year", "-created_at").first()


def team_in_campaign(slug: str, *related: str) -> Team:
    """A team of the running campaign, with its campaign, or 404."""
    teams = Team.objects.open().filter(campaign=_current_campaign_id())
    return get_object_or_404(teams.select_related("campaign", *related), slug=slug)


def approx_in(currency: str, amounts: dict[str, int]) -> Money:
    """An indicative sum of several currencies in ``currency``, for progress bars only."""
    target_rate = DISPLAY_RATES_TO_USD[currency]
    minor = sum(
        (Decimal(amount) * DISPLAY_RATES_TO_USD[code] / target_rate for code, amount in amounts.items()),
        Decimal(0),
    )
    return Money(int(minor.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)), currency)


def percent(raised: Money, goal: Money) -> int:
    """Whole percent of the goal raised, past 100 when the goal is beaten (233% is news to share)."""
    if goal.minor <= 0:
        return 0
    return max(0, raised.minor * 100 // goal.minor)


@dataclass(frozen=True)
class Progress:
    raised: list[Money]  # per currency, exact
    combined: Money  # approximate, in the goal's currency
    goal: Money
    gift_count: int

    @property
    def percent(self) -> int:
        return percent(self.combined, self.goal)

    @property
    def bar_percent(self) -> int:
        """How full the bar is drawn: a bar cannot be more than full."""
        return min(100, self.percent)

    @property
    def shown(self) -> list[Money]:
        """What to print as raised: each currency given in, or zero in the goal's currency."""
        return self.raised or [Money.zero(self.goal.currency)]

    @property
    def shown_text(self) -> str:
        """What was raised in words, in the active language: "CA$1,121.50 + US$40.00"."""
        return " + ".join(amount.localized() for amount in self.shown)

    @property
    def is_exact(self) -> bool:
        return all(m.currency == self.goal.currency for m in self.raised)


def progress(scope: str, scope_id: int, goal: Money) -> Progress:
    return progress_of(totals.total_for(scope, scope_id), goal)


def progress_of(total: totals.Total, goal: Money) -> Progress:
    return Progress(total.monies(), approx_in(goal.currency, total.amounts), goal, total.gift_count)


@dataclass(frozen=True)
class Leader:
    name: str
    url: str
    raised: Money
    combined: Money
    gift_count: int


def _leaders(scope: str, objects: dict[int, AdvocatePage] | dict[int, Team], limit: int | None) -> list[Leader]:
    all_totals = totals.all_totals(scope)
    rows = []
    for scope_id, total in all_totals.items():
        obj = objects.get(scope_id)
        if obj is None:
            continue
        name = obj.display_name if isinstance(obj, AdvocatePage) else obj.name
        rows.append(
            Leader(
                name,
                obj.get_absolute_url(),
                total.money(obj.currency),
                approx_in("USD", total.amounts),
                total.gift_count,
            )
        )
    rows.sort(key=lambda leader: (-leader.combined.minor, leader.name))
    return rows[:limit]


def top_advocates(campaign: Campaign, limit: int | None = 10, *, country: str = "") -> list[Leader]:
    """Published pages with gifts, most raised first (other currencies count approximately);
    every one of them when ``limit`` is None; only those of ``country`` when it is given."""

    def compute() -> list[Leader]:
        published = AdvocatePage.objects.published().filter(campaign=campaign)
        if country:
            published = published.filter(country=country)
        pages = {p.pk: p for p in published.only("pk", "slug", "display_name", "currency")}
        return _leaders(TotalScope.PAGE, pages, limit)

    # Leaderboards are cached briefly in the shared cache: a donor rush reads them on every
    # page view, and a few seconds of lag is invisible there.
    key = f"leaders:pages:{campaign.pk}:{limit}:{country}"
    return cast(list[Leader], cache.get_or_set(key, compute, LEADERBOARD_CACHE_SECONDS))


def top_teams(campaign: Campaign, limit: int | None = 10) -> list[Leader]:
    def compute() -> list[Leader]:
        teams = {t.pk: t for t in Team.objects.open().filter(campaign=campaign).only("pk", "slug", "name", "currency")}
        return _leaders(TotalScope.TEAM, teams, limit)

    return cast(
        list[Leader], cache.get_or_set(f"leaders:teams:{campaign.pk}:{limit}", compute, LEADERBOARD_CACHE_SECONDS)
    )


def rank_of(page: AdvocatePage, *, in_its_country: bool = False) -> tuple[int, int] | None:
    """The page's place on the campaign's leaderboard (or its country's) and how many are on
    it; None until its first gift puts it there (or while it is hidden)."""
    board = top_advocates(page.campaign, limit=None, country=page.country if in_its_country else "")
    url = page.get_absolute_url()
    for place, leader in enumerate(board, start=1):
        if leader.url == url:
            return place, len(board)
    return None


@dataclass(frozen=True)
class Step:
    """One thing a new advocate does to raise money, done or still to do."""

    label: str
    done: bool
    url: str = ""  # where to do it, while it is still to do
    action: str = ""  # the link's words, or why it must wait


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)


def getting_started(page: AdvocatePage, *, progress: Progress, posted_days: int, unthanked: int) -> Checklist:
    """The dashboard's checklist, from what the dashboard has already read (no query of its own):
    the steps that bring in gifts, in the order an advocate meets them."""
    campaign = page.campaign
    has_gifts = progress.gift_count > 0
    edit = reverse("campaigns:page_edit", args=[page.slug])
    steps = [
        Step(_("Add a photo of yourself"), bool(page.photo), edit, _("Add a photo")),
        Step(_("Join a team or start one"), page.team_id is not None, reverse("campaigns:teams"), _("Find a team")),
        Step(_("Get your first gift"), has_gifts, "#share-link", _("Share your page")),
        Step(
            _("Post your first dress-log photo"),
            posted_days > 0,
            *(
                ("#log-title", _("Post a photo"))
                if campaign.has_started() or campaign.last_open_day() is not None
                else ("", _("From %(date)s") % {"date": calendar_date(campaign.starts_on, "j F")})
            ),
        ),
        Step(
            _("Thank your donors"),
            has_gifts and unthanked == 0,
            *((reverse("campaigns:thanks"), _("Say thanks")) if has_gifts else ("", _("After your first gift"))),
        ),
        Step(_("Reach your goal"), progress.percent >= 100, "#share-link", _("Share your page again")),
    ]
    return Checklist(steps)


@dataclass(frozen=True)
class CampaignSummary:
    campaign: Campaign
    progress: Progress
    advocate_count: int
    team_count: int
    day: int | None


def campaign_summary(campaign: Campaign) -> CampaignSummary:
    def counts() -> tuple[int, int]:
        return (
            AdvocatePage.objects.published().filter(campaign=campaign).count(),
            Team.objects.open().filter(campaign=campaign).count(),
        )

    advocate_count, team_count = cast(
        tuple[int, int], cache.get_or_set(f"counts:{campaign.pk}", counts, LEADERBOARD_CACHE_SECONDS)
    )
    return CampaignSummary(
        campaign,
        progress(TotalScope.CAMPAIGN, campaign.pk, campaign.goal),
        advocate_count,
        team_count,
        campaign.day_of_campaign(),
    )


def newest_gifts(campaign: Campaign, limit: int = 8) -> list[Donation]:
    # A hidden page's gifts still count, but its name stays off the home page; so does a closed
    # team's, for the gifts made on its own page.
    return list(
        Donation.objects.filter(campaign=campaign, status=DonationStatus.SUCCEEDED)
        .exclude(page__is_published=False)
        .exclude(page__isnull=True, team__closed_at__isnull=False)
        .select_related("page", "team")
        .order_by("-succeeded_at")[:limit]
    )


def latest_dress_log(campaign: Campaign, limit: int = 8, *, team: Team | None = None) -> list[DressLogEntry]:
    """The newest dress-log photos of the campaign's published pages, for its home page (or of
    one team's members, for the team's page)."""
    entries = DressLogEntry.objects.filter(page__campaign=campaign, page__is_published=True)
    if team is not None:
        entries = entries.filter(page__team=team)
    return list(entries.select_related("page").order_by("-created_at", "-pk")[:limit])


WALL_SIZE = 20  # gifts on a page's or team's donor wall
GIFTS_PAGE_SIZE = 50  # gifts per page of the full list


@dataclass(frozen=True)
class Wall:
    """Newest gifts first, from a point in the list; ``older`` is where the next, older slice
    starts ("" when this slice reaches the first gift)."""

    gifts: list[Donation]
    older: str


def _wall(gifts: QuerySet[Donation], *, before: str, limit: int) -> Wall:
    # Keyset paging on (succeeded_at, id), which the wall indexes serve: a gift arriving while a
    # donor reads never shifts the next slice, as an offset would.
    gifts = gifts.filter(status=DonationStatus.SUCCEEDED)
    if before:
        at, pk = _wall_position(before)
        gifts = gifts.filter(Q(succeeded_at__lt=at) | Q(succeeded_at=at, pk__lt=pk))
    rows = list(gifts.order_by("-succeeded_at", "-pk")[: limit + 1])
    if len(rows) <= limit:
        return Wall(rows, "")
    last = rows[limit - 1]
    assert last.succeeded_at is not None  # a succeeded gift always has its time
    return Wall(rows[:limit], f"{round(last.succeeded_at.timestamp() * 1_000_000)}-{last.pk}")


def _wall_position(before: str) -> tuple[datetime.datetime, int]:
    """The gift a slice starts after, from ``Wall.older``; 404 for anything else (a mistyped or
    tampered address finds nothing, as an unknown page does)."""
    micros, _, pk = before.partition("-")
    if not (micros.isdigit() and pk.isdigit() and len(micros) <= 20 and int(pk) < 2**63):
        raise Http404("No such place in the list of gifts.")
    seconds, rest = divmod(int(micros), 1_000_000)
    try:
        at = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).replace(microsecond=rest)
    except (OverflowError, OSError, ValueError):
        raise Http404("No such place in the list of gifts.") from None
    return at, int(pk)


def donor_wall(page: AdvocatePage, *, before: str = "", limit: int = WALL_SIZE) -> Wall:
    return _wall(page.donations.all(), before=before, limit=limit)


def team_wall(team: Team, *, before: str = "", limit: int = WALL_SIZE) -> Wall:
    return _wall(team.donations.select_related("page"), before=before, limit=limit)


def gifts_to_thank(owner: AdvocatePage | Team) -> QuerySet[Donation]:
    """The gifts whose donors ``owner``'s advocate (or captain) thanks: a page's own, or those
    made on the team's page itself (gifts on a member's page are that member's to thank)."""
    if isinstance(owner, Team):
        return owner.donations.filter(page__isnull=True)
    return owner.donations.all()


def thanks_wall(owner: AdvocatePage | Team, *, before: str = "", limit: int = GIFTS_PAGE_SIZE) -> Wall:
    """The gifts to thank, newest first, each with its note once sent."""
    return _wall(gifts_to_thank(owner).select_related("thanks"), before=before, limit=limit)


def unthanked_count(owner: AdvocatePage | Team) -> int:
    return gifts_to_thank(owner).filter(status=DonationStatus.SUCCEEDED, thanks__isnull=True).count()


@dataclass(frozen=True)
class TeamDay:
    """How a team's dress log stands today: its members with today's photo in."""

    day: int
    posted: int
    members: int


def team_day(team: Team, *, on: datetime.date | None = None) -> TeamDay | None:
    """Today's photos among the team's pages, in two counts of one query; None outside the campaign."""
    day = team.campaign.day_of_campaign(on)
    if day is None:
        return None
    counts = team.members.published().aggregate(
        members=Count("pk", distinct=True), posted=Count("dress_log", filter=Q(dress_log__day=day), distinct=True)
    )
    return TeamDay(day=day, posted=counts["posted"], members=counts["members"])


def team_members(team: Team) -> list[tuple[AdvocatePage, Money, int]]:
    """The team's pages with what each raised in its currency, most raised first (a team page is
    its members' leaderboard), then by name, and the days of each one's dress log with a photo
    (counted in the same query; a plain value, so the page cache's key sees it change)."""
    members = list(team.members.published().annotate(photo_count=Count("dress_log")).order_by("display_name"))
    member_totals = totals.totals_for(TotalScope.PAGE, [m.pk for m in members])

    def raised(member: AdvocatePage) -> totals.Total:
        return member_totals.get(member.pk, totals.EMPTY)

    # A stable sort keeps names in order among equals; other currencies count approximately.
    members.sort(key=lambda m: approx_in(team.currency, raised(m).amounts).minor, reverse=True)
    return [(m, raised(m).money(m.currency), m.photo_count) for m in members]


_TIERS_SQL = f"""
    SELECT {sql.selected(("t", ImpactTier))} FROM {sql.table(ImpactTier)} t
     WHERE t.campaign_id = %s AND t.currency = %s ORDER BY t.amount_minor, t.id
"""  # noqa: S608 (only table and column names are interpolated)


def impact_tiers_for(campaign: Campaign, currency: str) -> list[ImpactTier]:
    """The campaign's impact tiers in ``currency``, smallest first (on every donation form)."""
    return [sql.instance(ImpactTier, row) for row in sql.rows(_TIERS_SQL, [campaign.pk, currency])]


@dataclass(frozen=True)
class DressLogDay:
    day: int
    date: datetime.date
    entry: DressLogEntry | None
    is_future: bool
    is_today: bool = False


_DRESS_LOG_SQL = f"""
    SELECT {sql.selected(("e", DressLogEntry))} FROM {sql.table(DressLogEntry)} e WHERE e.page_id = %s
"""  # noqa: S608 (only table and column names are interpolated)


def dress_log_calendar(page: AdvocatePage) -> list[DressLogDay]:
    entries = {
        entry.day: entry for entry in (sql.instance(DressLogEntry, row) for row in sql.rows(_DRESS_LOG_SQL, [page.pk]))
    }
    start = page.campaign.starts_on
    today = timezone.localdate()
    dates = [start + datetime.timedelta(days=day - 1) for day in range(1, page.campaign.length_days + 1)]
    return [
        DressLogDay(day, date, entries.get(day), is_future=date > today, is_today=date == today)
        for day, date in enumerate(dates, start=1)
    ]


def has_cheered(entry: DressLogEntry, cheerer_key: str) -> bool:
    return DressLogCheer.objects.filter(entry=entry, cheerer_key=cheerer_key).exists()


def day_to_post(campaign: Campaign, posted: set[int]) -> tuple[int | None, bool]:
    """The day the dress-log form offers, and whether it is today: today (the campaign's own date)
    until its photo is in, then the latest day missed before it; None when every day so far has
    its photo, or the log is closed."""
    last_open = campaign.last_open_day()
    if last_open is None:
        return None, False
    # Before 1 December in Toronto the first day may have begun elsewhere; after 31 December, the
    # last one may not have ended everywhere.
    today = campaign.day_of_campaign() or last_open
    if today not in posted:
        return today, True
    missed = [day for day in range(today - 1, 0, -1) if day not in posted]
    return (missed[0] if missed else None), False


def dress_log_tally(calendar: list[DressLogDay]) -> tuple[int, int]:
    """Days with their photo, and days begun so far (a day posted early, from a time zone already
    in it, counts as begun)."""
    return sum(1 for d in calendar if d.entry), sum(1 for d in calendar if d.entry or not d.is_future)


def dress_log_streak(page: AdvocatePage, *, today: datetime.date | None = None, days: set[int] | None = None) -> int:
    """Consecutive days posted, ending today (or yesterday, if today is not posted yet).

    ``days`` are the days already posted, when the caller has them (the calendar does).
    """
    if days is None:
        days = set(page.dress_log.values_list("day", flat=True))
    current = page.campaign.day_of_campaign(today or timezone.localdate())
    if current is None:
        # After the campaign: the streak that ended on its last day.
        current = page.campaign.length_days if (today or timezone.localdate()) > page.campaign.ends_on else 0
    if current and current not in days:
        current -= 1
    streak = 0
    while current >= 1 and current in days:
        streak += 1
        current -= 1
    return streak


@dataclass(frozen=True)
class Found:
    """A search result: a page or a team, and how far it is towards its goal (a donor looking
    for a friend's page wants to see how it is doing before opening it)."""

    item: AdvocatePage | Team
    progress: Progress


def _found(scope: str, items: list[AdvocatePage] | list[Team]) -> list[Found]:
    # One query for the totals of every result, not one per result.
    found = totals.totals_for(scope, [item.pk for item in items])
    return [Found(item, progress_of(found.get(item.pk, totals.EMPTY), item.goal)) for item in items]


def search(campaign: Campaign, text: str, *, country: str = "") -> tuple[list[Found], list[Found]]:
    """Pages and teams whose name matches; with a country, that country's pages (name optional)."""
    pages_qs = AdvocatePage.objects.published().filter(campaign=campaign)
    if country:
        pages_qs = pages_qs.filter(country=country)
        if text.strip():
            pages_qs = pages_qs.search(text)
        pages = list(pages_qs.select_related("team").order_by("display_name")[:50])
        return _found(TotalScope.PAGE, pages), []
    pages = list(pages_qs.search(text).select_related("team")[:25])
    teams: list[Team] = list(
        Team.objects.open().filter(campaign=campaign).search(text).annotate(member_count=Count("members"))[:25]
    )
    return _found(TotalScope.PAGE, pages), _found(TotalScope.TEAM, teams)


def countries_with_pages(campaign: Campaign) -> list[tuple[str, int]]:
    """(country code, published pages) for every country with a page, most pages first: what a
    donor who does not know a name can browse."""
    rows = (
        AdvocatePage.objects.published()
        .filter(campaign=campaign)
        .values_list("country")
        .annotate(pages=Count("pk"))
        .order_by("-pages", "country")
    )
    return [(country, pages) for country, pages in rows]


# ---------------------------------------------------------------------------------------------
# Pages as a spreadsheet, for staff

PAGE_COLUMNS = [
    "address",
    "name",
    "email",
    "country",
    "commitment",
    "team",
    "captain",
    "published",
    "opened_at",
    "currency",
    "goal",
    "raised",
    "gifts",
    "gifts_thanked",
    "dress_log_days",
]


def page_rows(pages: QuerySet[AdvocatePage], *, chunk: int = 500) -> Iterator[list[object]]:
    """One spreadsheet row per page, for staff to cheer on (or help) advocates: exact decimal
    amounts in the page's currency, what each raised from its running total, and how many of its
    gifts were thanked by a personal note. Read a chunk at a time, so any number of pages streams."""
    thanked = (
        Donation.objects.filter(page=OuterRef("pk"), status=DonationStatus.SUCCEEDED, thanks__isnull=False)
        .values("page")
        .annotate(n=Count("pk"))
        .values("n")
    )
    days = DressLogEntry.objects.filter(page=OuterRef("pk")).values("page").annotate(n=Count("pk")).values("n")
    rows = (
        pages.select_related("owner", "team")
        .annotate(thanked=Coalesce(Subquery(thanked), 0), days=Coalesce(Subquery(days), 0))
        .order_by("display_name", "pk")
    )
    batch: list[AdvocatePage] = []
    for page in rows.iterator(chunk_size=chunk):
        batch.append(page)
        if len(batch) == chunk:
            yield from _page_rows(batch)
            batch = []
    yield from _page_rows(batch)


def _page_rows(pages: list[AdvocatePage]) -> Iterator[list[object]]:
    raised = totals.totals_for(TotalScope.PAGE, [page.pk for page in pages])
    for page in pages:
        total = raised.get(page.pk, totals.EMPTY)
        yield [
            page.get_absolute_url(),
            inert(page.display_name),
            page.owner.email,
            page.country,
            page.commitment,
            inert(page.team.name) if page.team else "",
            "yes" if page.team and page.team.captain_id == page.owner_id else "no",
            "yes" if page.is_published else "no",
            timezone.localtime(page.created_at).isoformat(),
            page.currency,
            str(Money(page.goal_minor, page.currency).as_decimal()),
            str(total.money(page.currency).as_decimal()),
            total.gift_count,
            page.thanked,  # type: ignore[attr-defined]  # annotated above
            page.days,  # type: ignore[attr-defined]
        ]
