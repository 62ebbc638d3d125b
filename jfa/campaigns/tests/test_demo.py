import re

import pytest
from django.core.management import call_command

from jfa.campaigns.demo import load_demo
from jfa.campaigns.models import AdvocatePage, Team
from jfa.donations.models import Donation, TotalScope, TotalShard
from jfa.donations.totals import total_for

pytestmark = pytest.mark.django_db


def test_the_demo_mirrors_the_campaign_and_loading_it_twice_changes_nothing():
    first = load_demo(donation_count=500)
    snapshot = (
        AdvocatePage.objects.count(),
        Team.objects.count(),
        Donation.objects.count(),
        sorted(TotalShard.objects.values_list("scope", "scope_id", "currency", "amount_minor", "gift_count")),
    )
    load_demo(donation_count=500)
    again = (
        AdvocatePage.objects.count(),
        Team.objects.count(),
        Donation.objects.count(),
        sorted(TotalShard.objects.values_list("scope", "scope_id", "currency", "amount_minor", "gift_count")),
    )

    assert snapshot == again
    assert first.advocates >= 30 and first.teams >= 5 and first.donations >= 500
    assert AdvocatePage.objects.filter(country="CA", currency="CAD").count() >= 5
    assert len(set(AdvocatePage.objects.values_list("country", flat=True))) >= 5
    assert all(team.captain_id for team in Team.objects.all())
    campaign_total = total_for(TotalScope.CAMPAIGN, first.campaign.pk)
    for currency in ("USD", "CAD"):
        assert campaign_total.amounts[currency] == sum(
            Donation.objects.filter(currency=currency, status="succeeded").values_list("amount_minor", flat=True)
        )


def test_the_demo_books_verify_and_every_total_equals_the_ledger(capsys):
    # What bin/demo loads: the same command, with its defaults.
    call_command("load_demo")
    call_command("verify_ledger")
    call_command("verify_totals")

    out = capsys.readouterr().out
    entries = int(re.search(r"Ledger OK: (\d+) entries verified", out).group(1))
    # One entry per succeeded gift at least (refunds and disbursements add more).
    assert entries >= Donation.objects.filter(status="succeeded").count() >= 500
    assert "Every page, team and campaign total equals the ledger." in out
