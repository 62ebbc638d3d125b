"""How often a person may comment, report or follow (counted by ``jfa.core.limits``)."""

from __future__ import annotations

from django.conf import settings

from jfa.core.limits import Limit, client_ip, hash_ip, hit

__all__ = ["Limit", "client_ip", "comment_limits", "follow_limits", "hash_ip", "hit", "report_limits"]

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
