"""Pages opened at the same moment: namesakes each get their own address; one advocate gets one page."""

from __future__ import annotations

import pytest

from jfa.campaigns.actions import CampaignError, open_page
from jfa.campaigns.models import AdvocatePage
from jfa.core.testing import make_user
from jfa.donations.tests.test_concurrency import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def open_for(campaign, owner):
    return open_page(
        campaign=campaign, owner=owner, display_name="Alex Smith", title="Alex wears a dress",
        pitch="Every day.", goal_minor=50_000, country="US",
    )  # fmt: skip


def test_eight_namesakes_opening_pages_at_once_each_get_a_page_of_their_own(campaign):
    owners = [make_user(f"alex{n}@example.org", "Alex Smith") for n in range(8)]
    errors = run_in_threads(8, lambda n: open_for(campaign, owners[n]))
    assert errors == []
    slugs = list(AdvocatePage.objects.values_list("slug", flat=True))
    assert len(slugs) == 8 == len(set(slugs))
    assert "alex-smith" in slugs


def test_one_advocate_sending_the_form_eight_times_at_once_gets_one_page(campaign, alice):
    errors = run_in_threads(8, lambda n: open_for(campaign, alice))
    assert AdvocatePage.objects.filter(owner=alice).count() == 1
    assert len(errors) == 7
    assert {str(error) for error in errors} == {"You already have a page for this campaign."}
    assert all(isinstance(error, CampaignError) for error in errors)
