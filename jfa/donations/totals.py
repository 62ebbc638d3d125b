"""Running totals for pages, teams and the campaign, kept in sharded counter rows.

Each succeeded gift adds its amount to one randomly chosen shard per scope with a single
upsert, so concurrent gifts to the same page rarely wait on the same row. Reads sum the shards.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from jfa.core import sql
from jfa.core.money import CURRENCY_EXPONENTS, Money

from .models import Donation, TotalScope, TotalShard

# The table name comes from our own model, never from input.
_TABLE = TotalShard._meta.db_table
_UPSERT = """
INSERT INTO {table} (scope, scope_id, currency, shard, amount_minor, gift_count)
{rows}
ON CONFLICT (scope, scope_id, currency, shard)
DO UPDATE SET amount_minor = {table}.amount_minor + excluded.amount_minor,
              gift_count = {table}.gift_count + excluded.gift_count
"""


def scopes_of(donation: Donation) -> list[tuple[str, int]]:
    scopes = [(TotalScope.CAMPAIGN.value, donation.campaign_id)]
    if donation.team_id:
        scopes.append((TotalScope.TEAM.value, donation.team_id))
    if donation.page_id:
        scopes.append((TotalScope.PAGE.value, donation.page_id))
    return scopes


def _shard_rows(donation: Donation, *, amount_minor: int, gift_count: int) -> tuple[int, list[object]]:
    """How many scopes the gift counts in, and their rows' values (scope, id, currency, shard,
    amount, count) in one list. Scopes are always in the same order (campaign, team, page) so two
    gifts never take the same shard rows in opposite orders."""
    shard = secrets.randbelow(TotalShard.SHARDS)
    scopes = scopes_of(donation)
    params: list[object] = []
    for scope, scope_id in scopes:
        params += [scope, scope_id, donation.currency, shard, amount_minor, gift_count]
    return len(scopes), params


def add_to_totals(donation: Donation, *, amount_minor: int, gift_count: int) -> None:
    """Add (or, with negative numbers, take away) one gift's effect. Call inside the gift's transaction."""
    count, params = _shard_rows(donation, amount_minor=amount_minor, gift_count=gift_count)
    # One statement for all scopes: one round trip per gift, whatever the number of totals.
    sql.execute(_UPSERT.format(table=_TABLE, rows="VALUES " + ", ".join(["(%s, %s, %s, %s, %s, %s)"] * count)), params)


def totals_cte(donation: Donation, *, amount_minor: int, gift_count: int, after: str) -> tuple[str, list[object]]:
    """``add_to_totals`` as the body of a CTE (PostgreSQL) that adds only if CTE ``after`` has a
    row; it returns a row per shard written."""
    count, values = _shard_rows(donation, amount_minor=amount_minor, gift_count=gift_count)
    # One array per column: the same text for every gift, whatever its number of scopes.
    columns: list[object] = [sql.array(values[i::6]) for i in range(6)]  # type: ignore[arg-type]  # ints and text
    rows = (
        "SELECT * FROM unnest(%s::varchar[], %s::bigint[], %s::varchar[], %s::smallint[], %s::bigint[], %s::bigint[])"  # noqa: S608 (our CTE name below)
        f" WHERE EXISTS (SELECT 1 FROM {after})"
    )
    return sql.compact(_UPSERT.format(table=_TABLE, rows=rows)) + " RETURNING 1", columns


@dataclass(frozen=True)
class Total:
    amounts: dict[str, int]
    gift_count: int

    def money(self, currency: str) -> Money:
        return Money(self.amounts.get(currency, 0), currency)

    def monies(self) -> list[Money]:
        return [Money(amount, currency) for currency, amount in sorted(self.amounts.items()) if amount]


EMPTY = Total({}, 0)


def _collect(shards) -> dict[int, Total]:
    amounts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[int, int] = defaultdict(int)
    for scope_id, currency, amount, count in shards.values_list("scope_id", "currency", "amount_minor", "gift_count"):
        amounts[scope_id][currency] += amount
        counts[scope_id] += count
    return {scope_id: Total(dict(amounts[scope_id]), counts[scope_id]) for scope_id in amounts}


def totals_for(scope: str, scope_ids: Iterable[int]) -> dict[int, Total]:
    ids = list(scope_ids)
    return _collect(TotalShard.objects.filter(scope=scope, scope_id__in=ids)) if ids else {}


_ONE_TOTAL_SQL = f"""
    SELECT currency, SUM(amount_minor), SUM(gift_count) FROM {_TABLE}
     WHERE scope = %s AND scope_id = %s GROUP BY currency
"""  # noqa: S608 (only the table name is interpolated)


def total_for(scope: str, scope_id: int) -> Total:
    """One page's, team's or campaign's total: a plain prepared query, as every page view asks."""
    rows = sql.rows(_ONE_TOTAL_SQL, [scope, scope_id])
    if not rows:
        return EMPTY
    return Total({currency: int(amount) for currency, amount, _count in rows}, sum(int(count) for *_, count in rows))


def all_totals(scope: str) -> dict[int, Total]:
    return _collect(TotalShard.objects.filter(scope=scope))


def raised_annotations(scope: str) -> dict[str, Coalesce]:
    """For a list of pages or teams (the back office's): what each row raised in every currency
    (``raised_CAD``...) and in its own currency (``raised_own``, to sort by), as subqueries of
    the same statement, so a list of a hundred rows is one query."""

    def raised(currency: object) -> Coalesce:
        shards = (
            TotalShard.objects.filter(scope=scope, scope_id=OuterRef("pk"), currency=currency)
            .values("scope_id")
            .annotate(total=Sum("amount_minor"))
            .values("total")
        )
        return Coalesce(Subquery(shards), 0)

    each = {f"raised_{code}": raised(code) for code in CURRENCY_EXPONENTS}
    return {"raised_own": raised(OuterRef("currency")), **each}


def raised_of(row: object, own_currency: str) -> list[Money]:
    """A row annotated by ``raised_annotations``: its amounts, its own currency first, then any
    other it received gifts in (a team whose members are in Canada and elsewhere)."""
    codes = sorted(CURRENCY_EXPONENTS, key=lambda code: code != own_currency)
    amounts = [Money(getattr(row, f"raised_{code}"), code) for code in codes]
    return [amount for amount in amounts if amount.minor or amount.currency == own_currency]
