"""What a reader of the books may ask for: their own gifts' references, sent to their address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jfa.core.limits import Limit, hit
from jfa.core.tasks import enqueue
from jfa.donations.models import Donation, DonationStatus

# Each request may send an email, so an address gets a few an hour and one reader's address
# (hashed) a few more: enough for a donor who mistyped, not for filling someone's inbox.
ADDRESS_LIMITS = (Limit(count=3, seconds=3600),)
READER_LIMITS = (Limit(count=10, seconds=3600),)


def ask_for_gift_references(*, email: str, language: str, reader: str) -> bool:
    """Queue the email of ``email``'s gift references; False when asked too often (nothing queued).

    Whether any gift was made with the address is never told here, only in the email itself, so
    the answer on the page cannot be used to learn who gave.
    """
    address = email.strip().lower()
    if not (hit("gift-references", address, ADDRESS_LIMITS) and hit("gift-references", reader, READER_LIMITS)):
        return False
    enqueue("transparency.send_gift_references", email=address, language=language)
    return True


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
