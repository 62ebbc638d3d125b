"""Actions on gifts. Each owns its transaction; emails go out only after commit.

Lock order, everywhere a gift changes state: PaymentAttempt, then Donation, then total shards
(campaign, team, page). Taking them in one order means two confirmations of the same gift queue
instead of deadlocking.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jfa.accounts.models import User
from jfa.campaigns.models import AdvocatePage, Campaign, Team
from jfa.campaigns.queries import Recipient
from jfa.core import sql, tasks
from jfa.core.money import Money
from jfa.ledger import gifts as ledger_gifts
from jfa.ledger.actions import LedgerError
from jfa.ledger.gifts import GiftBooks
from jfa.ledger.models import Entity
from jfa.ledger.routing import Route, route_for_country, route_gift
from jfa.payments.models import PaymentAttempt
from jfa.payments.providers.base import PaymentProvider

from . import totals
from .models import Donation, DonationStatus, DonorThanks, OperatingGift, Refund, RefundKind


class DonationError(ValueError):
    """A gift that cannot be accepted as asked; the message is fit to show the donor."""


@dataclass(frozen=True)
class StartedDonation:
    donation: Donation
    attempt: PaymentAttempt
    created: bool
    # For a gift made by this call: where it will be posted, read with its route, so confirming
    # it needs no query of its own (``payments.actions.charge_attempt``).
    books: GiftBooks | None = None


def validate_amount(amount: Money, *, expected_currency: str) -> None:
    if amount.currency != expected_currency:
        raise DonationError(_("This page takes gifts in %(currency)s.") % {"currency": expected_currency})
    if amount.minor < settings.DONATION_MIN_MINOR:
        raise DonationError(
            _("The smallest gift we can take is %(min)s.")
            % {"min": Money(settings.DONATION_MIN_MINOR, amount.currency).format()}
        )
    if amount.minor > settings.DONATION_MAX_MINOR:
        raise DonationError(
            _("Gifts above %(max)s cannot be made online. To give more, write to %(address)s.")
            % {"max": Money(settings.DONATION_MAX_MINOR, amount.currency).format(), "address": settings.CONTACT_EMAIL}
        )


def start_donation(
    *,
    recipient: Recipient,
    amount: Money,
    donor_name: str,
    donor_email: str,
    donor_country: str = "",
    is_anonymous: bool = False,
    amount_hidden: bool = False,
    message: str = "",
    cover_fee: bool = False,
    idempotency_key: str,
    provider: PaymentProvider,
    route: Route | None = None,
    language: str = "en",
) -> StartedDonation:
    """Record a donor's submitted gift as pending, with a first payment attempt.

    The same ``idempotency_key`` (one per rendered form) always returns the first gift made with
    it, so a double click, a refresh or a resubmit after the back button never makes a second one.
    """
    route = route or route_for_country(recipient.country)
    validate_amount(amount, expected_currency=route.currency)

    fee_covered = (provider.gross_up(amount) - amount) if cover_fee else Money.zero(amount.currency)
    now = timezone.now()
    donation = Donation(
        idempotency_key=idempotency_key,
        campaign_id=recipient.campaign_id,
        page_id=recipient.page_id,
        team_id=recipient.team_id,
        amount_minor=amount.minor,
        currency=amount.currency,
        entity=route.entity,
        fund=route.fund,
        fee_covered_minor=fee_covered.minor,
        donor_name=donor_name.strip(),
        donor_email=donor_email.strip().lower(),
        donor_country=donor_country,
        is_anonymous=is_anonymous,
        amount_hidden=amount_hidden,
        message=message.strip(),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        created_at=now,
    )
    attempt = PaymentAttempt(
        provider=provider.code,
        amount_minor=donation.charged.minor,
        currency=donation.currency,
        created_at=now,
        updated_at=now,
    )
    if not _insert(donation, attempt):
        # The same form was submitted before (or at the same moment): that submission's gift
        # stands. Trying the insert first keeps the common case to one round trip.
        existing = _find_existing(idempotency_key)
        if existing is None:
            raise DonationError(_("This form has expired; please reload the page."))
        return existing
    return StartedDonation(donation, attempt, created=True, books=route.books)


_DONATIONS, _ATTEMPTS = sql.table(Donation), sql.table(PaymentAttempt)


def _insert(donation: Donation, attempt: PaymentAttempt) -> bool:
    """Write a new gift and its first attempt, setting their ids; False if the gift's
    idempotency key is taken (then nothing is written).

    On PostgreSQL both rows go in one statement, its own transaction; elsewhere in two, in one.
    """
    gift_columns, gift_values, gift_params = sql.insert_parts(donation)
    insert_gift = (
        f"INSERT INTO {_DONATIONS} ({gift_columns}) VALUES ({gift_values})"  # noqa: S608 (names from our models)
        " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"
    )
    if connection.vendor == "postgresql":
        # The attempt takes the id of the gift written by the same statement.
        columns, values, params = sql.insert_parts(attempt, exprs={"donation_id": "gift.id"})
        row = sql.first(
            f"WITH gift AS ({insert_gift})"  # noqa: S608 (names from our models)
            f" INSERT INTO {_ATTEMPTS} ({columns}) SELECT {values} FROM gift RETURNING donation_id, id",
            [*gift_params, *params],
        )
    else:
        with transaction.atomic():
            gift = sql.first(insert_gift, gift_params)
            row = None
            if gift is not None:
                attempt.donation_id = gift[0]
                columns, values, params = sql.insert_parts(attempt)
                written = sql.first(
                    f"INSERT INTO {_ATTEMPTS} ({columns}) VALUES ({values}) RETURNING id",  # noqa: S608
                    params,
                )
                assert written is not None
                row = (gift[0], written[0])
    if row is None:
        return False
    donation.pk, attempt.pk = row
    attempt.donation = donation
    for obj in (donation, attempt):
        obj._state.adding = False
        obj._state.db = connection.alias
    return True


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
    sql.save_fields(donation, ["status", "succeeded_at", "fee_minor"])
    totals.add_to_totals(donation, amount_minor=donation.amount_minor, gift_count=1)
    # Same transaction as the status change: a gift cannot count without its journal entry.
    ledger_gifts.post_gift(entity=donation.entity, fund=donation.fund, **_entry_figures(donation, fee, now))
    tasks.enqueue_many(*_gift_emails(donation))


def _entry_figures(donation: Donation, fee: Money, now: datetime.datetime) -> dict[str, Any]:
    """What a paid gift's journal entry says of it (``ledger.gifts.draft_gift``'s arguments)."""
    return {
        "donation_id": donation.pk,
        "amount": donation.amount,
        "fee": fee,
        "fee_covered_by_donor": Money(donation.fee_covered_minor, donation.currency),
        "page_id": donation.page_id,
        "team_id": donation.team_id,
        "campaign_id": donation.campaign_id,
        "occurred_at": now,
    }


def _gift_emails(donation: Donation) -> list[tuple[str, dict]]:
    return [(name, {"donation_id": donation.pk}) for name in ("donations.thank_donor", "donations.tell_page_owner")]


def record_success_ctes(*, donation: Donation, books: GiftBooks, fee: Money, after: str) -> tuple[str, list[object]]:
    """``record_success`` as CTEs of one statement (PostgreSQL): the same writes, made only if
    the caller's CTE ``after`` has a row (it holds the locks on the attempt and the gift, and
    found the gift pending). The caller's statement selects from ``entry``: one row back means
    the gift now counts, none that nothing was written. Call ``tasks.queued()`` after it runs.

    Lock order as in ``record_success``: the total shards are all taken (the entry's gate counts
    them) before the books' head row and accounts.
    """
    now = timezone.now()
    draft = ledger_gifts.draft_gift(books=books, **_entry_figures(donation, fee, now))
    donation.status, donation.succeeded_at, donation.fee_minor = DonationStatus.SUCCEEDED, now, fee.minor
    gift = (
        f"UPDATE {_DONATIONS} d SET status = %s, succeeded_at = %s, fee_minor = %s"  # noqa: S608 (our names)
        f" FROM {after} WHERE d.id = %s RETURNING d.id"
    )
    gift_params = [donation.status, sql.db_value(Donation, "succeeded_at", now), fee.minor, donation.pk]
    counted, counted_params = totals.totals_cte(
        donation, amount_minor=donation.amount_minor, gift_count=1, after="gift"
    )
    queued, queued_params = tasks.enqueue_cte(*_gift_emails(donation), after="gift")
    posting, posting_params = draft.posting_ctes(gate="(SELECT count(*) FROM counted) > 0")
    ctes = f"gift AS ({gift}), counted AS ({counted}), queued AS ({queued}), {posting}"
    return ctes, [*gift_params, *counted_params, *queued_params, *posting_params]


def record_failure(*, donation: Donation) -> None:
    if donation.status == DonationStatus.PENDING:
        donation.status = DonationStatus.FAILED
        donation.save(update_fields=["status"])


def _receiver_id(donation: Donation) -> int | None:
    """Who answers for a gift to donors and on the walls: the owner of the page it was made on,
    or the captain, for a gift on a team's own page."""
    if donation.page is not None:
        return donation.page.owner_id
    return donation.team.captain_id if donation.team is not None else None


@transaction.atomic
def set_message_hidden(*, donation: Donation, by: User, hidden: bool, now: datetime.datetime | None = None) -> None:
    """The advocate who received a gift (the captain, for the team's page) takes the donor's
    message off the public walls, or puts it back. Nothing else about the gift changes, so it
    is a single update: two presses at once end the same way.

    The walls it shows on (its page's and its team's) change at once for every reader: readers'
    copies of those pages are kept by what the page and team rows hold, so both rows are marked.
    """
    if _receiver_id(donation) != by.pk:
        raise DonationError(_("Only the advocate whose page received this gift can hide its message."))
    if not donation.message:
        raise DonationError(_("This gift came with no message."))
    now = now or timezone.now()
    hidden_at = now if hidden else None
    Donation.objects.filter(pk=donation.pk).update(message_hidden_at=hidden_at)
    donation.message_hidden_at = hidden_at
    _mark_walls(donation, now)


def _mark_walls(donation: Donation, now: datetime.datetime) -> None:
    """Readers' copies of the walls a gift shows on are kept by what the page and team rows hold:
    marking both rows makes every reader's copy of those walls new at once."""
    # Team before page, the order the team actions lock them in.
    if donation.team_id is not None:
        Team.objects.filter(pk=donation.team_id).update(wall_changed_at=now)
    if donation.page_id is not None:
        AdvocatePage.objects.filter(pk=donation.page_id).update(wall_changed_at=now)


# What a donor told us, which staff may correct for them; the walls show the first four.
DONOR_DETAILS = ("donor_name", "is_anonymous", "amount_hidden", "message", "donor_email", "donor_country", "language")
_ON_THE_WALLS = frozenset(DONOR_DETAILS[:4])


@transaction.atomic
def correct_donor_details(*, donation: Donation, changed: Sequence[str]) -> None:
    """Save staff's correction of what a donor told us (a misspelt name, a wish to be anonymous
    after all, a message to take back), already set on ``donation``. What the walls show of the
    gift changes for every reader at once, as a hidden message does, not when their copy expires.
    Nothing about the gift's money can change here."""
    fields = [name for name in DONOR_DETAILS if name in changed]
    if not fields:
        return
    donation.save(update_fields=fields)
    if _ON_THE_WALLS.intersection(fields):
        _mark_walls(donation, timezone.now())


def send_thanks_note(*, donation: Donation, sender: User, note: str) -> DonorThanks:
    """Send the donor the advocate's own thank-you note, once per gift, by email after commit.

    Only the owner of the page the gift was made on (the captain, for a gift on a team's page)
    may send it, and only for a gift that went through. Two sends at once (a double click, two
    tabs) leave one note: the second is told.
    """
    note = note.strip()
    if _receiver_id(donation) != sender.pk:
        raise DonationError(_("Only the advocate whose page received this gift can thank its donor."))
    if donation.status != DonationStatus.SUCCEEDED:
        raise DonationError(_("Only a gift that went through can be thanked."))
    if not note:
        raise DonationError(_("Write a few words to send."))
    if len(note) > DonorThanks.NOTE_MAX_LENGTH:
        raise DonationError(_("Keep the note under %(count)d characters.") % {"count": DonorThanks.NOTE_MAX_LENGTH})
    try:
        with transaction.atomic():
            thanks = DonorThanks.objects.create(donation=donation, sent_by=sender, note=note)
            # Queued with the note, sent once it commits: the donor never gets a note that was not kept.
            tasks.enqueue("donations.send_thanks_note", thanks_id=thanks.pk)
    except IntegrityError:
        raise DonationError(_("You already thanked this donor.")) from None
    return thanks


def route_for(*, page: AdvocatePage | None, team: Team | None, campaign: Campaign) -> Route:
    """Where a gift on this page would go, to show the donor before they pay."""
    return route_gift(page=page, team=team, campaign=campaign)


def return_gift(
    *,
    donation: Donation,
    amount: Money,
    kind: str,
    reason: str,
    idempotency_key: str,
    by: object | None = None,
    provider_reference: str = "",
    processor_fee: Money | None = None,
) -> Refund:
    """Give back all or part of a gift (a staff refund, or a card dispute the bank decided).

    Reverses, never erases: a refund row and a reversing journal entry are added, the totals go
    down by the amount returned, and a gift returned in full stops counting as a gift. Replaying
    the same ``idempotency_key`` returns the first refund and changes nothing.
    """
    if kind not in RefundKind.values:
        raise DonationError(_("Unknown kind of refund."))
    existing = Refund.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        return _return_gift(
            donation=donation,
            amount=amount,
            kind=kind,
            reason=reason,
            idempotency_key=idempotency_key,
            by=by,
            provider_reference=provider_reference,
            processor_fee=processor_fee,
        )
    except IntegrityError:
        # The same refund raced itself (a double click, a replayed dispute webhook): the first won.
        return Refund.objects.get(idempotency_key=idempotency_key)


@transaction.atomic
def _return_gift(
    *,
    donation: Donation,
    amount: Money,
    kind: str,
    reason: str,
    idempotency_key: str,
    by: object | None,
    provider_reference: str,
    processor_fee: Money | None,
) -> Refund:
    locked = Donation.objects.select_for_update().get(pk=donation.pk)
    if locked.status not in (DonationStatus.SUCCEEDED, DonationStatus.REFUNDED):
        raise DonationError(_("Only a gift that was paid can be refunded."))
    if amount.currency != locked.currency:
        raise DonationError(_("Refund in the gift's currency, %(currency)s.") % {"currency": locked.currency})
    left = locked.amount - locked.refunded
    if left.minor == 0:
        raise DonationError(_("This gift has already been returned in full."))
    if not 0 < amount.minor <= left.minor:
        raise DonationError(
            _("You can return between %(min)s and %(max)s of this gift.")
            % {"min": Money(1, amount.currency).format(), "max": left.format()}
        )
    refund = Refund.objects.create(
        donation=locked,
        kind=kind,
        amount_minor=amount.minor,
        currency=amount.currency,
        reason=reason.strip()[:300],
        idempotency_key=idempotency_key,
        provider_reference=provider_reference,
        created_by=by,  # type: ignore[misc]
    )
    fully_returned = amount == left
    totals.add_to_totals(locked, amount_minor=-amount.minor, gift_count=-1 if fully_returned else 0)
    if fully_returned:
        locked.status = DonationStatus.REFUNDED
        locked.save(update_fields=["status"])
    try:
        ledger_gifts.post_refund(
            donation_id=locked.pk,
            refund_id=refund.pk,
            kind=kind,
            amount=amount,
            occurred_at=refund.created_at,
            processor_fee=processor_fee,
        )
    except LedgerError as error:
        raise DonationError(str(error)) from error
    if kind == RefundKind.REFUND:
        # Queued in this transaction, sent once it commits: the donor hears of a refund that stands.
        tasks.enqueue("donations.tell_donor_refunded", refund_id=refund.pk)
    return refund


@transaction.atomic
def record_operating_gift(
    *,
    entity: Entity,
    campaign: Campaign | None,
    sponsor_name: str,
    amount: Money,
    received_on: datetime.date,
    note: str = "",
    idempotency_key: str,
    by: object | None = None,
) -> OperatingGift:
    """Record money given for costs (a sponsorship) and post it to the operating fund.

    The same ``idempotency_key`` (one per form) records it once, however often it is submitted.
    """
    existing = OperatingGift.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if amount.currency != entity.currency:
        raise DonationError(
            _("%(entity)s keeps its books in %(currency)s.") % {"entity": entity.name, "currency": entity.currency}
        )
    if amount.minor <= 0:
        raise DonationError(_("Enter an amount greater than zero."))
    gift = OperatingGift.objects.create(
        entity=entity,
        campaign=campaign,
        sponsor_name=sponsor_name.strip(),
        amount_minor=amount.minor,
        currency=amount.currency,
        received_on=received_on,
        note=note.strip(),
        idempotency_key=idempotency_key,
        recorded_by=by,  # type: ignore[misc]
    )
    try:
        ledger_gifts.post_operating_gift(
            entity=entity,
            amount=amount,
            reference=gift.pk,
            sponsor=gift.sponsor_name,
            occurred_at=timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12))),
            campaign_id=campaign.pk if campaign else None,
        )
    except LedgerError as error:
        raise DonationError(str(error)) from error
    return gift
