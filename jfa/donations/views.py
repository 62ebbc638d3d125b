from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jfa.campaigns.queries import Recipient, impact_tiers_for, page_in_campaign, page_recipient, team_in_campaign
from jfa.campaigns.views import follows_moved_pages
from jfa.core.limits import client_ip, hash_ip, hit, is_full
from jfa.core.money import MoneyError, parse_amount
from jfa.ledger.routing import route_for_country
from jfa.payments.actions import charge_attempt
from jfa.payments.models import AttemptStatus
from jfa.payments.registry import get_provider

from .actions import DonationError, start_donation, validate_amount
from .forms import DonationForm
from .limits import decline_limits
from .models import Donation, DonationStatus
from .queries import after_gift, route_context, to_card

PAUSED_FOR_DECLINES = gettext_lazy(
    "Too many cards were declined from your connection. To protect cardholders from fraud, giving from "
    "here is paused for a while. Please try again later."
)


def _give(request: HttpRequest, *, kind: str, slug: str) -> HttpResponse:
    # A gift to a page needs only what one plain query reads of it; the whole page is loaded
    # only to draw the form (a team, rarer, is loaded at once).
    page = team = None
    if kind == "page" and request.method == "POST":
        recipient = page_recipient(slug)
    elif kind == "page":
        page = page_in_campaign(slug)
        recipient = Recipient.of(page=page)
    else:
        team = team_in_campaign(slug)
        recipient = Recipient.of(team=team)
    route = route_for_country(recipient.country)
    provider = get_provider()
    form = DonationForm(request.POST or None, currency=route.currency)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        connection = hash_ip(client_ip(request))
        # Checked before anything is written, so a paused connection leaves no gift or attempt behind.
        if is_full("declines", connection, decline_limits()):
            form.add_error(None, PAUSED_FOR_DECLINES)
            status = 429
        else:
            try:
                started = start_donation(
                    recipient=recipient, provider=provider, route=route, language=request.LANGUAGE_CODE,
                    **form.gift_fields(),
                )  # fmt: skip
            except DonationError as error:
                form.add_error("amount", str(error))
            else:
                attempt = charge_attempt(attempt=started.attempt, card=form.card, books=started.books)
                if attempt.status == AttemptStatus.PENDING:
                    return redirect("payments:sandbox_authorize", public_id=started.donation.public_id)
                if attempt.status == AttemptStatus.SUCCEEDED:
                    return redirect("donations:thanks", public_id=started.donation.public_id)
                hit("declines", connection, decline_limits())
                # Providers report in English (stored as such); the donor reads it in their language.
                failed = _(attempt.failure_message) if attempt.failure_message else _("The payment did not go through.")
                form = form.retry_after(failed)
    if kind == "page" and page is None:
        page = page_in_campaign(slug)
    recipient_object = page or team
    assert recipient_object is not None
    context = {
        "form": form,
        "page": page,
        "team": team,
        "recipient": recipient_object,
        "tiers": impact_tiers_for(recipient_object.campaign, route.currency),
        "provider": provider,
        **route_context(page=page, team=team, donor_country=form["donor_country"].value(), route=route),
    }
    return render(request, "donations/give.html", context, status=status)


def route_note(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    if kind not in ("page", "team"):
        raise Http404
    page = page_in_campaign(slug) if kind == "page" else None
    team = team_in_campaign(slug) if kind == "team" else None
    context = route_context(page=page, team=team, donor_country=request.GET.get("donor_country", "")[:2])
    return render(request, "donations/_route_note.html", context)


@require_http_methods(["GET", "POST"])
@follows_moved_pages
def give_to_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _give(request, kind="page", slug=slug)


@require_http_methods(["GET", "POST"])
def give_to_team(request: HttpRequest, slug: str) -> HttpResponse:
    return _give(request, kind="team", slug=slug)


def fee_preview(request: HttpRequest) -> HttpResponse:
    """What the donor's card would be charged for the form as it stands (htmx fragment): the exact
    fee they may cover, and the button's label with the total, swapped in out of band."""
    currency = request.GET.get("currency", "")
    raw = (request.GET.get("amount") or "").strip() or (request.GET.get("preset_amount") or "").strip()
    try:
        amount = parse_amount(raw, currency)
        validate_amount(amount, expected_currency=currency)
    except (MoneyError, DonationError):
        # Nothing a gift could be made of yet: no fee to show, and the button says only "Give now".
        return render(request, "donations/_fee_preview.html", {"fee": None, "total": None})
    charged = get_provider().gross_up(amount)
    # Until the donor ticks the box, the sentence says what covering would add, so it never
    # contradicts the button, which shows what the card will actually be charged.
    covering = bool(request.GET.get("cover_fee"))
    context = {
        "fee": charged - amount,
        "charged": charged,
        "covering": covering,
        "total": charged if covering else amount,
    }
    return render(request, "donations/_fee_preview.html", context)


def thanks(request: HttpRequest, public_id: str) -> HttpResponse:
    donation = get_object_or_404(
        Donation.objects.select_related("page", "team", "campaign", "fund__partner"), public_id=public_id
    )
    if donation.status == DonationStatus.PENDING:
        messages.info(request, _("Your payment is still being confirmed."))
    # What was given back of it (a refund or a lost card dispute) is part of the gift's story.
    paid = donation.status in (DonationStatus.SUCCEEDED, DonationStatus.REFUNDED)
    refunds = list(donation.refunds.order_by("created_at")) if paid else []
    returned = sum(refund.amount_minor for refund in refunds)
    returns = [(refund, to_card(refund)) for refund in refunds]
    after = after_gift(donation, returned_minor=returned) if donation.status == DonationStatus.SUCCEEDED else None
    # A page its advocate has hidden, or staff took down, or whose account closed (or a team its
    # captain closed with their account) is not there to go back to or to pass on; the gift and
    # this page about it stay.
    if donation.page is not None:
        online = donation.page.is_published
    else:
        online = donation.team is None or donation.team.closed_at is None
    share_url = request.build_absolute_uri(after.recipient.get_absolute_url()) if after and online else ""
    context = {"donation": donation, "returns": returns, "after": after, "share_url": share_url, "online": online}
    return render(request, "donations/thanks.html", context)
