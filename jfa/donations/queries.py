"""Reads for the giving pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from jfa.campaigns.models import AdvocatePage, Team
from jfa.ledger.routing import Route, receipting_countries

from .actions import route_for


def route_context(
    *, page: AdvocatePage | None, team: Team | None, donor_country: str | None, route: Route | None = None
) -> dict:
    """Who receives a gift and which country's receipt the donor gets, shown before paying."""
    recipient = page or team
    assert recipient is not None
    route = route or route_for(page=page, team=team, campaign=recipient.campaign)
    donor_country = donor_country if donor_country is not None else route.receipt_country
    receipt_differs = route.differs_from_donor(donor_country)
    # Pages whose gifts are receipted where the donor lives, if any entity of ours receipts there:
    # a donor in Poland is told plainly that no page can give them a Polish receipt.
    right_campaign_url = ""
    if receipt_differs and donor_country in receipting_countries():
        right_campaign_url = reverse("campaigns:search") + "?" + urlencode({"country": donor_country})
    return {
        "route": route,
        "route_url": reverse("donations:route_note", args=["page" if page else "team", recipient.slug]),
        "donor_country": donor_country,
        "receipt_differs": receipt_differs,
        "right_campaign_url": right_campaign_url,
    }
