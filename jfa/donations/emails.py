"""The emails a gift sends, after it commits: a thank-you to the donor, news to the page owner,
word to the donor when part or all of it is refunded, and the advocate's own thank-you note.

Both are batched tasks (``jfa.core.tasks.Batched``): in a donor rush a worker writes a whole
batch from one query and sends it over one mail connection, instead of a query, a template
lookup and a new connection per email.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext as _

from jfa.campaigns.actions import EmailKind
from jfa.campaigns.emails import stop_url
from jfa.campaigns.models import AdvocatePage, Team
from jfa.campaigns.queries import progress_of
from jfa.core.mail import one_click_stop, one_line, send_each
from jfa.core.tasks import Outcomes
from jfa.core.text import elide

from . import queries, totals
from .models import Donation, DonorThanks, Refund, TotalScope


def _send_for(
    payloads: Sequence[dict],
    key: str,
    rows: QuerySet[Any],
    write: Callable[[Any], EmailMessage | None],
    *,
    prepare: Callable[[list[Any]], None] | None = None,
) -> Outcomes:
    """Write one message per payload's row (all read in one query) and send them together;
    ``prepare`` sees the rows first, to read what the messages need for all of them at once."""
    ids = [payload[key] for payload in payloads]
    found = rows.in_bulk(ids)
    if prepare is not None:
        prepare(list(found.values()))
    messages: list[EmailMessage | BaseException | None] = [
        LookupError(f"{rows.model._meta.model_name} {row_id!r} does not exist")
        if (row := found.get(row_id)) is None
        else write(row)
        for row_id in ids
    ]
    return send_each(messages)


def _messages(
    payloads: Sequence[dict],
    write: Callable[[Donation], EmailMessage | None],
    prepare: Callable[[list[Donation]], None] | None = None,
) -> Outcomes:
    gifts = Donation.objects.select_related("campaign", "page__owner", "team__captain", "fund__partner")
    return _send_for(payloads, "donation_id", gifts, write, prepare=prepare)


def _context(**rows: Any) -> dict[str, Any]:
    return {
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        **rows,
    }


def thank_donors(payloads: Sequence[dict]) -> Outcomes:
    """Each donor's thank-you, in the language they gave in."""
    template = get_template("donations/email/thank_you.txt")

    def write(donation: Donation) -> EmailMessage:
        with translation.override(donation.language):
            return EmailMessage(
                subject=_("Thank you for your gift to %(campaign)s") % {"campaign": donation.campaign.name},
                body=template.render(_context(donation=donation)),
                to=[donation.donor_email],
                # A donor who answers the email reaches people, whatever address sends it.
                reply_to=[settings.CONTACT_EMAIL],
            )

    return _messages(payloads, write)


def tell_page_owners(payloads: Sequence[dict]) -> Outcomes:
    """Tell each advocate (or team captain) about a new gift, in the owner's language, whatever
    language the donor gave in. A separate task from the thank-you, so a failure retries only
    the email that failed."""
    template = get_template("donations/email/new_gift.txt")
    standing: dict[tuple[type, int], totals.Total] = {}

    def write(donation: Donation) -> EmailMessage | None:
        owner = donation.page.owner if donation.page else (donation.team.captain if donation.team else None)
        if owner is None or not owner.gift_emails:
            return None  # nobody to tell, or they asked not to be told
        amount = donation.amount.format(language=owner.language)
        recipient = donation.page or donation.team
        assert recipient is not None
        progress = progress_of(standing.get((type(recipient), recipient.pk), totals.EMPTY), recipient.goal)
        stop = stop_url(owner, EmailKind.GIFT_EMAILS)
        with translation.override(owner.language):
            return EmailMessage(
                subject=_("You received a gift of %(amount)s") % {"amount": amount},
                body=template.render(_context(donation=donation, progress=progress, stop_url=stop)),
                to=[owner.email],
                headers=one_click_stop(stop),
            )

    def read_standing(gifts: list[Donation]) -> None:
        # Where each gift's page (or team, for a gift on the team's page) stands now, for the
        # whole batch at once: the owner hears how close the goal is.
        page_ids = {gift.page_id for gift in gifts if gift.page_id is not None}
        team_ids = {gift.team_id for gift in gifts if gift.page_id is None and gift.team_id is not None}
        for model, scope, ids in ((AdvocatePage, TotalScope.PAGE, page_ids), (Team, TotalScope.TEAM, team_ids)):
            standing.update({(model, pk): total for pk, total in totals.totals_for(scope, ids).items()})

    return _messages(payloads, write, read_standing)


def tell_donors_refunded(payloads: Sequence[dict]) -> Outcomes:
    """Tell each donor that a refund is on its way to their card, in the language they gave in.
    Only staff refunds: a card dispute is the donor's own bank's doing, and it tells them."""
    template = get_template("donations/email/refunded.txt")

    def write(refund: Refund) -> EmailMessage:
        donation = refund.donation
        back = queries.to_card(refund)  # with any part of a fee the donor covered
        to_card = back if back != refund.amount else None
        with translation.override(donation.language):
            return EmailMessage(
                subject=_("Your gift to %(campaign)s has been refunded") % {"campaign": donation.campaign.name},
                body=template.render(_context(refund=refund, donation=donation, to_card=to_card)),
                to=[donation.donor_email],
                reply_to=[settings.CONTACT_EMAIL],
            )

    refunds = Refund.objects.select_related("donation__campaign")
    return _send_for(payloads, "refund_id", refunds, write)


def send_thanks_notes(payloads: Sequence[dict]) -> Outcomes:
    """Each advocate's thank-you note to a donor, in the language the donor gave in, from our
    address: the advocate never learns the donor's, and the donor need not learn the advocate's."""
    template = get_template("donations/email/thanks_note.txt")

    def write(thanks: DonorThanks) -> EmailMessage:
        donation = thanks.donation
        # The advocate as their page names them; a captain as their account does.
        name = one_line(donation.page.display_name if donation.page else thanks.sent_by.public_name)
        with translation.override(donation.language):
            return EmailMessage(
                subject=elide(_("A thank-you from %(name)s") % {"name": name}, name),
                body=template.render(_context(thanks=thanks, donation=donation, advocate=name)),
                to=[donation.donor_email],
                reply_to=[settings.CONTACT_EMAIL],
            )

    notes = DonorThanks.objects.select_related("donation__campaign", "donation__page", "donation__team", "sent_by")
    return _send_for(payloads, "thanks_id", notes, write)
