from __future__ import annotations

import json
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount

from jfa.stories.social import providers_from_env

from .factories import make_post

pytestmark = pytest.mark.django_db

CREDENTIALS = {
    "WORDPRESS_CLIENT_ID": "wp-client",
    "WORDPRESS_CLIENT_SECRET": "wp-secret",
    "TWITTER_CLIENT_ID": "x-client",
    "TWITTER_CLIENT_SECRET": "x-secret",
    "FACEBOOK_APP_ID": "fb-app",
    "FACEBOOK_APP_SECRET": "fb-secret",
}

# provider id -> (login path, authorization host, authorization path prefix, client id)
AUTHORIZE = {
    "wordpress": ("/accounts/wordpress/login/", "public-api.wordpress.com", "/oauth2/authorize", "wp-client"),
    "twitter_oauth2": ("/accounts/twitter_oauth2/login/", "x.com", "/i/oauth2/authorize", "x-client"),
    "facebook": ("/accounts/facebook/login/", "www.facebook.com", "/v", "fb-app"),
}


@pytest.fixture
def with_credentials(settings):
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_env(CREDENTIALS)


@pytest.fixture
def without_credentials(settings):
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_env({})


def test_only_providers_with_both_credentials_are_configured():
    assert providers_from_env({}) == {}
    half = providers_from_env({"WORDPRESS_CLIENT_ID": "id", "TWITTER_CLIENT_SECRET": "secret"})
    assert half == {}
    full = providers_from_env(CREDENTIALS)
    assert set(full) == {"wordpress", "twitter_oauth2", "facebook"}
    assert full["wordpress"]["APPS"][0] == {"client_id": "wp-client", "secret": "wp-secret", "key": "", "settings": {}}


def test_with_credentials_the_three_sign_in_buttons_appear(client, with_credentials):
    page = client.get(make_post().get_absolute_url()).content.decode()
    assert "Sign in with WordPress.com" in page
    assert "Sign in with X" in page
    assert "Sign in with Facebook" in page
    for login_path, *_ in AUTHORIZE.values():
        assert f'action="{login_path}?next=' in page


def test_without_credentials_no_sign_in_buttons_appear(client, without_credentials):
    page = client.get(make_post().get_absolute_url()).content.decode()
    assert "Sign in with" not in page
    assert "social-login" not in page


PROVIDER_PATHS = [
    *(login_path + end for login_path, *_ in AUTHORIZE.values() for end in ("", "callback/")),
    "/accounts/facebook/login/token/",
]


@pytest.mark.parametrize("path", PROVIDER_PATHS)
def test_without_credentials_a_provider_s_addresses_are_not_found(client, without_credentials, path):
    # An old link or a crawler reaches them even though no button shows them.
    assert client.get(f"{path}?code=x&state=y").status_code == 404
    assert client.post(path, {"next": "/stories/"}).status_code == 404
    assert not SocialAccount.objects.exists()


def test_signed_in_readers_see_no_sign_in_buttons(client, with_credentials):
    from .factories import alice

    client.force_login(alice())
    page = client.get(make_post().get_absolute_url()).content.decode()
    assert "Sign in with" not in page


@pytest.mark.parametrize("provider_id", list(AUTHORIZE))
def test_each_button_starts_the_right_authorization(client, with_credentials, provider_id):
    login_path, host, path_prefix, client_id = AUTHORIZE[provider_id]
    response = client.post(login_path, {"next": "/stories/"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc) == ("https", host)
    assert location.path.startswith(path_prefix)
    query = parse_qs(location.query)
    assert query["client_id"] == [client_id]
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"][0].endswith(f"{login_path}callback/")
    assert query["state"]


def test_facebook_uses_its_oauth_dialog(client, with_credentials):
    response = client.post("/accounts/facebook/login/")
    assert urlsplit(response["Location"]).path.endswith("/dialog/oauth")


def test_wordpress_asks_only_for_the_auth_scope(client, with_credentials):
    response = client.post("/accounts/wordpress/login/")
    assert parse_qs(urlsplit(response["Location"]).query)["scope"] == ["auth"]


class FakeResponse:
    def __init__(self, payload: dict) -> None:
        self.payload = payload
        self.status_code = 200
        self.text = json.dumps(payload)
        self.headers = {"content-type": "application/json"}

    def json(self) -> dict:
        return self.payload

    def raise_for_status(self) -> None:
        return None


class FakeWordPress:
    """Stands in for public-api.wordpress.com: no network in tests."""

    calls: list[tuple[str, str]] = []

    def __enter__(self) -> FakeWordPress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def request(self, method: str, url: str, **kwargs: object) -> FakeResponse:
        self.calls.append((method, url))
        assert url == "https://public-api.wordpress.com/oauth2/token"
        return FakeResponse({"access_token": "wp-token", "token_type": "bearer", "blog_id": "1"})

    def get(self, url: str, **kwargs: object) -> FakeResponse:
        self.calls.append(("GET", url))
        assert url == "https://public-api.wordpress.com/rest/v1/me"
        assert kwargs["headers"]["Authorization"] == "Bearer wp-token"
        return FakeResponse(
            {
                "ID": 4242,
                "display_name": "Wendy Press",
                "username": "wendypress",
                "email": "wendy@example.org",
                "email_verified": True,
                "avatar_URL": "https://gravatar.example/wendy",
                "profile_URL": "https://wordpress.example/wendy",
            }
        )


def test_a_wordpress_sign_in_completes_offline_and_creates_the_account(client, with_credentials):
    FakeWordPress.calls = []
    start = client.post("/accounts/wordpress/login/", {"next": "/stories/"})
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    target = "allauth.socialaccount.adapter.DefaultSocialAccountAdapter.get_requests_session"
    with mock.patch(target, return_value=FakeWordPress()):
        finish = client.get("/accounts/wordpress/login/callback/", {"code": "the-code", "state": state})
    assert finish.status_code == 302
    account = SocialAccount.objects.get(provider="wordpress")
    assert account.uid == "4242"
    assert account.user.email == "wendy@example.org"
    assert account.get_provider_account().to_str() == "Wendy Press"
    assert [url for _, url in FakeWordPress.calls] == [
        "https://public-api.wordpress.com/oauth2/token",
        "https://public-api.wordpress.com/rest/v1/me",
    ]


def test_the_sign_up_page_offers_the_same_providers_as_the_sign_in_page(client, with_credentials):
    sign_in = client.get("/accounts/login/").content.decode()
    sign_up = client.get("/accounts/signup/").content.decode()
    for login_path, *_ in AUTHORIZE.values():
        assert login_path in sign_in
        assert login_path in sign_up
