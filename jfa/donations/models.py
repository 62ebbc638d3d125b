from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jfa.campaigns.models import AdvocatePage, Campaign, Team
from jfa.core.countries import validate_country
from jfa.core.money import CURRENCY_CHOICES, Money
from jfa.core.text import elide


class DonationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    # Fully returned to the donor; partially refunded gifts stay "succeeded" with refunds attached.
    REFUNDED = "refunded", _("Refunded")


class DonationQuerySet(models.QuerySet["Donation"]):
    def succeeded(self) -> DonationQuerySet:
        return self.filter(status=DonationStatus.SUCCEEDED)


class Donation(models.Model):
    """A donor's gift to an advocate page or a team page.

    The gift exists from the moment the donor submits the form (pending); it counts toward totals
    only once its payment succeeds, and exactly once (see ``actions.confirm_donation``).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public reference"))
    # One per submitted form: a double click, refresh or back-button resubmit finds this row
    # (unique through Meta.constraints, which needs no second, pattern-matching index).
    idempotency_key = models.CharField(max_length=64, verbose_name=_("idempotency key"))
    # Every index is written by every gift, twice (made, then paid): the campaign, page and team
    # are found through the wall indexes below, which start with them; the entity and fund need
    # none (no screen lists a fund's gifts; deleting one is refused and scans once).
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="donations", verbose_name=_("campaign"), db_index=False
    )
    page = models.ForeignKey(
        AdvocatePage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("advocate page"),
        db_index=False,
    )
    # The team credited, fixed when the gift is made: leaving a team later does not move old gifts.
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("team"),
        db_index=False,
    )
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    # Where the gift goes, decided by the routing rules when it is made and never re-decided:
    # changing the rules later does not rewrite history.
    entity = models.ForeignKey(
        "ledger.Entity",
        on_delete=models.PROTECT,
        related_name="donations",
        verbose_name=_("legal entity"),
        db_index=False,
    )
    fund = models.ForeignKey(
        "ledger.Fund", on_delete=models.PROTECT, related_name="donations", verbose_name=_("fund"), db_index=False
    )
    # What the donor added to pay the processing fee, which the operating fund pays otherwise.
    fee_covered_minor = models.BigIntegerField(_("fee covered by donor (minor units)"), default=0)
    # The processor's actual fee, known once the payment succeeds.
    fee_minor = models.BigIntegerField(_("processing fee (minor units)"), default=0)
    donor_name = models.CharField(_("name"), max_length=120)
    donor_email = models.EmailField(_("email"))
    donor_country = models.CharField(_("donor country"), max_length=2, blank=True, validators=[validate_country])
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # The donor's wish that the public walls show the gift without its amount. The page's totals
    # still count it; the advocate (or captain) who received it still sees it. The database has
    # the default too, so processes still on the previous release keep taking gifts mid-deploy.
    amount_hidden = models.BooleanField(_("amount hidden from the public"), default=False, db_default=False)
    message = models.CharField(_("message"), max_length=500, blank=True)
    # Set when the advocate (or captain) who received the gift took its message off the public
    # walls: the gift and its message stay as they were in our records.
    message_hidden_at = models.DateTimeField(_("message hidden at"), null=True, blank=True)
    # The language the donor gave in: their thank-you email is written in it.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en", verbose_name=_("language"))
    status = models.CharField(
        max_length=12, choices=DonationStatus.choices, default=DonationStatus.PENDING, verbose_name=_("status")
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("created at"))
    succeeded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("succeeded at"))

    objects = DonationQuerySet.as_manager()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["page", "status", "-succeeded_at"], name="donation_page_wall"),
            models.Index(fields=["team", "status", "-succeeded_at"], name="donation_team_wall"),
            models.Index(fields=["campaign", "status", "-succeeded_at"], name="donation_campaign_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="donation_idempotency_key_unique"),
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="donation_amount_positive"),
            models.CheckConstraint(
                condition=Q(fee_covered_minor__gte=0) & Q(fee_minor__gte=0), name="donation_fees_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(page__isnull=False) | Q(team__isnull=False), name="donation_has_recipient"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["succeeded", "refunded"]) | Q(succeeded_at__isnull=False),
                name="donation_succeeded_has_time",
            ),
        ]

    def __str__(self) -> str:
        # Shown to staff in the admin, in their language.
        message = gettext("%(amount)s from %(name)s")
        return elide(message % {"amount": self.amount.localized(), "name": self.donor_name}, self.donor_name)

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)

    @property
    def refunded(self) -> Money:
        return Money(sum(r.amount_minor for r in self.refunds.all()), self.currency)

    @property
    def charged(self) -> Money:
        """What the donor's card is charged: the gift plus any fee they chose to cover."""
        return Money(self.amount_minor + self.fee_covered_minor, self.currency)

    @property
    def wall_name(self) -> str:
        return str(_("Anonymous")) if self.is_anonymous else self.donor_name

    @property
    def wall_amount(self) -> Money | None:
        """The amount as the public sees it: none when the donor asked to keep it off the walls."""
        return None if self.amount_hidden else self.amount

    @property
    def wall_message(self) -> str:
        """The message as the public sees it: none once the advocate has hidden it."""
        return "" if self.message_hidden_at else self.message


class RefundKind(models.TextChoices):
    REFUND = "refund", _("Refund")
    DISPUTE = "dispute", _("Card dispute")


class Refund(models.Model):
    """Money going back to a donor: a staff refund or a card dispute. It reverses, never erases."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("donation"))
    kind = models.CharField(max_length=10, choices=RefundKind.choices, verbose_name=_("kind"))
    # The part of the gift returned (the donor-covered fee follows the ledger's stated policy).
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, verbose_name=_("currency"))
    reason = models.CharField(_("reason"), max_length=300)
    idempotency_key = models.CharField(max_length=80, unique=True, verbose_name=_("idempotency key"))
    provider_reference = models.CharField(max_length=120, blank=True, verbose_name=_("provider reference"))
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds_made",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount_minor__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return gettext("%(kind)s of %(amount)s on gift %(gift)s") % {
            "kind": self.get_kind_display(),
            "amount": self.amount.localized(),
            "gift": self.donation_id,
        }

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)


class OperatingGift(models.Model):
    """A gift for costs rather than for partners: a sponsor, or a donor giving to operations.

    It pays processing fees and platform costs through the operating fund, so that campaign gifts
    never have to; it is recorded by staff (a cheque, a transfer) and never counts toward a page.
    """

    entity = models.ForeignKey(
        "ledger.Entity", on_delete=models.PROTECT, related_name="operating_gifts", verbose_name=_("legal entity")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operating_gifts",
        verbose_name=_("campaign"),
    )
    sponsor_name = models.CharField(_("from"), max_length=160)
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, verbose_name=_("idempotency key"))
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operating_gifts_recorded",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name = _("operating gift or sponsorship")
        verbose_name_plural = _("operating gifts and sponsorships")
        constraints = [models.CheckConstraint(condition=Q(amount_minor__gt=0), name="operating_gift_amount_positive")]

    def __str__(self) -> str:
        message = gettext("%(amount)s from %(name)s")
        return elide(message % {"amount": self.amount.localized(), "name": self.sponsor_name}, self.sponsor_name)

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)


class DonorThanks(models.Model):
    """An advocate's own thank-you note to one donor, which we email on their behalf.

    One per gift (the unique key settles two sends at once). The advocate never sees the donor's
    address. The note is kept so staff can answer a donor who asks about it.
    """

    NOTE_MAX_LENGTH = 1000

    donation = models.OneToOneField(Donation, on_delete=models.PROTECT, related_name="thanks", verbose_name=_("gift"))
    sent_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="thanks_sent", verbose_name=_("sent by")
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thank-you note")
        verbose_name_plural = _("thank-you notes")
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="donor_thanks_note_not_empty")]

    def __str__(self) -> str:
        return gettext("Thanks for gift %(gift)s") % {"gift": self.donation_id}


class TotalScope(models.TextChoices):
    CAMPAIGN = "campaign", _("Campaign")
    TEAM = "team", _("Team")
    PAGE = "page", _("Page")


class TotalShard(models.Model):
    """One slice of a running total (raised amount and gift count) for a page, team or campaign.

    A total is the sum of its shards. Each succeeded gift adds to one shard picked at random, so a
    rush of gifts to one page spreads its row locks over several rows instead of queueing on one.
    """

    SHARDS = 8

    scope = models.CharField(max_length=10, choices=TotalScope.choices, verbose_name=_("scope"))
    scope_id = models.BigIntegerField(verbose_name=_("scope id"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, verbose_name=_("currency"))
    shard = models.PositiveSmallIntegerField(verbose_name=_("shard"))
    amount_minor = models.BigIntegerField(default=0, verbose_name=_("amount (minor units)"))
    gift_count = models.BigIntegerField(default=0, verbose_name=_("gift count"))

    class Meta:
        verbose_name = _("total shard")
        verbose_name_plural = _("total shards")
        constraints = [
            models.UniqueConstraint(fields=["scope", "scope_id", "currency", "shard"], name="total_shard_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.scope_id} {self.currency} #{self.shard}"
