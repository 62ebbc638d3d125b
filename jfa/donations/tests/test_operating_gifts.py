"""Sponsorships pay costs through the operating fund and never touch what partners are owed."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from jfa.core.money import Money
from jfa.core.testing import give
from jfa.donations.actions import DonationError, record_operating_gift
from jfa.donations.models import OperatingGift
from jfa.ledger.models import AccountRole, Entity, JournalEntry
from jfa.ledger.queries import account_balance, campaign_split, trial_balance

pytestmark = pytest.mark.django_db


def account(entity_code: str, role: str):
    from jfa.ledger.models import Account

    return Account.objects.get(entity__code=entity_code, role=role, fund__kind="operating")


def test_a_sponsor_funds_the_operating_fund_and_no_partner_fund(campaign, alice_page, staff):
    give(page=alice_page, amount_minor=10_000)  # the operating fund pays this gift's US$3.20 fee
    us = Entity.objects.get(code="us-foundation")

    record_operating_gift(
        entity=us, campaign=campaign, sponsor_name="Acme Printing", amount=Money(500_000, "USD"),
        received_on=datetime.date(2026, 11, 20), idempotency_key="sponsor-1", by=staff,
    )  # fmt: skip

    assert account_balance(account("us-foundation", AccountRole.OPERATING_CASH)) == Money(500_000, "USD")
    assert account_balance(account("us-foundation", AccountRole.OPERATING_GIFTS)) == Money(500_000, "USD")
    split = {part.currency: part for part in campaign_split(year=2026).currencies}["USD"]
    assert split.operating_gifts == Money(500_000, "USD")
    assert split.held == Money(10_000, "USD")  # partners' money unchanged by the sponsorship
    assert split.fees_paid_by_operating_fund == Money(320, "USD")
    assert all(tb.is_balanced for tb in trial_balance().values())


def test_recording_the_same_sponsorship_twice_records_it_once(campaign, staff):
    us = Entity.objects.get(code="us-foundation")
    for _ in range(2):
        record_operating_gift(
            entity=us, campaign=None, sponsor_name="Acme", amount=Money(1_000, "USD"),
            received_on=datetime.date(2026, 11, 20), idempotency_key="same", by=staff,
        )  # fmt: skip
    assert OperatingGift.objects.count() == 1
    assert JournalEntry.objects.filter(source_type="operating_gift").count() == 1


def test_a_sponsorship_in_the_wrong_currency_is_refused_and_nothing_is_written(campaign, staff):
    canada = Entity.objects.get(code="ijm-canada")
    with pytest.raises(DonationError, match="CAD"):
        record_operating_gift(
            entity=canada, campaign=None, sponsor_name="Acme", amount=Money(1_000, "USD"),
            received_on=datetime.date(2026, 11, 20), idempotency_key="wrong", by=staff,
        )  # fmt: skip
    assert not OperatingGift.objects.exists()
    assert not JournalEntry.objects.exists()


def test_staff_record_a_sponsorship_in_the_admin(client, campaign, staff):
    canada = Entity.objects.get(code="ijm-canada")
    client.force_login(staff)
    url = reverse("admin:donations_operatinggift_add")
    form = {
        "entity": canada.pk, "campaign": campaign.pk, "sponsor_name": "Maple Print Co.", "amount": "2,500",
        "received_on": "2026-11-20", "note": "Covers December's card fees", "idempotency_key": "k" * 32,
    }  # fmt: skip
    assert client.post(url, {**form, "amount": "0"}).status_code == 200  # refused with a form error
    assert not OperatingGift.objects.exists()

    response = client.post(url, form)
    assert response.status_code == 302
    gift = OperatingGift.objects.get()
    assert (gift.amount, gift.recorded_by) == (Money(250_000, "CAD"), staff)
    assert account_balance(account("ijm-canada", AccountRole.OPERATING_CASH)) == Money(250_000, "CAD")


def test_the_split_command_prints_operating_gifts(campaign, staff, capsys):
    us = Entity.objects.get(code="us-foundation")
    record_operating_gift(
        entity=us, campaign=campaign, sponsor_name="Acme", amount=Money(12_345, "USD"),
        received_on=datetime.date(2026, 11, 20), idempotency_key="cmd", by=staff,
    )  # fmt: skip
    call_command("campaign_split", "--year", "2026")
    out = capsys.readouterr().out
    assert "Operating gifts and sponsorships" in out
    assert "US$123.45" in out
