"""Everything that changes a story, a comment or a subscription goes through these functions.

Each action owns its transaction and queues its emails in it (``jfa.core.tasks.enqueue``):
they go out only after it commits, so a rolled-back comment never notifies anyone. Row locks are
taken on the one row being changed (a comment, or a post when a comment is added to it); no
action locks two rows of the same kind.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jfa.core.mail import one_click_stop, one_line
from jfa.core.tasks import enqueue
from jfa.partners.models import Partner

from . import limits
from .models import (
    COMMENT_MAX_CHARS,
    ApprovedCommenter,
    Comment,
    CommentReport,
    Post,
    Subscription,
    Tag,
)

if TYPE_CHECKING:
    from jfa.accounts.models import User

UNSUBSCRIBE_SALT = "jfa.stories.unsubscribe"
CONFIRM_SALT = "jfa.stories.follow-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
# This many readers reporting an approved comment send it back to the moderation queue.
REPORTS_TO_HIDE = 3
SPOTLIGHT_HOUR = 9


class StoryError(Exception):
    """A refusal to show the person who asked, with the HTTP status that fits it."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(StoryError):
    status = 403


class TooFast(StoryError):
    status = 429


class BadLink(StoryError):
    status = 400


@dataclass(frozen=True)
class Commenter:
    """Who is acting: a signed-in user, or a guest known by name, email and this browser's session."""

    user: User | None = None
    name: str = ""
    email: str = ""
    ip_hash: str = ""
    # Guests own the comments posted from their browser session (ids kept in the session).
    owned_comment_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def key(self) -> str:
        if self.user is not None:
            return f"user:{self.user.pk}"
        return f"email:{self.email.strip().lower()}"

    def owns(self, comment: Comment) -> bool:
        if comment.user_id is not None:
            return self.user is not None and self.user.pk == comment.user_id
        return comment.pk in self.owned_comment_ids


# --- posts -----------------------------------------------------------------------------------


def publish_post(*, post_id: int, at: datetime.datetime | None = None, now: datetime.datetime | None = None) -> Post:
    """Publish now, or schedule for ``at``; the post then appears at that time by itself."""
    now = now or timezone.now()
    at = at or now
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post_id)
        post.publish_at = at
        post.status = Post.Status.PUBLISHED if at <= now else Post.Status.SCHEDULED
        post.clean()
        post.save(update_fields=["publish_at", "status", "updated_at"])
    return post


def december_fridays(year: int) -> list[datetime.date]:
    days = (datetime.date(year, 12, day) for day in range(1, 32))
    return [day for day in days if day.weekday() == 4]  # Monday is 0, Friday 4


def spotlight_moment(friday: datetime.date, hour: int = SPOTLIGHT_HOUR) -> datetime.datetime:
    """When a Friday's spotlight goes out: ``hour`` o'clock, campaign time."""
    return datetime.datetime.combine(friday, datetime.time(hour), tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class SpotlightText:
    title: str
    body: str
    summary: str = ""
    tags: tuple[str, ...] = ()  # names as readers see them ("IJM", "Justice systems"); addresses follow
    # The French version: used when it has both a title and a body, as on the post.
    title_fr: str = ""
    body_fr: str = ""
    summary_fr: str = ""
    tag_names_fr: Mapping[str, str] = field(default_factory=dict)  # English tag name -> French


# Every spotlight carries this tag; tag names are data (staff rename them), hence not in the catalogue.
SPOTLIGHT_TAG = ("Spotlight", "À l’honneur")


def _default_spotlight(partner: Partner) -> SpotlightText:
    """A spotlight made of the partner's own profile, in both languages when the profile has both."""
    titles = {}
    for language in ("en", "fr"):
        with translation.override(language):
            titles[language] = _("Friday spotlight: %(partner)s") % {"partner": partner.name}
    body_fr = partner.summary_fr or ("" if partner.summary else partner.name)
    return SpotlightText(
        title=titles["en"],
        body=partner.summary or partner.name,
        title_fr=titles["fr"] if body_fr else "",
        body_fr=body_fr,
    )


def schedule_fridays(
    *,
    year: int,
    partners: Sequence[Partner | None],
    author: User,
    texts: Mapping[str, SpotlightText] | None = None,
    hour: int = SPOTLIGHT_HOUR,
    now: datetime.datetime | None = None,
) -> list[Post]:
    """Lay out one partner spotlight per Friday of December ``year``, in the order given (``None``
    leaves that Friday without one).

    Each post goes out at ``hour`` o'clock campaign time on its Friday: published if that moment is
    already past, scheduled otherwise. A Friday that already has a spotlight keeps it untouched, so
    laying out the month again changes nothing. ``texts`` maps a partner slug to its prose.
    """
    now = now or timezone.now()
    fridays = december_fridays(year)
    if len(partners) > len(fridays):
        raise ValueError(f"December {year} has {len(fridays)} Fridays, not enough for {len(partners)} partners")
    texts = texts or {}
    posts = []
    with transaction.atomic():
        # Two members of staff planning at once take turns: the second sees the first's Fridays
        # as planned instead of adding a second spotlight to them. The partner rows are few.
        list(Partner.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        for friday, partner in zip(fridays, partners, strict=False):
            if partner is None:
                continue
            planned = Post.objects.spotlights_on(friday).order_by("pk").first()
            if planned is not None:
                posts.append(planned)
                continue
            publish_at = spotlight_moment(friday, hour)
            text = texts.get(partner.slug) or _default_spotlight(partner)
            post, created = Post.objects.get_or_create(
                slug=f"spotlight-{friday.isoformat()}-{partner.slug}"[:200],
                defaults={
                    "title": text.title,
                    "summary": text.summary,
                    "body": text.body,
                    # Whole or not at all (the post's rule): a title without a body stays English.
                    "title_fr": text.title_fr if text.body_fr else "",
                    "summary_fr": text.summary_fr if text.title_fr and text.body_fr else "",
                    "body_fr": text.body_fr if text.title_fr else "",
                    "author": author,
                    "partner": partner,
                    "publish_at": publish_at,
                    "status": Post.Status.PUBLISHED if publish_at <= now else Post.Status.SCHEDULED,
                },
            )
            if created:
                names_fr = {SPOTLIGHT_TAG[0]: SPOTLIGHT_TAG[1], **text.tag_names_fr}
                tags = [
                    Tag.objects.get_or_create(
                        slug=slugify(name), defaults={"name": name, "name_fr": names_fr.get(name, "")}
                    )[0]
                    for name in (SPOTLIGHT_TAG[0], *text.tags)
                ]
                post.tags.add(*tags)
            posts.append(post)
    return posts


# --- comments --------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise StoryError(_("Write a comment before posting."), field="body")
    if len(body) > COMMENT_MAX_CHARS:
        raise StoryError(
            _("Comments can be at most %(max)d characters long (this one has %(length)d).")
            % {"max": COMMENT_MAX_CHARS, "length": len(body)},
            field="body",
        )
    return body


def post_comment(
    *,
    post_id: int,
    commenter: Commenter,
    body: str,
    parent_id: int | None = None,
    follow: bool = False,
    language: str = settings.LANGUAGE_CODE,
    now: datetime.datetime | None = None,
) -> Comment:
    """Add a comment. It is approved at once for staff and approved commenters, pending otherwise."""
    now = now or timezone.now()
    body = _clean_body(body)
    if commenter.user is None and not (commenter.name.strip() and commenter.email.strip()):
        raise StoryError(_("Give your name and email address, or sign in."))
    who = commenter.ip_hash or commenter.key
    if not limits.hit("comment", who, limits.comment_limits(), now=now.timestamp()):
        raise TooFast(_("You are commenting too quickly. Please wait a minute and try again."))

    with transaction.atomic():
        # The post's row lock makes closing comments and a last comment arriving take turns.
        post = Post.objects.select_for_update().filter(pk=post_id).first()
        if post is None or not post.is_visible(now):
            raise StoryError(_("This story is not published, so it cannot take comments."))
        if not post.comments_open:
            raise StoryError(_("Comments are closed on this story."))
        parent = None
        if parent_id is not None:
            parent = (
                Comment.objects.filter(pk=parent_id, post=post, status=Comment.Status.APPROVED, deleted_at__isnull=True)
                .select_related("parent")
                .first()
            )
            if parent is None:
                raise StoryError(_("The comment you are replying to is not available."))
            # Threads are one level deep: a reply to a reply joins its thread.
            parent = parent.parent or parent
        trusted = bool(commenter.user is not None and commenter.user.is_staff)
        trusted = trusted or ApprovedCommenter.objects.filter(commenter_key=commenter.key).exists()
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            user=commenter.user,
            guest_name="" if commenter.user else commenter.name.strip()[:80],
            guest_email="" if commenter.user else commenter.email.strip().lower(),
            body=body,
            language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
            status=Comment.Status.APPROVED if trusted else Comment.Status.PENDING,
            created_at=now,
            ip_hash=commenter.ip_hash,
        )
        if follow:
            _subscribe(
                post=post,
                email=comment.notify_email,
                confirmed=commenter.user is not None,
                language=language,
                now=now,
            )
        if comment.status == Comment.Status.APPROVED:
            enqueue("stories.notify_followers", comment_id=comment.pk)
    return comment


def edit_comment(*, comment_id: int, commenter: Commenter, body: str, now: datetime.datetime | None = None) -> Comment:
    """Change one's own comment within ten minutes of posting it."""
    now = now or timezone.now()
    body = _clean_body(body)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
        if comment is None or not commenter.owns(comment) or comment.is_deleted:
            raise NotAllowed(_("You can only edit your own comments."))
        if now > comment.editable_until():
            raise NotAllowed(_("Comments can be edited for 10 minutes after posting; that time is over."))
        comment.body = body
        comment.edited_at = now
        comment.save(update_fields=["body", "edited_at"])
    return comment


def delete_comment(*, comment_id: int, commenter: Commenter, now: datetime.datetime | None = None) -> Comment:
    """Remove one's own comment. Its words are erased; a placeholder keeps any replies in context."""
    now = now or timezone.now()
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
        if comment is None or not commenter.owns(comment):
            raise NotAllowed(_("You can only delete your own comments."))
        if not comment.is_deleted:
            comment.body = ""
            comment.deleted_at = now
            comment.save(update_fields=["body", "deleted_at"])
    return comment


def forget_commenter(*, user: User, emails: Sequence[str], now: datetime.datetime) -> None:
    """Erase what ``user`` wrote on stories, inside the caller's transaction (closing the account):
    each comment's words go, as when its author deletes it, and so do the follows of their addresses."""
    Comment.objects.filter(user=user, deleted_at__isnull=True).update(body="", deleted_at=now)
    Comment.objects.filter(user=user).exclude(body="").update(body="")
    ApprovedCommenter.objects.filter(commenter_key=f"user:{user.pk}").delete()
    Subscription.objects.filter(email__in=[email.lower() for email in emails]).delete()


def moderate_comment(
    *, comment_id: int, moderator: User, decision: str, now: datetime.datetime | None = None
) -> Comment:
    """Approve, reject or mark as spam. Approving also trusts the commenter from now on."""
    now = now or timezone.now()
    if not moderator.is_staff:
        raise NotAllowed(_("Only staff can moderate comments."))
    allowed = {Comment.Status.APPROVED, Comment.Status.REJECTED, Comment.Status.SPAM}
    if decision not in allowed:
        raise StoryError(_("Choose approve, reject or spam."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
        if comment is None:
            raise StoryError(_("That comment no longer exists."))
        was_approved = comment.status == Comment.Status.APPROVED
        comment.status = decision
        comment.moderated_at = now
        comment.moderated_by = moderator
        comment.save(update_fields=["status", "moderated_at", "moderated_by"])
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        if decision == Comment.Status.APPROVED:
            ApprovedCommenter.objects.get_or_create(
                commenter_key=comment.commenter_key, defaults={"approved_by": moderator, "approved_at": now}
            )
            if not was_approved and not comment.is_deleted:
                enqueue("stories.notify_followers", comment_id=comment.pk)
        elif decision == Comment.Status.SPAM:
            ApprovedCommenter.objects.filter(commenter_key=comment.commenter_key).delete()
    return comment


def report_comment(
    *,
    comment_id: int,
    reporter_key: str,
    reporter: User | None = None,
    reason: str = CommentReport.Reason.OTHER,
    now: datetime.datetime | None = None,
) -> bool:
    """Flag a comment for the moderators. Returns False when this reader had already reported it."""
    now = now or timezone.now()
    if reason not in CommentReport.Reason.values:
        raise StoryError(_("Choose a reason for the report."), field="reason")
    if not limits.hit("report", reporter_key, limits.report_limits(), now=now.timestamp()):
        raise TooFast(_("You have sent many reports; please try again later."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id, status=Comment.Status.APPROVED).first()
        if comment is None:
            raise StoryError(_("That comment is not available."))
        try:
            with transaction.atomic():
                CommentReport.objects.create(
                    comment=comment, reporter=reporter, reporter_key=reporter_key, reason=reason, created_at=now
                )
        except IntegrityError:
            return False
        if comment.reports.filter(resolved_at__isnull=True).count() >= REPORTS_TO_HIDE:
            comment.status = Comment.Status.PENDING
            comment.save(update_fields=["status"])
    return True


# --- following by email ----------------------------------------------------------------------


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT)


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT)


def _subscribe(*, post: Post, email: str, confirmed: bool, language: str, now: datetime.datetime) -> Subscription:
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    subscription, created = Subscription.objects.get_or_create(
        post=post,
        email=email.strip().lower(),
        defaults={"created_at": now, "confirmed_at": now if confirmed else None, "language": language},
    )
    changed = []
    if subscription.language != language:
        # Following again from the other language's page: replies come in the one last chosen.
        subscription.language = language
        changed.append("language")
    if subscription.confirmed_at is None and confirmed:
        subscription.confirmed_at = now
        changed.append("confirmed_at")
    if changed:
        subscription.save(update_fields=changed)
    if created and not confirmed:
        # Only a new subscription mails a confirmation, so nobody can flood an inbox through us.
        enqueue("stories.send_confirmation", subscription_id=subscription.pk)
    return subscription


def subscribe(
    *,
    post_id: int,
    email: str,
    confirmed: bool = False,
    language: str = settings.LANGUAGE_CODE,
    now: datetime.datetime | None = None,
) -> Subscription:
    """Follow a post's replies. ``confirmed`` only for an address we already know belongs to the person."""
    now = now or timezone.now()
    with transaction.atomic():
        post = Post.objects.filter(pk=post_id).first()
        if post is None or not post.is_visible(now):
            raise StoryError(_("This story is not published."))
        return _subscribe(post=post, email=email, confirmed=confirmed, language=language, now=now)


def _load_token(token: str, *, salt: str, max_age: int | None = None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(_("This link has expired.")) from None
    except signing.BadSignature:
        raise BadLink(_("This link is not valid. Nothing was changed.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("e"), str):
        raise BadLink(_("This link is not valid. Nothing was changed."))
    return data


def confirm_subscription(*, token: str, now: datetime.datetime | None = None) -> Subscription:
    now = now or timezone.now()
    data = _load_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=data["s"], email=data["e"]).first()
        if subscription is None:
            raise BadLink(_("This subscription no longer exists."))
        if subscription.confirmed_at is None:
            subscription.confirmed_at = now
            subscription.save(update_fields=["confirmed_at"])
    return subscription


def check_unsubscribe_token(*, token: str) -> None:
    """Raise BadLink for a forged or damaged link, before showing the unsubscribe button."""
    _load_token(token, salt=UNSUBSCRIBE_SALT)


def unsubscribe(*, token: str) -> Post | None:
    """Stop following. Returns the post that was followed, or None if it was already stopped."""
    data = _load_token(token, salt=UNSUBSCRIBE_SALT)
    with transaction.atomic():
        subscription = Subscription.objects.select_related("post").filter(pk=data["s"], email=data["e"]).first()
        if subscription is None:
            return None
        post = subscription.post
        subscription.delete()
    return post


# --- email (always sent after commit) --------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_confirmation(*, subscription_id: int) -> None:
    subscription = Subscription.objects.select_related("post").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at is not None:
        return
    context = {
        "post": subscription.post,
        "post_url": _absolute(subscription.post.get_absolute_url()),
        "confirm_url": _absolute(reverse("stories:confirm_follow", args=[confirm_token(subscription)])),
    }
    with translation.override(subscription.language):
        EmailMessage(
            subject=_("Confirm you want replies to “%(title)s”") % {"title": one_line(subscription.post.text.title)},
            body=render_to_string("stories/email/confirm_follow.txt", context),
            to=[subscription.email],
        ).send()


def notify_followers(*, comment_id: int) -> int:
    """Email each confirmed follower of the post about a newly visible comment. Returns the count sent."""
    comment = Comment.objects.select_related("post", "user").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.APPROVED or comment.is_deleted:
        return 0
    sent = 0
    followers = comment.post.subscriptions.filter(confirmed_at__isnull=False).exclude(
        email=comment.notify_email.lower()
    )
    post_url = _absolute(comment.post.get_absolute_url())
    for subscription in followers:
        unsubscribe_url = _absolute(reverse("stories:unsubscribe", args=[unsubscribe_token(subscription)]))
        context = {
            "comment": comment,
            "post": comment.post,
            "comment_url": f"{post_url}#comment-{comment.pk}",
            "unsubscribe_url": unsubscribe_url,
        }
        with translation.override(subscription.language):
            message = EmailMessage(
                subject=_("New reply on “%(title)s”") % {"title": one_line(comment.post.text.title)},
                body=render_to_string("stories/email/new_comment.txt", context),
                to=[subscription.email],
                headers=one_click_stop(unsubscribe_url),
            )
        message.send()
        sent += 1
    return sent
