"""Every task a worker may run, by name. Adding a task means adding a line here."""

from __future__ import annotations

from collections.abc import Callable

from jfa.donations.actions import tell_page_owner, thank_donor
from jfa.stories.actions import notify_followers, send_confirmation

REGISTRY: dict[str, Callable[..., object]] = {
    "donations.thank_donor": thank_donor,
    "donations.tell_page_owner": tell_page_owner,
    "stories.notify_followers": notify_followers,
    "stories.send_confirmation": send_confirmation,
}
