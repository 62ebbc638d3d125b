"""The page view's reads, made with plain SQL, give what the ORM gives."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from jfa.campaigns import queries
from jfa.campaigns.models import AdvocatePage, Campaign, DressLogEntry, ImpactTier
from jfa.core.testing import give, make_campaign
from jfa.donations.models import TotalScope
from jfa.donations.totals import EMPTY, total_for, totals_for

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_a_page_comes_with_its_campaign_and_team_as_the_orm_reads_them(
    campaign, alice_page, team, django_assert_num_queries
):
    alice_page.refresh_from_db()
    assert alice_page.team_id == team.pk
    found = queries.page_in_campaign(alice_page.slug)
    expected = AdvocatePage.objects.select_related("campaign", "team").get(pk=alice_page.pk)
    assert _fields(found) == _fields(expected)
    with django_assert_num_queries(0):  # both already loaded
        assert _fields(found.campaign) == _fields(expected.campaign)
        assert _fields(found.team) == _fields(expected.team)
    assert found._state.adding is False


def test_a_page_without_a_team_has_none(campaign, bob_page):
    found = queries.page_in_campaign(bob_page.slug)
    assert found.team_id is None and found.team is None and found.campaign.pk == campaign.pk


def test_only_published_pages_of_the_running_campaign_are_found(campaign, alice_page):
    AdvocatePage.objects.filter(pk=alice_page.pk).update(is_published=False)
    with pytest.raises(Http404):
        queries.page_in_campaign(alice_page.slug)
    AdvocatePage.objects.filter(pk=alice_page.pk).update(is_published=True)
    newer = make_campaign(2027)
    with pytest.raises(Http404):  # last year's page, once next year's campaign runs
        queries.page_in_campaign(alice_page.slug)
    assert Campaign.objects.current() == newer
    with pytest.raises(Http404):
        queries.page_in_campaign("nobody")


def test_impact_tiers_come_smallest_first_in_the_currency_asked(campaign):
    ImpactTier.objects.create(campaign=campaign, currency="USD", amount_minor=1000, description="a meal")
    ImpactTier.objects.create(campaign=campaign, currency="USD", amount_minor=10000, description="a month of school")
    found = queries.impact_tiers_for(campaign, "USD")
    assert [t.amount_minor for t in found] == [1000, 3000, 10000]
    expected = list(ImpactTier.objects.filter(campaign=campaign, currency="USD").order_by("amount_minor"))
    assert [_fields(t) for t in found] == [_fields(t) for t in expected]
    assert [t.amount_minor for t in queries.impact_tiers_for(campaign, "CAD")] == [4000]


def test_the_dress_log_calendar_shows_each_posted_day(campaign, alice_page):
    DressLogEntry.objects.create(page=alice_page, day=3, photo="dress/3.jpg", photo_alt="A red dress", caption="Day 3")
    calendar = queries.dress_log_calendar(alice_page)
    assert len(calendar) == 31
    posted = [d for d in calendar if d.entry]
    assert [d.day for d in posted] == [3]
    assert _fields(posted[0].entry) == _fields(DressLogEntry.objects.get(page=alice_page, day=3))
    assert posted[0].date == datetime.date(2026, 12, 3)


def test_one_total_is_the_sum_of_its_shards_as_for_many(campaign, alice_page, bob_page):
    assert total_for(TotalScope.PAGE, alice_page.pk) == EMPTY
    for amount in (2500, 1000, 700):
        give(page=alice_page, amount_minor=amount)
    give(page=bob_page, amount_minor=4000)
    one = total_for(TotalScope.PAGE, alice_page.pk)
    assert one == totals_for(TotalScope.PAGE, [alice_page.pk])[alice_page.pk]
    assert one.amounts == {"USD": 4200} and one.gift_count == 3
    campaign_total = total_for(TotalScope.CAMPAIGN, campaign.pk)
    assert campaign_total.amounts == {"USD": 4200, "CAD": 4000} and campaign_total.gift_count == 4
