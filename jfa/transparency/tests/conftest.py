from __future__ import annotations

import datetime as dt

import pytest

from jfa.campaigns.models import Campaign
from jfa.ledger.gifts import setup_books
from jfa.partners.models import Partner


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(
        name="Justice For All 2026",
        slug="jfa-2026",
        year=2026,
        registration_opens_on=dt.date(2026, 10, 1),
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 31),
        goal_minor=10_000_000,
    )


@pytest.fixture
def books(db):
    Partner.objects.get_or_create(
        slug="ijm-canada", defaults={"name": "International Justice Mission Canada", "country": "CA"}
    )
    return setup_books()
