from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView
from django.http import HttpRequest


class WordPressOAuth2Adapter(OAuth2Adapter):
    provider_id = "wordpress"
    authorize_url = "https://public-api.wordpress.com/oauth2/authorize"
    access_token_url = "https://public-api.wordpress.com/oauth2/token"  # noqa: S105 - a URL, not a secret
    profile_url = "https://public-api.wordpress.com/rest/v1/me"

    def complete_login(self, request: HttpRequest, app, token, **kwargs):  # type: ignore[no-untyped-def]
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {token.token}"})
            response.raise_for_status()
            extra_data = response.json()
        return self.get_provider().sociallogin_from_response(request, extra_data)


oauth2_login = OAuth2LoginView.adapter_view(WordPressOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WordPressOAuth2Adapter)
