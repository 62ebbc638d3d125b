"""The home page says where the campaign stands: before it starts, each day of it, and after."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def home_with_dates(client, campaign, *, starts: int, ends: int, language: str = "en") -> str:
    """The home page with the campaign moved to start and end that many days from today."""
    today = timezone.localdate()
    campaign.registration_opens_on = today + datetime.timedelta(days=min(starts, 0) - 30)
    campaign.starts_on = today + datetime.timedelta(days=starts)
    campaign.ends_on = today + datetime.timedelta(days=ends)
    campaign.save()
    return client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_before_the_campaign_the_home_page_gives_its_first_day(client, campaign):
    html = home_with_dates(client, campaign, starts=3, ends=33)
    start = (timezone.localdate() + datetime.timedelta(days=3)).day
    assert f"<li><strong>Starts</strong> {start} " in html
    assert "Start your page</a>" in html


def test_during_the_campaign_it_counts_the_days_of_its_own_length(client, campaign):
    html = home_with_dates(client, campaign, starts=-4, ends=25)
    assert "<li><strong>Day 5</strong> of 30</li>" in html
    assert "<strong>Jour 5</strong> sur 30" in home_with_dates(client, campaign, starts=-4, ends=25, language="fr")


def test_after_the_campaign_it_says_it_ended_and_points_to_the_books(client, campaign):
    html = home_with_dates(client, campaign, starts=-40, ends=-10)
    end = timezone.localdate() - datetime.timedelta(days=10)
    assert f"<li><strong>Ended</strong> {end.day} " in html
    assert "Starts " not in html
    assert "The campaign is over. Thank you to every advocate and every donor" in html
    assert 'href="/transparency/">Where does the money go?</a>' in html
    assert "Start your page</a>" not in html
    assert "La campagne est terminée." in home_with_dates(client, campaign, starts=-40, ends=-10, language="fr")


def test_before_registration_opens_pages_cannot_be_opened_yet(client, campaign, charlie):
    from django.urls import reverse

    from jfa.campaigns.actions import CampaignError, open_page
    from jfa.campaigns.models import AdvocatePage
    from jfa.core.testing import page_form

    opens = timezone.localdate() + datetime.timedelta(days=20)
    campaign.registration_opens_on = opens
    campaign.starts_on = opens + datetime.timedelta(days=30)
    campaign.ends_on = opens + datetime.timedelta(days=60)
    campaign.save()
    written = f"{opens.day} {opens:%B %Y}"

    home = client.get("/").content.decode()
    assert f"Pages open on {written}: sign up now and set yours up then." in home

    client.force_login(charlie)
    setup = client.get(reverse("campaigns:page_setup")).content.decode()
    assert f"Pages for Dress for Freedom 2026 open on {written}. Come back then: your account is ready." in setup
    assert "Publish my page" not in setup
    assert client.post(reverse("campaigns:page_setup"), page_form()).status_code == 400
    with pytest.raises(CampaignError, match="open on"):
        open_page(
            campaign=campaign, owner=charlie, display_name="Charlie", title="T", pitch="P", goal_minor=1, country="US"
        )
    assert not AdvocatePage.objects.exists()
