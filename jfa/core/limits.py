"""Rate limits kept in the shared Django cache, so every app process counts the same attempts."""

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


def _key(scope: str, who: str, limit: Limit, now: float) -> str:
    # Fixed windows: the key names the window it counts, so it expires on its own.
    return f"rate:{scope}:{limit.seconds}:{int(now // limit.seconds)}:{who}"


def hit(scope: str, who: str, limits: tuple[Limit, ...], *, now: float | None = None) -> bool:
    """Count one attempt by ``who``; False when any window is already full (the attempt is refused).

    ``cache.add`` then ``incr`` is atomic on Redis; on the database cache two racing requests may
    both slip through, which lets one extra attempt by, never loses one.
    """
    now = time.time() if now is None else now
    allowed = True
    for limit in limits:
        key = _key(scope, who, limit, now)
        cache.add(key, 0, timeout=limit.seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=limit.seconds + 1)
            count = 1
        if count > limit.count:
            allowed = False
    return allowed


def is_full(scope: str, who: str, limits: tuple[Limit, ...], *, now: float | None = None) -> bool:
    """Whether ``who`` has used up any window already, without counting an attempt (one cache read)."""
    now = time.time() if now is None else now
    keys = {_key(scope, who, limit, now): limit for limit in limits}
    counts = cache.get_many(list(keys))
    return any(counts.get(key, 0) >= limit.count for key, limit in keys.items())


def client_ip(request: HttpRequest) -> str:
    # Behind our proxy the last X-Forwarded-For hop is the one the proxy itself added; anything
    # before it is whatever the client chose to send.
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def hash_ip(ip: str) -> str:
    """An address we can count by but cannot read back. The salt keeps the name it was first given,
    so the hashes already stored with comments stay comparable."""
    return salted_hmac("jfa.stories.ip", ip).hexdigest() if ip else ""
