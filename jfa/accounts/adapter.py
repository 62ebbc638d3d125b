from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def new_user(self, request):
        """A new account starts in the language its owner signed up in."""
        user = super().new_user(request)
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        return user
