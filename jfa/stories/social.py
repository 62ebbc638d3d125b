"""Which social sign-in providers are offered, read from the environment.

Imported by ``jfa.settings``, so it must not touch Django models or settings. A provider is
configured only when both halves of its credentials are present; allauth then offers it, and a
provider left out here simply has no button and no working login URL.
"""

from __future__ import annotations

from collections.abc import Mapping

# provider id -> (client id variable, secret variable, extra provider settings)
PROVIDER_ENV: dict[str, tuple[str, str, dict]] = {
    "wordpress": ("WORDPRESS_CLIENT_ID", "WORDPRESS_CLIENT_SECRET", {"SCOPE": ["auth"]}),
    "twitter_oauth2": ("TWITTER_CLIENT_ID", "TWITTER_CLIENT_SECRET", {}),
    "facebook": (
        "FACEBOOK_APP_ID",
        "FACEBOOK_APP_SECRET",
        {"METHOD": "oauth2", "SCOPE": ["email", "public_profile"]},
    ),
}

# The order buttons appear in under a comment form.
COMMENT_PROVIDERS = ["wordpress", "twitter_oauth2", "facebook"]


def providers_from_env(environ: Mapping[str, str]) -> dict:
    """Build ``SOCIALACCOUNT_PROVIDERS``: each provider with credentials gets one settings-backed app."""
    providers: dict = {}
    for provider_id, (id_var, secret_var, extra) in PROVIDER_ENV.items():
        client_id = environ.get(id_var, "").strip()
        secret = environ.get(secret_var, "").strip()
        if not (client_id and secret):
            continue
        providers[provider_id] = {
            **extra,
            "APPS": [{"client_id": client_id, "secret": secret, "key": "", "settings": {}}],
        }
    return providers
