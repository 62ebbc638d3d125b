from django import forms
from django.utils.translation import gettext_lazy as _


class GiftLookupForm(forms.Form):
    reference = forms.UUIDField(
        label=_("Your gift reference"),
        help_text=_("It is in your thank-you email, for example 3f2c9a7e-1b4d-4c8e-9f10-2a6b7c8d9e0f."),
        error_messages={"invalid": _("Enter the reference exactly as it appears in your email.")},
    )
