"""Two members of staff planning the same Friday at the same moment: it gets one spotlight."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from jfa.donations.tests.test_concurrency import run_in_threads
from jfa.stories.actions import schedule_fridays
from jfa.stories.models import Post

from .factories import make_partner, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_plans_for_the_same_friday_at_once_leave_it_one_spotlight():
    partners = [make_partner(f"partner-{n}", f"Partner {n}") for n in range(8)]
    editor = make_user("editor", staff=True)
    before = datetime.datetime(2026, 11, 1, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))
    errors = run_in_threads(8, lambda n: schedule_fridays(year=2026, partners=[partners[n]], author=editor, now=before))
    assert errors == []
    assert Post.objects.spotlights_on(datetime.date(2026, 12, 4)).count() == 1
