from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from jfa.core.templatetags.jfa import calendar_date
from jfa.core.widgets import UserText
from jfa.partners.models import Partner

from .models import COMMENT_MAX_CHARS, CommentReport
from .queries import december_plan

HONEYPOT_FIELD = "extra_info"


class StoriesForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")  # labels read "Name", not "Name:"
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class HoneypotMixin(StoriesForm):
    # Hidden from people (off-screen, out of the tab order, hidden from screen readers); form-filling
    # bots fill every field they find, and a filled one refuses the whole submission.
    extra_info = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _(
                    "This looked like an automated submission, so nothing was posted. "
                    "Please leave the hidden field empty."
                ),
                code="honeypot",
            )
        return cleaned


class CommentForm(HoneypotMixin):
    body = UserText(
        label=_("Comment"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_CHARS}),
        help_text=_("Plain text, with *emphasis*, **bold** and [links](https://example.org). No HTML."),
    )
    follow = forms.BooleanField(label=_("Email me when someone replies to this story"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class GuestCommentForm(CommentForm):
    name = UserText(label=_("Name"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Never shown to anyone."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["name", "email", "body", "follow", "parent", "extra_info"]


class EditCommentForm(StoriesForm):
    body = UserText(
        label=_("Comment"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_CHARS}),
    )


class FollowForm(HoneypotMixin):
    email = forms.EmailField(label=_("Your email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ReportForm(StoriesForm):
    reason = forms.ChoiceField(label=_("Why are you reporting this comment?"), choices=CommentReport.Reason.choices)


class FridayPlanForm(forms.Form):
    """Which partner each Friday of one December puts in the spotlight, or none. A Friday that
    already has its spotlight, or whose publication time has passed, is shown but cannot change."""

    def __init__(self, *args: object, year: int, now: datetime.datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        partners = Partner.objects.filter(is_active=True).order_by("name")
        slots = december_plan(year, now)
        self.fridays = [slot.day for slot in slots]
        self.taken = {slot.planned.partner_id for slot in slots if slot.planned and slot.planned.partner_id}
        for slot in slots:
            field = forms.ModelChoiceField(
                partners, required=False, label=calendar_date(slot.day, "l j F"), empty_label=_("No spotlight")
            )
            if slot.planned is not None:
                field.disabled = True
                field.initial = slot.planned.partner_id
                field.help_text = _("Already planned: “%(title)s”.") % {"title": slot.planned.text.title}
            elif slot.passed:
                field.disabled = True
                field.help_text = _("This Friday's spotlight time has passed.")
            self.fields[slot.day.isoformat()] = field

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        chosen = [(name, partner) for name, partner in cleaned.items() if partner and not self.fields[name].disabled]
        if not chosen:
            raise forms.ValidationError(_("Choose a partner for at least one Friday."))
        seen = set(self.taken)
        for name, partner in chosen:
            if partner.pk in seen:
                self.add_error(
                    name,
                    _("%(partner)s is already in the spotlight on another Friday of this December.")
                    % {"partner": partner.name},
                )
            seen.add(partner.pk)
        return cleaned

    @property
    def has_open_friday(self) -> bool:
        return any(not field.disabled for field in self.fields.values())

    def plan(self) -> list[Partner | None]:
        """The partner for each Friday in order, ``None`` where nothing new is planned."""
        return [
            None if self.fields[friday.isoformat()].disabled else self.cleaned_data.get(friday.isoformat())
            for friday in self.fridays
        ]
