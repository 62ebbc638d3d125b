"""Every task a worker may run, by name. Adding a task means adding a line here."""

from __future__ import annotations

from collections.abc import Callable

from jfa.accounts.emails import tell_closed_accounts
from jfa.campaigns.emails import (
    remind_dress_logs,
    send_announcements,
    send_team_messages,
    tell_captains_of_members,
    tell_new_captains,
    tell_pages_taken_down,
    tell_staff_of_reports,
)
from jfa.core.tasks import Batched
from jfa.donations.emails import send_thanks_notes, tell_donors_refunded, tell_page_owners, thank_donors
from jfa.stories.actions import notify_followers, send_confirmation
from jfa.transparency.emails import send_gift_references

REGISTRY: dict[str, Callable[..., object] | Batched] = {
    "accounts.tell_account_closed": Batched(tell_closed_accounts),
    "donations.thank_donor": Batched(thank_donors),
    "donations.tell_page_owner": Batched(tell_page_owners),
    "donations.tell_donor_refunded": Batched(tell_donors_refunded),
    "donations.send_thanks_note": Batched(send_thanks_notes),
    "campaigns.remind_dress_log": Batched(remind_dress_logs),
    "campaigns.send_team_message": Batched(send_team_messages),
    "campaigns.tell_new_captain": Batched(tell_new_captains),
    "campaigns.tell_captain_of_member": Batched(tell_captains_of_members),
    "campaigns.tell_staff_of_report": Batched(tell_staff_of_reports),
    "campaigns.tell_page_taken_down": Batched(tell_pages_taken_down),
    "campaigns.send_announcement": Batched(send_announcements),
    "stories.notify_followers": notify_followers,
    "stories.send_confirmation": send_confirmation,
    "transparency.send_gift_references": send_gift_references,
}
