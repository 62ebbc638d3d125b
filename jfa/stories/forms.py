from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jfa.core.widgets import UserText

from .models import COMMENT_MAX_CHARS, CommentReport

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
        cleaned = super().clean()
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
