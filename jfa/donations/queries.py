"""Reads for the giving pages."""

from __future__ import annotations

from django.urls import reverse

from jfa.campaigns.models import AdvocatePage, Team
from jfa.ledger.routing import Route

from .actions import route_for


def route_context(
    *, page: AdvocatePage | None, team: Team | None, donor_country: str | None, route: Route | None = None
) -> dict:
    """Who receives a gift and which country's receipt the donor gets, shown before paying."""
    recipient = page or team
    assert recipient is not None
    route = route or route_for(page=page, team=team, campaign=recipient.campaign)
    donor_country = donor_country if donor_country is not None else route.receipt_country
    return {
        "route": route,
        "route_url": reverse("donations:route_note", args=["page" if page else "team", recipient.slug]),
        "donor_country": donor_country,
        "receipt_differs": route.differs_from_donor(donor_country),
        # The pages whose gifts are receipted where the donor lives (Canada, or the global campaign).
        "right_campaign_url": reverse("campaigns:search") + ("?country=CA" if donor_country == "CA" else "?country=US"),
    }
