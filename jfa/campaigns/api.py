"""Public read-only JSON: campaign totals, pages, teams and leaderboards."""

from __future__ import annotations

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from jfa.core.countries import is_country
from jfa.core.money import Money
from jfa.donations.models import TotalScope

from . import queries

router = Router(tags=["campaign"])


class MoneyOut(Schema):
    amount_minor: int
    currency: str
    display: str

    @staticmethod
    def of(money: Money) -> MoneyOut:
        return MoneyOut(amount_minor=money.minor, currency=money.currency, display=money.format())


class ProgressOut(Schema):
    raised: list[MoneyOut]
    goal: MoneyOut
    percent_of_goal: int
    gift_count: int


class CampaignOut(Schema):
    name: str
    slug: str
    year: int
    starts_on: str
    ends_on: str
    advocate_count: int
    team_count: int
    progress: ProgressOut


class PageOut(Schema):
    slug: str
    display_name: str
    title: str
    pitch: str
    country: str
    team: str | None
    url: str
    # Addresses on this site of the photo and its square thumbnail; None for a page without one.
    photo_url: str | None
    photo_alt: str
    thumbnail_url: str | None
    progress: ProgressOut


class TeamOut(Schema):
    slug: str
    name: str
    captain: str
    member_count: int
    url: str
    progress: ProgressOut


class LeaderOut(Schema):
    rank: int
    name: str
    url: str
    raised: MoneyOut
    gift_count: int


def _progress(p: queries.Progress) -> ProgressOut:
    return ProgressOut(
        raised=[MoneyOut.of(m) for m in p.raised],
        goal=MoneyOut.of(p.goal),
        percent_of_goal=p.percent,
        gift_count=p.gift_count,
    )


@router.get("/campaign", response=CampaignOut)
def campaign_summary(request):  # type: ignore[no-untyped-def]
    summary = queries.campaign_summary(queries.current_campaign())
    c = summary.campaign
    return CampaignOut(
        name=c.name,
        slug=c.slug,
        year=c.year,
        starts_on=c.starts_on.isoformat(),
        ends_on=c.ends_on.isoformat(),
        advocate_count=summary.advocate_count,
        team_count=summary.team_count,
        progress=_progress(summary.progress),
    )


@router.get("/pages/{slug}", response=PageOut)
def page_detail(request, slug: str):  # type: ignore[no-untyped-def]
    page = queries.page_in_campaign(slug)
    return PageOut(
        slug=page.slug,
        display_name=page.display_name,
        title=page.title,
        pitch=page.pitch,
        country=page.country,
        team=page.team.name if page.team else None,
        url=page.get_absolute_url(),
        photo_url=page.photo.url if page.photo else None,
        photo_alt=page.photo_alt,
        thumbnail_url=page.portrait_url if page.photo else None,
        progress=_progress(queries.progress(TotalScope.PAGE, page.pk, page.goal)),
    )


@router.get("/teams/{slug}", response=TeamOut)
def team_detail(request, slug: str):  # type: ignore[no-untyped-def]
    team = queries.team_in_campaign(slug, "captain")
    return TeamOut(
        slug=team.slug,
        name=team.name,
        captain=team.captain.public_name,
        member_count=team.members.count(),
        url=team.get_absolute_url(),
        progress=_progress(queries.progress(TotalScope.TEAM, team.pk, team.goal)),
    )


def _leaders(board: list[queries.Leader], limit: int, offset: int) -> list[LeaderOut]:
    """A slice of a whole board (cached, and costing the same to rank as a top ten); a limit is
    at most 100, and ranks run on from the offset."""
    start = max(0, offset)
    end = start + max(1, min(limit, 100))
    return [
        LeaderOut(
            rank=rank, name=leader.name, url=leader.url, raised=MoneyOut.of(leader.raised), gift_count=leader.gift_count
        )
        for rank, leader in enumerate(board[start:end], start=start + 1)
    ]


# Out-of-range values are brought into range rather than refused (``_leaders``); the schema says so.
LIMIT = Query(10, description="How many places to list, from 1 to 100; a value outside is brought to the nearest.")
OFFSET = Query(0, description="How many places to skip from the top; a negative value counts as 0.")


COUNTRY = Query(
    "",
    description="Only the pages of this country (its ISO 3166 code, e.g. CA): they share one currency, so they rank "
    "exactly. Empty for every country.",
)


@router.get("/leaderboards/advocates", response=list[LeaderOut])
def advocate_leaderboard(request, limit: int = LIMIT, offset: int = OFFSET, country: str = COUNTRY):  # type: ignore[no-untyped-def]
    country = country.strip().upper()
    if country and not is_country(country):
        raise HttpError(422, "country: not an ISO 3166 country code")
    board = queries.top_advocates(queries.current_campaign(), limit=None, country=country)
    return _leaders(board, limit, offset)


@router.get("/leaderboards/teams", response=list[LeaderOut])
def team_leaderboard(request, limit: int = LIMIT, offset: int = OFFSET):  # type: ignore[no-untyped-def]
    return _leaders(queries.top_teams(queries.current_campaign(), limit=None), limit, offset)
