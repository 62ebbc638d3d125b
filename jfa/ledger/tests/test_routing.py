"""Routing: where a gift goes, decided by ordered rules on the page's country."""

from __future__ import annotations

import pytest

from jfa.campaigns.models import Team
from jfa.core.testing import make_page, make_user
from jfa.ledger.gifts import post_gift
from jfa.ledger.models import ANY_COUNTRY, AccountRole, RoutingRule
from jfa.ledger.queries import account_balance, partner_figures
from jfa.ledger.routing import RoutingError, route_for_country, route_gift
from jfa.partners.models import Partner

from .helpers import DECEMBER_3, cad, next_id, usd


def test_a_gift_to_a_page_in_canada_goes_to_ijm_canada_in_cad(books, campaign):
    page = make_page(campaign, make_user("chloe@example.ca", "Chloé"), country="CA")

    route = route_gift(page=page, team=None, campaign=campaign)

    assert route.entity.code == "ijm-canada"
    assert route.fund.code == "ijm-canada-fund"
    assert route.currency == "CAD"
    assert route.receipt_country == "CA"
    assert route.partner_display_name == "International Justice Mission Canada"


@pytest.mark.parametrize("country", ["US", "GB", "KE", "PH"])
def test_a_gift_to_any_other_page_goes_to_the_global_grant_pool_in_usd(books, campaign, country):
    page = make_page(campaign, make_user(f"ana-{country}@example.com", "Ana"), country=country)

    route = route_gift(page=page, team=None, campaign=campaign)

    assert (route.entity.code, route.fund.code, route.currency, route.receipt_country) == (
        "us-foundation",
        "global-grant-pool",
        "USD",
        "US",
    )


def test_a_team_gift_routes_by_the_captains_page_country(books, campaign):
    captain = make_user("marc@example.ca", "Marc")
    make_page(campaign, captain, country="CA")
    team = Team.objects.create(campaign=campaign, name="Montréal en robe", slug="mtl", captain=captain, goal_minor=1)

    assert route_gift(page=None, team=team, campaign=campaign).currency == "CAD"


def test_a_team_gift_without_a_captain_page_routes_by_the_team_currency(books, campaign):
    captain = make_user("tess@example.com", "Tess")
    cad_team = Team.objects.create(
        campaign=campaign, name="Toronto Runway", slug="to", captain=captain, goal_minor=1, currency="CAD"
    )
    usd_team = Team.objects.create(
        campaign=campaign, name="Tie One On", slug="tie", captain=captain, goal_minor=1, currency="USD"
    )

    assert route_gift(page=None, team=cad_team, campaign=campaign).entity.code == "ijm-canada"
    assert route_gift(page=None, team=usd_team, campaign=campaign).entity.code == "us-foundation"


def test_the_donor_is_warned_when_their_country_differs_from_the_receipt(books, campaign):
    page = make_page(campaign, make_user("ben@example.ca", "Ben"), country="CA")
    route = route_gift(page=page, team=None, campaign=campaign)

    assert route.differs_from_donor("US")
    assert not route.differs_from_donor("CA")
    assert not route.differs_from_donor("")


def test_changing_the_rules_changes_future_gifts_only(books, us, ca, campaign):
    page = make_page(campaign, make_user("zoe@example.ca", "Zoé"), country="CA")
    before = route_gift(page=page, team=None, campaign=campaign)
    post_gift(
        donation_id=next_id(),
        entity=before.entity,
        fund=before.fund,
        amount=cad(40),
        fee=cad(1),
        fee_covered_by_donor=cad(0),
        page_id=page.pk,
        team_id=None,
        occurred_at=DECEMBER_3,
    )

    # Canada is switched off; a Canadian page now falls through to the catch-all rule.
    RoutingRule.objects.filter(country="CA").update(is_active=False)
    after = route_gift(page=page, team=None, campaign=campaign)

    assert after.fund.code == "global-grant-pool"
    assert account_balance(ca.accounts[AccountRole.RESTRICTED_GIFTS]) == cad(40)  # history untouched


def test_no_matching_rule_is_a_clear_error(books, campaign):
    RoutingRule.objects.filter(country=ANY_COUNTRY).delete()
    page = make_page(campaign, make_user("ann@example.com", "Ann"), country="US")

    with pytest.raises(RoutingError, match="no routing rule"):
        route_gift(page=page, team=None, campaign=campaign)


def test_partner_figures_show_what_is_held_for_a_partner(books, ca, us, ijm_canada):
    us_partner = Partner.objects.create(name="Freedom Road Aftercare", slug="freedom-road", country="US")
    for amount in (cad(50), cad(25)):
        post_gift(
            donation_id=next_id(),
            entity=ca.entity,
            fund=ca.restricted_fund,
            amount=amount,
            fee=cad(1),
            fee_covered_by_donor=cad(0),
            page_id=None,
            team_id=1,
            campaign_id=1,
            occurred_at=DECEMBER_3,
        )
    post_gift(
        donation_id=next_id(),
        entity=us.entity,
        fund=us.restricted_fund,
        amount=usd(100),
        fee=usd(3),
        fee_covered_by_donor=usd(0),
        page_id=None,
        team_id=1,
        campaign_id=1,
        occurred_at=DECEMBER_3,
    )

    canada = partner_figures(ijm_canada)
    pooled = partner_figures(us_partner)

    assert canada.held == [cad(75)]
    assert (canada.granted, canada.disbursed) == ([], [])
    # Partners sharing the pool hold nothing of their own until a grant is awarded to them.
    assert (pooled.held, pooled.granted, pooled.disbursed) == ([], [], [])


def test_a_rule_that_would_send_gifts_to_an_operating_fund_is_never_used(books, campaign, caplog):
    # Written straight to the table, past RoutingRule.clean() and the admin.
    us = books["us-foundation"]
    RoutingRule.objects.create(
        priority=5,
        country="US",
        entity=us.entity,
        fund=us.operating_fund,
        currency="USD",
        partner_display_name="Our costs",
    )
    page = make_page(campaign, make_user("olive@example.com", "Olive"), country="US")

    route = route_gift(page=page, team=None, campaign=campaign)

    assert route.fund == us.restricted_fund
    assert "routing rule 5 skipped" in caplog.text


@pytest.mark.parametrize("country", ["CA", "US"])
def test_a_route_carries_the_accounts_its_gifts_post_to(books, campaign, country):
    from jfa.ledger.gifts import gift_books

    route = route_for_country(country)
    expected = gift_books(route.entity, route.fund).accounts
    assert route.books is not None
    assert {role: account.pk for role, account in route.books.accounts.items()} == {
        role: account.pk for role, account in expected.items()
    }


def test_a_route_whose_books_lack_an_account_has_none_and_posting_says_what_is_missing(books, us, campaign):
    from jfa.ledger.actions import LedgerError
    from jfa.ledger.gifts import gift_books
    from jfa.ledger.models import Account, AccountRole

    Account.objects.filter(pk=us.accounts[AccountRole.PROCESSOR_FEES].pk).update(role="retired")
    route = route_for_country("US")
    assert route.books is None
    with pytest.raises(LedgerError, match="no processor_fees account"):
        gift_books(route.entity, route.fund)
