"""Where a gift goes: its receipting entity, currency and restricted fund.

Rules are ordered (``RoutingRule.priority``, lowest first) and match on the country of the page
the gift is for. The defaults (created by ``gifts.setup_books``): a page in Canada routes to IJM
Canada's fund in CAD; every other page to the US foundation's global grant pool in USD.

A gift to a team page (no advocate page) routes by the country of the team captain's own page in
that campaign; a captain without a page falls back to the team's currency (CAD means Canada).

The caller stores the decision on the gift (``entity_id``, ``fund_id``) when the gift is made and
posts with those; rules changed later only affect later gifts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from jfa.campaigns.models import AdvocatePage, Campaign, Team
from jfa.core import sql
from jfa.core.text import localized

from .actions import LedgerError
from .models import Entity, Fund, RoutingRule

logger = logging.getLogger(__name__)


class RoutingError(LedgerError):
    """No active rule matches: the books are not set up for this gift."""


@dataclass(frozen=True, slots=True)
class Route:
    entity: Entity
    fund: Fund
    currency: str
    # Shown to the donor before paying: who receives the gift, and which country's receipt.
    partner_display_name: str
    partner_display_name_fr: str
    receipt_country: str
    rule_id: int

    @property
    def localized_partner_display_name(self) -> str:
        return localized(self.partner_display_name, self.partner_display_name_fr)

    def differs_from_donor(self, donor_country: str) -> bool:
        """True when the donor should be warned that their receipt is for another country."""
        return bool(donor_country) and donor_country != self.receipt_country


def page_country_for(*, page: AdvocatePage | None, team: Team | None, campaign: Campaign) -> str:
    if page is not None:
        return page.country
    if team is None:
        raise RoutingError("a gift needs a page or a team")
    captain_page = (
        AdvocatePage.objects.filter(campaign_id=team.campaign_id, owner_id=team.captain_id)
        .values_list("country", flat=True)
        .first()
    )
    if captain_page:
        return captain_page
    return "CA" if team.currency == "CAD" else "US"


_RULE, _ENTITY, _FUND = sql.columns(RoutingRule), sql.columns(Entity), sql.columns(Fund)
# Every gift reads the rules, so this is one plain prepared query rather than an ORM join.
_ACTIVE_RULES_SQL = f"""
    SELECT {", ".join(f"r.{c}" for c in _RULE)}, {", ".join(f"e.{c}" for c in _ENTITY)},
           {", ".join(f"f.{c}" for c in _FUND)}
      FROM {sql.table(RoutingRule)} r
      JOIN {sql.table(Entity)} e ON e.id = r.entity_id
      JOIN {sql.table(Fund)} f ON f.id = r.fund_id
     WHERE r.is_active
     ORDER BY r.priority
"""  # noqa: S608 (only table and column names are interpolated)


def active_rules() -> list[RoutingRule]:
    """The active rules in priority order, each with its entity and fund."""
    rules = []
    first_entity, first_fund = len(_RULE), len(_RULE) + len(_ENTITY)
    for row in sql.rows(_ACTIVE_RULES_SQL):
        rule = sql.instance(RoutingRule, row[:first_entity])
        rule.entity = sql.instance(Entity, row[first_entity:first_fund])
        rule.fund = sql.instance(Fund, row[first_fund:])
        rules.append(rule)
    return rules


def route_gift(*, page: AdvocatePage | None, team: Team | None, campaign: Campaign) -> Route:
    return route_for_country(page_country_for(page=page, team=team, campaign=campaign))


def route_for_country(country: str) -> Route:
    """Where a gift to a page in ``country`` goes: the first active, sound rule that matches."""
    for rule in active_rules():
        if rule.matches(country) and not rule.keeps_gifts_restricted:
            # Never used: it would send gifts where fees or another entity's books could touch them.
            logger.error("routing rule %s skipped: its fund is not a restricted fund of its entity", rule.priority)
            continue
        if rule.matches(country):
            return Route(
                entity=rule.entity,
                fund=rule.fund,
                currency=rule.currency,
                partner_display_name=rule.partner_display_name,
                partner_display_name_fr=rule.partner_display_name_fr,
                receipt_country=rule.entity.country,
                rule_id=rule.pk,
            )
    raise RoutingError(f"no routing rule matches a page in {country!r}; run setup_books")


def receipting_countries() -> frozenset[str]:
    """Countries whose taxes some active rule's entity issues receipts for (Canada, the US)."""
    return frozenset(RoutingRule.objects.filter(is_active=True).values_list("entity__country", flat=True))
