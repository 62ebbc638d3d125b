from django import forms
from django.utils.translation import gettext_lazy as _


class GiftLookupForm(forms.Form):
    reference = forms.UUIDField(
        label=_("Your gift reference"),
        help_text=_("It is in your thank-you email, for example 3f2c9a7e-1b4d-4c8e-9f10-2a6b7c8d9e0f."),
        error_messages={"invalid": _("Enter the reference exactly as it appears in your email.")},
        # A reference is a code, not words: no suggestions from the browser or its spell checker.
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "reference"}),
    )


class GiftReferencesForm(forms.Form):
    email = forms.EmailField(
        label=_("The email address you gave with"),
        help_text=_("We email the references of every gift made with it to that address, and nowhere else."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
