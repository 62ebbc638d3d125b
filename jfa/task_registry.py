"""Every task a worker may run, by name. Adding a task means adding a line here."""

from __future__ import annotations

from collections.abc import Callable

from jfa.donations.actions import send_gift_emails
from jfa.stories.actions import notify_followers, send_confirmation

REGISTRY: dict[str, Callable[..., object]] = {
    "donations.send_gift_emails": send_gift_emails,
    "stories.notify_followers": notify_followers,
    "stories.send_confirmation": send_confirmation,
}
