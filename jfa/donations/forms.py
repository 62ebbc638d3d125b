from __future__ import annotations

import re
import uuid
from typing import ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jfa.core.money import Money, MoneyError, parse_amount
from jfa.core.widgets import CountryField, UserText
from jfa.payments.providers.base import CardDetails

from .models import DonorThanks

_KEY_RE = re.compile(r"^[A-Za-z0-9-]{16,64}$")


class DonationForm(forms.Form):
    """The donor's form. Amount is a suggested tier or a custom figure in the page's currency."""

    preset_amount = forms.CharField(required=False, max_length=20)
    # The suggested amounts are radios above the amount box: a problem with them links to the box.
    error_anchors: ClassVar[dict[str, str]] = {"preset_amount": "amount"}
    amount = forms.CharField(
        label=_("Other amount"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Or type your own amount."),
    )
    currency = forms.CharField(widget=forms.HiddenInput)
    # Every gift reaches the partner whole either way; the fee falls on the donor or on the
    # operating fund, and the form must not suggest otherwise.
    cover_fee = forms.BooleanField(
        label=_("Also cover the card processing fee"),
        help_text=_(
            "Your whole gift reaches the partner either way. If you do not cover the fee, our operating fund pays it."
        ),
        required=False,
    )
    donor_name = UserText(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    donor_email = forms.EmailField(
        label=_("Your email"),
        help_text=_("For your receipt. Never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    donor_country = CountryField(label=_("Your country"), initial="US")
    is_anonymous = forms.BooleanField(label=_("Show my gift as anonymous"), required=False)
    amount_hidden = forms.BooleanField(
        label=_("Do not show the amount of my gift on the page"),
        help_text=_("It still counts toward the totals, and the person whose page you give on still sees it."),
        required=False,
    )
    message = UserText(
        label=_("Message of support"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=23,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-number"}),
    )
    card_expiry = forms.CharField(
        label=_("Expiry (MM/YY)"),
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp", "placeholder": "12/29"}),
    )
    card_cvc = forms.CharField(
        label=_("Security code"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "cc-csc"}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: object, currency: str, **kwargs: object) -> None:
        initial = kwargs.setdefault("initial", {})
        assert isinstance(initial, dict)
        initial.setdefault("currency", currency)
        # Most donors live where the page's receipts are valid; they can change it.
        initial.setdefault("donor_country", "CA" if currency == "CAD" else "US")
        initial.setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.expected_currency = currency

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"]
        if not _KEY_RE.match(key):
            raise forms.ValidationError(_("This form has expired; please reload the page."))
        return key

    def clean_card_number(self) -> str:
        digits = re.sub(r"[\s-]", "", self.cleaned_data["card_number"])
        if not digits.isdigit() or not 12 <= len(digits) <= 19:
            raise forms.ValidationError(_("Enter the card number as digits."))
        return digits

    def clean_card_expiry(self) -> str:
        expiry = self.cleaned_data["card_expiry"].replace(" ", "")
        match = re.match(r"^(0[1-9]|1[0-2])/(\d{2}|\d{4})$", expiry)
        if not match:
            raise forms.ValidationError(_("Enter the expiry as MM/YY."))
        month, year = int(match[1]), int(match[2])
        today = timezone.localdate()
        # A card works to the last day of the month printed on it; any processor declines it after.
        if (year if year > 99 else 2000 + year, month) < (today.year, today.month):
            raise forms.ValidationError(_("This card has expired: try another."))
        return expiry

    def clean_card_cvc(self) -> str:
        cvc = self.cleaned_data["card_cvc"].strip()
        if not cvc.isdigit() or len(cvc) not in (3, 4):
            raise forms.ValidationError(_("Enter the 3 or 4 digit security code."))
        return cvc

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get("currency") != self.expected_currency:
            # A hidden field: its error is shown at the top of the form.
            self.add_error(None, _("This page takes gifts in %(currency)s.") % {"currency": self.expected_currency})
            return cleaned
        raw = (cleaned.get("amount") or "").strip() or (cleaned.get("preset_amount") or "").strip()
        if not raw:
            self.add_error("amount", _("Choose an amount or type your own."))
            return cleaned
        try:
            cleaned["money"] = parse_amount(raw, self.expected_currency)
        except MoneyError as error:
            self.add_error("amount", str(error))
        return cleaned

    @property
    def money(self) -> Money:
        return self.cleaned_data["money"]

    def gift_fields(self) -> dict:
        """The donor's answers as keyword arguments for ``start_donation``."""
        names = [
            "donor_name",
            "donor_email",
            "donor_country",
            "is_anonymous",
            "amount_hidden",
            "message",
            "cover_fee",
            "idempotency_key",
        ]
        return {"amount": self.money, **{name: self.cleaned_data[name] for name in names}}

    def retry_after(self, problem: str) -> DonationForm:
        """The same answers under a fresh key, so the donor can try another card, showing why."""
        data = self.data.copy()  # type: ignore[attr-defined]  # a bound form holds a QueryDict
        data["idempotency_key"] = uuid.uuid4().hex
        retry = DonationForm(data, currency=self.expected_currency)
        retry.is_valid()
        retry.add_error("card_number", problem)
        return retry

    @property
    def card(self) -> CardDetails:
        data = self.cleaned_data
        return CardDetails(number=data["card_number"], expiry=data["card_expiry"], cvc=data["card_cvc"])


class ThanksNoteForm(forms.Form):
    """An advocate's thank-you note to one donor."""

    note = UserText(
        label=_("Your note"),
        max_length=DonorThanks.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent once, by email, in your words. The donor's address stays hidden from you."),
    )
