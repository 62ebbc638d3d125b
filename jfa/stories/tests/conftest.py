from __future__ import annotations

import os

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe, which it is for these tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):  # type: ignore[no-untyped-def]
    """Each test counts its own comments: rate-limit keys carry a prefix unique to the test."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"stories-test-{os.urandom(6).hex()}"}}
    yield
    cache.close()
