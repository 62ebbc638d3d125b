"""Every task a worker may run, by name. Adding a task means adding a line here."""

from __future__ import annotations

from collections.abc import Callable

from jfa.donations.actions import send_gift_emails

REGISTRY: dict[str, Callable[..., None]] = {
    "donations.send_gift_emails": send_gift_emails,
}
