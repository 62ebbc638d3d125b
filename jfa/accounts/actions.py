"""Actions on a person's own account. Each runs in one transaction."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jfa.campaigns import actions as campaign_actions
from jfa.campaigns.models import PageReport
from jfa.core import tasks
from jfa.stories import actions as story_actions

from .models import User

# Never delivered (RFC 2606 keeps .invalid out of the DNS) and unique per account, as the column must be.
CLOSED_EMAIL = "closed-{pk}@closed.invalid"


class AccountError(ValueError):
    """Something the account's owner asked that cannot be done; fit to show them."""


@transaction.atomic
def close_account(*, user: User, now: datetime.datetime | None = None) -> User:
    """The person closes their own account for good. What named them goes: their name, email
    addresses, password, sign-ins through Facebook or X, their pages' words, photos, dress log and
    addresses, their comments' words and their follows. What the books need stays, emptied of them:
    the account row and each page row, since gifts made on a page are financial records.

    Someone who captains a team with other members hands it over first. Staff accounts are closed
    by another administrator, so that nobody locks the site's only one out by mistake. The former
    address hears of it once the closing has committed, in the person's language."""
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.closed_at is not None:
        raise AccountError(_("This account is already closed."))
    if user.is_staff:
        raise AccountError(_("A staff account is closed by another administrator, from the admin."))
    emails = [user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)]
    try:
        campaign_actions.forget_advocate(user)
    except campaign_actions.CampaignError as error:
        raise AccountError(str(error)) from None
    story_actions.forget_commenter(user=user, emails=emails, now=now)
    # Reports they sent about pages keep what was reported, not where to write back.
    PageReport.objects.filter(reporter_key=f"user:{user.pk}").update(reporter_email="")
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    tasks.enqueue("accounts.tell_account_closed", email=user.email, language=user.language)

    user.email = CLOSED_EMAIL.format(pk=user.pk)
    user.display_name = user.first_name = user.last_name = ""
    # A new unusable password also ends every other session: each one carries a hash of the old.
    user.set_unusable_password()
    user.is_active = False
    user.gift_emails = user.dress_log_reminders = user.team_messages = user.team_news = user.campaign_news = False
    user.closed_at = now
    user.save()
    return user
