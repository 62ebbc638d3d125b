from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from jfa.donations.models import Donation

from .actions import confirm_payment, fail_payment
from .models import AttemptStatus
from .registry import get_provider


@require_http_methods(["GET", "POST"])
def sandbox_authorize(request: HttpRequest, public_id: str) -> HttpResponse:
    """The sandbox's stand-in for a bank's card-authentication screen."""
    donation = get_object_or_404(Donation, public_id=public_id)
    attempt = donation.attempts.filter(provider="sandbox").order_by("-created_at").first()
    if attempt is None or attempt.status != AttemptStatus.PENDING:
        return redirect("donations:thanks", public_id=donation.public_id)
    if request.method == "POST":
        if request.POST.get("decision") == "approve":
            fee = get_provider("sandbox").fee_for(attempt.amount)
            confirm_payment(attempt_id=attempt.pk, reference=attempt.provider_reference, fee=fee)
            return redirect("donations:thanks", public_id=donation.public_id)
        fail_payment(
            attempt_id=attempt.pk,
            reference=attempt.provider_reference,
            message=gettext_noop("Authentication declined."),
        )
        return redirect("donations:thanks", public_id=donation.public_id)
    return render(request, "payments/sandbox_authorize.html", {"donation": donation, "attempt": attempt})
