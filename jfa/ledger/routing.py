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
from .gifts import GIFT_ACCOUNTS_WHERE, GiftBooks
from .models import ANY_COUNTRY, Account, Entity, Fund, RoutingRule

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
    # The accounts its gifts post to, read with the rules; None if the books lack one (posting
    # then looks them up itself and says what is missing).
    books: GiftBooks | None = None

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


# Every gift reads the rules, so this is one plain prepared query rather than ORM joins: each
# active rule with its entity, fund and the accounts its gifts post to (one row per account).
_ACTIVE_RULES_SQL = f"""
    SELECT {sql.selected(("r", RoutingRule), ("e", Entity), ("f", Fund), ("a", Account))}
      FROM {sql.table(RoutingRule)} r
      JOIN {sql.table(Entity)} e ON e.id = r.entity_id
      JOIN {sql.table(Fund)} f ON f.id = r.fund_id
      LEFT JOIN ({sql.table(Account)} a LEFT JOIN {sql.table(Fund)} af ON af.id = a.fund_id)
        ON {GIFT_ACCOUNTS_WHERE.format(entity="r.entity_id", fund="r.fund_id")}
     WHERE r.is_active
     ORDER BY r.priority, a.id
"""  # noqa: S608 (only table and column names and fixed conditions are interpolated)


_RULE_COUNTRY = sql.columns(RoutingRule).index("country")
# Where a row's account columns start: after the rule's, the entity's and the fund's.
_ACCOUNT_START = sum(len(sql.columns(model)) for model in (RoutingRule, Entity, Fund))


@dataclass
class _Rule:
    """One active rule's rows (one per gift account), made into objects only when needed: every
    gift reads every rule, and usually needs one."""

    rows: list[tuple]

    @property
    def country(self) -> str:
        return self.rows[0][_RULE_COUNTRY]

    def rule(self) -> RoutingRule:
        rule: RoutingRule
        rule, rule.entity, rule.fund = sql.instances(self.rows[0], RoutingRule, Entity, Fund)
        return rule

    def accounts(self) -> list[Account]:
        return [sql.instance(Account, row[_ACCOUNT_START:]) for row in self.rows if row[_ACCOUNT_START] is not None]


def _active_rules() -> list[_Rule]:
    """The active rules in priority order, each with its entity, fund and gift accounts."""
    rules: dict[int, _Rule] = {}
    for row in sql.rows(_ACTIVE_RULES_SQL):
        rules.setdefault(row[0], _Rule([])).rows.append(row)
    return list(rules.values())


def route_gift(*, page: AdvocatePage | None, team: Team | None, campaign: Campaign) -> Route:
    return route_for_country(page_country_for(page=page, team=team, campaign=campaign))


def route_for_country(country: str) -> Route:
    """Where a gift to a page in ``country`` goes: the first active, sound rule that matches."""
    for found in _active_rules():
        if found.country not in (ANY_COUNTRY, country):
            continue  # cannot match: not worth making objects of
        rule = found.rule()
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
                books=_books(rule, found.accounts()),
            )
    raise RoutingError(f"no routing rule matches a page in {country!r}; run setup_books")


def _books(rule: RoutingRule, accounts: list[Account]) -> GiftBooks | None:
    try:
        return GiftBooks.of(rule.entity, rule.fund, accounts)
    except LedgerError:
        return None


def receipting_countries() -> frozenset[str]:
    """Countries whose taxes some active rule's entity issues receipts for (Canada, the US)."""
    return frozenset(RoutingRule.objects.filter(is_active=True).values_list("entity__country", flat=True))
