from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jfa.core.money import CURRENCY_CHOICES, Money
from jfa.donations.models import Donation


class AttemptStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


# The only moves a payment attempt may make; anything else is a bug or a replayed event.
ATTEMPT_TRANSITIONS: dict[str, set[str]] = {
    AttemptStatus.CREATED: {AttemptStatus.PENDING, AttemptStatus.SUCCEEDED, AttemptStatus.FAILED},
    AttemptStatus.PENDING: {AttemptStatus.SUCCEEDED, AttemptStatus.FAILED},
    AttemptStatus.SUCCEEDED: set(),
    AttemptStatus.FAILED: set(),
}


class PaymentAttempt(models.Model):
    """One try at collecting a donation through a payment provider."""

    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("donation")
    )
    provider = models.CharField(max_length=30, verbose_name=_("provider"))
    status = models.CharField(
        max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.CREATED, verbose_name=_("status")
    )
    amount_minor = models.BigIntegerField(verbose_name=_("amount (minor units)"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, verbose_name=_("currency"))
    provider_reference = models.CharField(max_length=120, blank=True, verbose_name=_("provider reference"))
    failure_message = models.CharField(max_length=300, blank=True, verbose_name=_("failure message"))
    card_last4 = models.CharField(max_length=4, blank=True, verbose_name=_("card's last four digits"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="attempt_amount_positive"),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="attempt_provider_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} attempt {self.pk} ({self.status})"

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)

    @property
    def is_final(self) -> bool:
        return self.status in {AttemptStatus.SUCCEEDED, AttemptStatus.FAILED}

    def can_move_to(self, status: str) -> bool:
        return status in ATTEMPT_TRANSITIONS[self.status]
