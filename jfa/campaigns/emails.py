"""The advocates' emails that campaigns sends after commit: the evening reminder to post the
day's dress-log photo, a team captain's messages to the team, the news of a team handed over, and
a captain's news of each new member, and the word of a page reported to staff or taken down."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Count
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jfa.accounts.models import User
from jfa.core.mail import one_click_stop, one_line, send_each
from jfa.core.tasks import Outcomes
from jfa.core.text import elide

from .actions import EmailKind, stop_token
from .models import AdvocatePage, Announcement, DressLogEntry, DressLogReminder, PageReport, Team, TeamMessage
from .queries import dress_log_streak


def stop_url(user: User, kind: EmailKind) -> str:
    """The address in an email that stops that kind of email, without signing in."""
    return settings.SITE_URL + reverse("campaigns:stop_emails", args=[stop_token(user, kind)])


def remind_dress_logs(payloads: Sequence[dict]) -> Outcomes:
    """Each reminder in the advocate's language; none for a photo posted (or reminders turned
    off) since the reminder was queued."""
    template = get_template("campaigns/email/dress_log_reminder.txt")
    ids = [payload["reminder_id"] for payload in payloads]
    found = DressLogReminder.objects.select_related("page__owner", "page__campaign").in_bulk(ids)
    posted = set(DressLogEntry.objects.filter(page__reminders__pk__in=ids).values_list("page_id", "day").distinct())

    def write(reminder: DressLogReminder) -> EmailMessage | None:
        page, owner = reminder.page, reminder.page.owner
        if (page.pk, reminder.day) in posted or not owner.dress_log_reminders or not owner.is_active:
            return None
        stop = stop_url(owner, EmailKind.REMINDERS)
        with translation.override(owner.language):
            body = template.render(
                {
                    "stop_url": stop,
                    "page": page,
                    "day": reminder.day,
                    # From the days already read for the whole batch: no query per email.
                    "streak": dress_log_streak(
                        page,
                        today=page.campaign.starts_on + timedelta(days=reminder.day - 1),
                        days={day for page_id, day in posted if page_id == page.pk},
                    ),
                    "site_url": settings.SITE_URL,
                    "site_name": settings.SITE_NAME,
                }
            )
            return EmailMessage(
                subject=_("Day %(day)d: time for your dress-log photo") % {"day": reminder.day},
                body=body,
                to=[owner.email],
                headers=one_click_stop(stop),
            )

    messages: list[EmailMessage | BaseException | None] = [
        LookupError(f"reminder {pk!r} does not exist") if (row := found.get(pk)) is None else write(row) for pk in ids
    ]
    return send_each(messages)


def send_team_messages(payloads: Sequence[dict]) -> Outcomes:
    """A captain's message to each member, in the member's language; none to a member who has
    turned these off (or left the team) since it was sent. Answers go to the captain."""
    template = get_template("campaigns/email/team_message.txt")
    messages = TeamMessage.objects.select_related("team", "sender").in_bulk({p["message_id"] for p in payloads})
    users = User.objects.in_bulk({p["user_id"] for p in payloads})
    on_team = set(
        AdvocatePage.objects.filter(owner__in=users, team__in={m.team_id for m in messages.values()}).values_list(
            "owner_id", "team_id"
        )
    )

    def write(payload: dict) -> EmailMessage | BaseException | None:
        message, user = messages.get(payload["message_id"]), users.get(payload["user_id"])
        if message is None or user is None:
            return LookupError(f"team message {payload!r} has no message or member")
        if not (user.is_active and user.team_messages and (user.pk, message.team_id) in on_team):
            return None
        captain, stop = message.sender.public_name, stop_url(user, EmailKind.TEAM_MESSAGES)
        with translation.override(user.language):
            context = {
                "member": user.public_name,
                "captain": captain,
                "message": message,
                "team_url": settings.SITE_URL + message.team.get_absolute_url(),
                "stop_url": stop,
                "site_name": settings.SITE_NAME,
            }
            return EmailMessage(
                subject=one_line(_("%(captain)s writes to %(team)s") % {"captain": captain, "team": message.team.name}),
                body=template.render(context),
                to=[user.email],
                reply_to=[message.sender.email],
                headers=one_click_stop(stop),
            )

    return send_each([write(payload) for payload in payloads])


def tell_new_captains(payloads: Sequence[dict]) -> Outcomes:
    """Tell each advocate a team was handed over to, in their language; nothing if the team has
    changed hands again since (the next captain hears of it instead)."""
    template = get_template("campaigns/email/new_captain.txt")
    teams = Team.objects.select_related("captain").in_bulk({p["team_id"] for p in payloads})
    former = User.objects.in_bulk({p["by_id"] for p in payloads})

    def write(payload: dict) -> EmailMessage | BaseException | None:
        team, by = teams.get(payload["team_id"]), former.get(payload["by_id"])
        if team is None or by is None:
            return LookupError(f"hand-over {payload!r} has no team or former captain")
        captain = team.captain
        if captain.pk != payload["captain_id"] or not captain.is_active:
            return None
        with translation.override(captain.language):
            context = {
                "captain": captain.public_name,
                "former": by.public_name,
                "team": team.name,
                "team_url": settings.SITE_URL + team.get_absolute_url(),
                "edit_url": settings.SITE_URL + reverse("campaigns:team_edit", args=[team.slug]),
                "site_name": settings.SITE_NAME,
            }
            return EmailMessage(
                subject=one_line(elide(_("You are now the captain of %(team)s") % {"team": team.name}, team.name)),
                body=template.render(context),
                to=[captain.email],
                reply_to=[by.email],  # the former captain, still on the team, can answer questions
            )

    return send_each([write(payload) for payload in payloads])


def tell_captains_of_members(payloads: Sequence[dict]) -> Outcomes:
    """Tell each captain, in their language, who joined the team and how many it now has; nothing
    if the member has left again since, or the captain turned this off. Three queries a batch."""
    template = get_template("campaigns/email/new_member.txt")
    teams = Team.objects.select_related("captain").in_bulk({p["team_id"] for p in payloads})
    pages = AdvocatePage.objects.in_bulk({p["page_id"] for p in payloads})
    sizes = dict(Team.objects.filter(pk__in=teams).annotate(n=Count("members")).values_list("pk", "n"))

    def write(payload: dict) -> EmailMessage | BaseException | None:
        team, page = teams.get(payload["team_id"]), pages.get(payload["page_id"])
        if team is None or page is None:
            return LookupError(f"new member {payload!r} has no team or page")
        captain = team.captain
        if page.team_id != team.pk or not (captain.is_active and captain.team_news):
            return None
        stop = stop_url(captain, EmailKind.TEAM_NEWS)
        with translation.override(captain.language):
            context = {
                "captain": captain.public_name,
                "member": page.display_name,
                "team": team.name,
                "size": sizes.get(team.pk, 0),
                "page_url": settings.SITE_URL + page.get_absolute_url(),
                "message_url": settings.SITE_URL + reverse("campaigns:team_message", args=[team.slug]),
                "stop_url": stop,
                "site_name": settings.SITE_NAME,
            }
            return EmailMessage(
                subject=one_line(_("%(member)s joined %(team)s") % {"member": page.display_name, "team": team.name}),
                body=template.render(context),
                to=[captain.email],
                headers=one_click_stop(stop),
            )

    return send_each([write(payload) for payload in payloads])


def tell_staff_of_reports(payloads: Sequence[dict]) -> Outcomes:
    """Each report to the team's inbox (in the site's language), with where to act on it."""
    template = get_template("campaigns/email/page_report.txt")
    reports = PageReport.objects.select_related("page").in_bulk({p["report_id"] for p in payloads})

    def write(payload: dict) -> EmailMessage | BaseException:
        report = reports.get(payload["report_id"])
        if report is None:
            return LookupError(f"page report {payload!r} is gone")
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "report": report,
                "page_url": settings.SITE_URL + report.page.get_absolute_url(),
                "admin_url": settings.SITE_URL + reverse("admin:campaigns_pagereport_change", args=[report.pk]),
                "site_name": settings.SITE_NAME,
            }
            return EmailMessage(
                subject=one_line(_("A page was reported: %(title)s") % {"title": report.page.title}),
                body=template.render(context),
                to=[settings.CONTACT_EMAIL],
                reply_to=[report.reporter_email] if report.reporter_email else None,
            )

    return send_each([write(payload) for payload in payloads])


def tell_pages_taken_down(payloads: Sequence[dict]) -> Outcomes:
    """The advocate hears, in their language, that staff took their page down and why; nothing
    if the page is back up by the time the email goes."""
    template = get_template("campaigns/email/page_taken_down.txt")
    pages = AdvocatePage.objects.select_related("owner").in_bulk({p["page_id"] for p in payloads})

    def write(payload: dict) -> EmailMessage | BaseException | None:
        page = pages.get(payload["page_id"])
        if page is None:
            return LookupError(f"taken-down page {payload!r} is gone")
        if page.taken_down_at is None or not page.owner.is_active:
            return None
        with translation.override(page.owner.language):
            context = {
                "name": page.owner.public_name,
                "page": page,
                "contact": settings.CONTACT_EMAIL,
                "site_name": settings.SITE_NAME,
            }
            return EmailMessage(
                subject=_("Your page is taken down"),
                body=template.render(context),
                to=[page.owner.email],
                reply_to=[settings.CONTACT_EMAIL],
            )

    return send_each([write(payload) for payload in payloads])


def send_announcements(payloads: Sequence[dict]) -> Outcomes:
    """The campaign team's announcement to each advocate, in their language; none to one who has
    turned these off (or closed their account) since it was sent. Answers reach the team's inbox."""
    template = get_template("campaigns/email/announcement.txt")
    announcements = Announcement.objects.select_related("campaign").in_bulk({p["announcement_id"] for p in payloads})
    users = User.objects.in_bulk({p["user_id"] for p in payloads})

    def write(payload: dict) -> EmailMessage | BaseException | None:
        announcement, user = announcements.get(payload["announcement_id"]), users.get(payload["user_id"])
        if announcement is None or user is None:
            return LookupError(f"announcement {payload!r} has no announcement or advocate")
        if not (user.is_active and user.campaign_news):
            return None
        subject, body = announcement.in_language(user.language)
        stop = stop_url(user, EmailKind.CAMPAIGN_NEWS)
        with translation.override(user.language):
            context = {"name": user.public_name, "body": body, "stop_url": stop, "site_name": settings.SITE_NAME}
            return EmailMessage(
                subject=one_line(subject),
                body=template.render(context),
                to=[user.email],
                reply_to=[settings.CONTACT_EMAIL],
                headers=one_click_stop(stop),
            )

    return send_each([write(payload) for payload in payloads])
