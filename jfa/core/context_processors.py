from django.conf import settings
from django.http import HttpRequest

from jfa.core import page_cache


def site(request: HttpRequest) -> dict:
    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.SITE_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        # For template fragments kept in the cache: a new release draws them afresh.
        "CODE_RELEASE": page_cache.release(),
    }
