"""The email the books' pages send, from a task after commit: a donor's own gift references."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jfa.donations.models import Donation, DonationStatus


def send_gift_references(*, email: str, language: str) -> None:
    """Email the references of the gifts made with ``email`` to it; nothing when there are none
    (an address that never gave gets no mail from us)."""
    gifts = list(
        Donation.objects.filter(
            donor_email__iexact=email, status__in=[DonationStatus.SUCCEEDED, DonationStatus.REFUNDED]
        )
        .select_related("campaign", "page", "team")
        .order_by("-succeeded_at")[:100]
    )
    if not gifts:
        return
    with translation.override(language):
        EmailMessage(
            subject=_("Your gift references for %(site)s") % {"site": settings.SITE_NAME},
            body=render_to_string(
                "transparency/email/gift_references.txt",
                {
                    "gifts": gifts,
                    "site_url": settings.SITE_URL,
                    "site_name": settings.SITE_NAME,
                    "lookup_path": reverse("transparency:lookup"),
                    "contact_email": settings.CONTACT_EMAIL,
                },
            ),
            to=[email],
            reply_to=[settings.CONTACT_EMAIL],
        ).send()
