"""Everything we hold about a person's account, as one JSON document they can download: the
privacy notice's "see what we hold about you", without writing to us."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings

from jfa.campaigns.models import AdvocatePage, Team
from jfa.core.money import Money
from jfa.donations.models import Donation, DonationStatus
from jfa.stories.models import Comment, Subscription

from .models import User

FORMAT_VERSION = 1


def _when(moment: datetime.datetime | datetime.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _money(minor: int, currency: str) -> dict[str, Any]:
    # Minor units and the currency, as the books keep it, and the amount as people read it.
    return {"minor_units": minor, "currency": currency, "shown": Money(minor, currency).format()}


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _file_url(field: Any) -> str | None:
    return _url(field.url) if field else None


def _gift(gift: Donation) -> dict[str, Any]:
    """A gift as its advocate sees it on their thanks list: never the donor's address or country,
    and an anonymous donor stays anonymous."""
    thanks = getattr(gift, "thanks", None)
    return {
        "id": str(gift.public_id),
        "received_at": _when(gift.succeeded_at),
        "donor": gift.wall_name,
        "amount": _money(gift.amount_minor, gift.currency),
        "amount_hidden_from_wall": gift.amount_hidden,
        "message": gift.message,
        "message_hidden_from_wall": gift.message_hidden_at is not None,
        "your_thanks": {"note": thanks.note, "sent_at": _when(thanks.created_at)} if thanks else None,
    }


def _gifts(queryset: Any) -> list[dict[str, Any]]:
    gifts = queryset.filter(status=DonationStatus.SUCCEEDED).select_related("thanks").order_by("succeeded_at", "pk")
    return [_gift(gift) for gift in gifts]


def account_data(user: User) -> dict[str, Any]:
    pages = (
        AdvocatePage.objects.filter(owner=user)
        .select_related("campaign", "team")
        .prefetch_related("dress_log", "former_addresses")
        .order_by("campaign__year")
    )
    teams = Team.objects.filter(captain=user).select_related("campaign").prefetch_related("messages")
    comments = Comment.objects.filter(user=user).select_related("post").order_by("created_at")
    addresses = {
        user.email.lower(),
        *(e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    }
    # Follows are kept by address (a guest can follow too): the ones for this account's addresses.
    follows = Subscription.objects.filter(email__in=addresses).select_related("post").order_by("created_at")
    return {
        "format": FORMAT_VERSION,
        "site": settings.SITE_URL,
        "made_at": _when(datetime.datetime.now(tz=datetime.UTC)),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "joined_at": _when(user.date_joined),
            "last_sign_in_at": _when(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "signs_in_with": sorted(SocialAccount.objects.filter(user=user).values_list("provider", flat=True)),
            "emails_we_send_you": {
                "each_new_gift": user.gift_emails,
                "dress_log_reminders": user.dress_log_reminders,
                "team_captain_messages": user.team_messages,
                "new_team_members": user.team_news,
            },
        },
        "pages": [
            {
                "campaign": page.campaign.name,
                "address": _url(page.get_absolute_url()),
                "former_addresses": [address.slug for address in page.former_addresses.all()],
                "name_shown": page.display_name,
                "title": page.title,
                "pitch": page.pitch,
                "written_in": page.language,
                "goal": _money(page.goal_minor, page.currency),
                "country": page.country,
                "wearing": page.commitment,
                "photo": _file_url(page.photo),
                "photo_description": page.photo_alt,
                "published": page.is_published,
                "opened_at": _when(page.created_at),
                "team": page.team.name if page.team else None,
                "dress_log": [
                    {
                        "day": entry.day,
                        "photo": _file_url(entry.photo),
                        "photo_description": entry.photo_alt,
                        "caption": entry.caption,
                        "posted_at": _when(entry.created_at),
                    }
                    for entry in page.dress_log.all()
                ],
                "gifts": _gifts(Donation.objects.filter(page=page)),
            }
            for page in pages
        ],
        "teams_you_captain": [
            {
                "campaign": team.campaign.name,
                "name": team.name,
                "about": team.description,
                "written_in": team.language,
                "goal": _money(team.goal_minor, team.currency),
                "gifts_on_the_team_page": _gifts(Donation.objects.filter(team=team, page__isnull=True)),
                "messages_to_the_team": [
                    {"sent_at": _when(message.created_at), "message": message.body}
                    for message in team.messages.all()
                    if message.sender_id == user.pk
                ],
            }
            for team in teams
        ],
        "comments": [
            {
                "story": comment.post.title,
                "written_at": _when(comment.created_at),
                "comment": comment.body,
                "status": comment.status,
            }
            for comment in comments
        ],
        "stories_you_follow": [
            {
                "story": follow.post.title,
                "address": _url(follow.post.get_absolute_url()),
                "email": follow.email,
                "language": follow.language,
                "since": _when(follow.created_at),
                "confirmed_at": _when(follow.confirmed_at),
            }
            for follow in follows
        ],
    }
