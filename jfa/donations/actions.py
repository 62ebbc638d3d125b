"""Actions on gifts. Each owns its transaction; emails go out only after commit.

Lock order, everywhere a gift changes state: PaymentAttempt, then Donation, then total shards
(campaign, team, page). Taking them in one order means two confirmations of the same gift queue
instead of deadlocking.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jfa.campaigns.models import AdvocatePage, Campaign, Team
from jfa.core.money import Money
from jfa.payments.models import PaymentAttempt
from jfa.payments.providers.base import PaymentProvider

from . import totals
from .models import Donation, DonationStatus


class DonationError(ValueError):
    """A gift that cannot be accepted as asked; the message is fit to show the donor."""


@dataclass(frozen=True)
class StartedDonation:
    donation: Donation
    attempt: PaymentAttempt
    created: bool


def validate_amount(amount: Money, *, expected_currency: str) -> None:
    if amount.currency != expected_currency:
        raise DonationError(
            _("This page takes gifts in %(currency)s.") % {"currency": expected_currency}
        )
    if amount.minor < settings.DONATION_MIN_MINOR:
        raise DonationError(
            _("The smallest gift we can take is %(min)s.")
            % {"min": Money(settings.DONATION_MIN_MINOR, amount.currency).format()}
        )
    if amount.minor > settings.DONATION_MAX_MINOR:
        raise DonationError(
            _("Gifts above %(max)s cannot be made online; please contact us.")
            % {"max": Money(settings.DONATION_MAX_MINOR, amount.currency).format()}
        )


def start_donation(
    *,
    campaign: Campaign,
    page: AdvocatePage | None,
    team: Team | None,
    amount: Money,
    donor_name: str,
    donor_email: str,
    donor_country: str = "",
    is_anonymous: bool = False,
    message: str = "",
    cover_fee: bool = False,
    idempotency_key: str,
    provider: PaymentProvider,
) -> StartedDonation:
    """Record a donor's submitted gift as pending, with a first payment attempt.

    The same ``idempotency_key`` (one per rendered form) always returns the first gift made with
    it, so a double click, a refresh or a resubmit after the back button never makes a second one.
    """
    if page is None and team is None:
        raise DonationError(_("A gift needs a page or a team to support."))
    recipient_currency = page.currency if page else team.currency  # type: ignore[union-attr]
    validate_amount(amount, expected_currency=recipient_currency)
    existing = _find_existing(idempotency_key)
    if existing:
        return existing

    fee_covered = (provider.gross_up(amount) - amount) if cover_fee else Money.zero(amount.currency)
    try:
        with transaction.atomic():
            donation = Donation.objects.create(
                idempotency_key=idempotency_key,
                campaign=campaign,
                page=page,
                team=team if team else (page.team if page else None),
                amount_minor=amount.minor,
                currency=amount.currency,
                fee_covered_minor=fee_covered.minor,
                donor_name=donor_name.strip(),
                donor_email=donor_email.strip().lower(),
                donor_country=donor_country,
                is_anonymous=is_anonymous,
                message=message.strip(),
            )
            attempt = PaymentAttempt.objects.create(
                donation=donation,
                provider=provider.code,
                amount_minor=donation.charged.minor,
                currency=donation.currency,
            )
    except IntegrityError:
        # Two submissions of the same form raced; the other one created the gift.
        existing = _find_existing(idempotency_key)
        if existing is None:
            raise
        return existing
    return StartedDonation(donation, attempt, created=True)


def _find_existing(idempotency_key: str) -> StartedDonation | None:
    donation = Donation.objects.filter(idempotency_key=idempotency_key).first()
    if donation is None:
        return None
    attempt = donation.attempts.order_by("-created_at").first()
    assert attempt is not None  # a donation is always created with its first attempt
    return StartedDonation(donation, attempt, created=False)


def record_success(*, donation: Donation, fee: Money) -> None:
    """Count a paid gift: status, totals and books, in the caller's transaction.

    The caller holds the row locks (attempt, then donation) and has checked the gift is not
    already counted; this is the one place a gift starts to count.
    """
    now = timezone.now()
    donation.status = DonationStatus.SUCCEEDED
    donation.succeeded_at = now
    donation.fee_minor = fee.minor
    donation.save(update_fields=["status", "succeeded_at", "fee_minor"])
    totals.add_to_totals(donation, amount_minor=donation.amount_minor, gift_count=1)
    transaction.on_commit(partial(send_gift_emails, donation_id=donation.pk))


def record_failure(*, donation: Donation) -> None:
    if donation.status == DonationStatus.PENDING:
        donation.status = DonationStatus.FAILED
        donation.save(update_fields=["status"])


def send_gift_emails(*, donation_id: int) -> None:
    """Thank the donor and tell the page owner. Runs after commit, so a rolled-back gift sends nothing."""
    donation = Donation.objects.select_related("page__owner", "team__captain", "campaign").get(pk=donation_id)
    context = {"donation": donation, "site_url": settings.SITE_URL}
    send_mail(
        subject=_("Thank you for your gift to %(campaign)s") % {"campaign": donation.campaign.name},
        message=render_to_string("donations/email/thank_you.txt", context),
        from_email=None,
        recipient_list=[donation.donor_email],
    )
    owner = donation.page.owner if donation.page else (donation.team.captain if donation.team else None)
    if owner is not None:
        send_mail(
            subject=_("You received a gift of %(amount)s") % {"amount": donation.amount.format()},
            message=render_to_string("donations/email/new_gift.txt", context),
            from_email=None,
            recipient_list=[owner.email],
        )
