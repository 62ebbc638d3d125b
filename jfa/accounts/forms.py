from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jfa.core import limits

from .models import User

# Guesses at the password through this form, per account: the sign-in form has its own limits.
PASSWORD_TRIES = (limits.Limit(5, 15 * 60),)


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that my account, my page and my photos cannot be brought back."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        if not user.has_usable_password():
            # Signed up through Facebook or X: being signed in is what proves who they are.
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not limits.hit("close-account", str(self.user.pk), PASSWORD_TRIES):
            raise forms.ValidationError(_("Too many tries. Wait a quarter of an hour, then try again."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
