"""Rate limits kept in the shared Django cache, so every app process counts the same comments."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


# A person typing replies rarely posts more than a few a minute; a bot does. Both windows apply.
DEFAULT_COMMENT_LIMITS = (Limit(count=3, seconds=60), Limit(count=20, seconds=3600))
DEFAULT_REPORT_LIMITS = (Limit(count=10, seconds=3600),)
# Each new follow can send a confirmation email, so an address may start only a few an hour.
DEFAULT_FOLLOW_LIMITS = (Limit(count=10, seconds=3600),)


def comment_limits() -> tuple[Limit, ...]:
    return tuple(getattr(settings, "STORIES_COMMENT_LIMITS", DEFAULT_COMMENT_LIMITS))


def report_limits() -> tuple[Limit, ...]:
    return tuple(getattr(settings, "STORIES_REPORT_LIMITS", DEFAULT_REPORT_LIMITS))


def follow_limits() -> tuple[Limit, ...]:
    return tuple(getattr(settings, "STORIES_FOLLOW_LIMITS", DEFAULT_FOLLOW_LIMITS))


def hit(scope: str, who: str, limits: tuple[Limit, ...], *, now: float | None = None) -> bool:
    """Count one attempt by ``who``; False when any window is already full (the attempt is refused).

    Fixed windows: the key names the window it counts, so it expires on its own. ``cache.add`` then
    ``incr`` is atomic on Redis; on the database cache two racing requests may both slip through,
    which costs one extra comment, never a lost one.
    """
    now = time.time() if now is None else now
    allowed = True
    for limit in limits:
        window = int(now // limit.seconds)
        key = f"stories:rate:{scope}:{limit.seconds}:{window}:{who}"
        cache.add(key, 0, timeout=limit.seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=limit.seconds + 1)
            count = 1
        if count > limit.count:
            allowed = False
    return allowed


def client_ip(request: HttpRequest) -> str:
    # Behind our proxy the last X-Forwarded-For hop is the one the proxy itself added; anything
    # before it is whatever the client chose to send.
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def hash_ip(ip: str) -> str:
    return salted_hmac("jfa.stories.ip", ip).hexdigest() if ip else ""
