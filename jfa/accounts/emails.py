"""The account emails sent after commit: the word that an account was closed."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext as _

from jfa.core.mail import send_each
from jfa.core.tasks import Outcomes


def tell_closed_accounts(payloads: Sequence[dict]) -> Outcomes:
    """To the address an account had, in its language: it is closed, what went and what stayed.
    The account no longer holds the address, so the task carries it."""
    template = get_template("accounts/email/account_closed.txt")

    def write(payload: dict) -> EmailMessage:
        with translation.override(payload["language"]):
            context = {"contact": settings.CONTACT_EMAIL, "site_name": settings.SITE_NAME}
            return EmailMessage(
                subject=_("Your %(site)s account is closed") % {"site": settings.SITE_NAME},
                body=template.render(context),
                to=[payload["email"]],
            )

    return send_each([write(payload) for payload in payloads])
