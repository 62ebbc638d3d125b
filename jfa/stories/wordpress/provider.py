from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from .views import WordPressOAuth2Adapter


class WordPressAccount(ProviderAccount):
    def get_profile_url(self) -> str | None:
        return self.account.extra_data.get("profile_URL")

    def get_avatar_url(self) -> str | None:
        return self.account.extra_data.get("avatar_URL")

    def to_str(self) -> str:
        data = self.account.extra_data
        return data.get("display_name") or data.get("username") or super().to_str()


class WordPressProvider(OAuth2Provider):
    """WordPress.com accounts (https://developer.wordpress.com/docs/oauth2/).

    The "auth" scope is the narrowest one: it grants only the /me endpoint, which is all we read.
    """

    id = "wordpress"
    name = "WordPress.com"
    account_class = WordPressAccount
    oauth2_adapter_class = WordPressOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return ["auth"]

    def extract_uid(self, data: dict) -> str:
        return str(data["ID"])

    def extract_common_fields(self, data: dict) -> dict:
        return {
            "email": data.get("email") or None,
            "username": data.get("username"),
            "name": data.get("display_name"),
        }

    def extract_email_addresses(self, data: dict) -> list[EmailAddress]:
        email = data.get("email")
        if not email:
            return []
        return [EmailAddress(email=email, verified=bool(data.get("email_verified")), primary=True)]


provider_classes = [WordPressProvider]
