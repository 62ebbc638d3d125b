from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jfa.core.text import localized

from .markup import plain_text, render_post_body

# Paths under /stories/ that a post slug must not shadow.
RESERVED_SLUGS = frozenset({"feed", "tag", "moderation", "comments", "follow", "unsubscribe", "page"})
COMMENT_MAX_CHARS = 3000
EDIT_WINDOW = datetime.timedelta(minutes=10)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stories:tag", args=[self.slug])

    @property
    def shown_name(self) -> str:
        return localized(self.name, self.name_fr)


@dataclass(frozen=True)
class PostText:
    """What readers of one language see of a post: its French version on French pages when staff
    wrote one, the English otherwise. ``language`` is the text's own, for the ``lang`` attribute
    a screen reader needs to read an English story on a French page with English sounds."""

    language: str
    title: str
    summary: str
    body: str
    cover_alt: str

    @property
    def body_html(self) -> str:
        return render_post_body(self.body)

    def excerpt(self, limit: int = 280) -> str:
        return self.summary or plain_text(self.body, limit=limit)


class PostQuerySet(models.QuerySet["Post"]):
    def visible(self, now: datetime.datetime | None = None) -> PostQuerySet:
        """Posts readers can see at ``now``.

        Visibility is computed from ``publish_at`` on every read instead of flipped by a job, so a
        scheduled post appears on time with nobody pressing a button and nothing to fail overnight.
        """
        now = now or timezone.now()
        return self.filter(status__in=[Post.Status.SCHEDULED, Post.Status.PUBLISHED], publish_at__lte=now)

    def newest_first(self) -> PostQuerySet:
        return self.order_by("-publish_at", "-pk")

    def spotlights_on(self, day: datetime.date) -> PostQuerySet:
        """Posts putting a partner in the spotlight on ``day`` (campaign time): the scheduler's, by
        their address, and any staff wrote by hand for a partner that day, in whatever state."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
        return self.filter(
            Q(slug__startswith=f"spotlight-{day.isoformat()}-")
            | Q(partner__isnull=False, publish_at__gte=start, publish_at__lt=start + datetime.timedelta(days=1))
        )


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for the index, feed and link previews."),
    )
    body = models.TextField(_("body"), help_text=_("Markdown. Raw HTML and scripts are removed."))
    cover_image = models.ImageField(_("cover image"), upload_to="stories/covers/", blank=True)
    cover_alt = models.CharField(
        _("cover image description"), max_length=250, blank=True, help_text=_("Required when there is a cover image.")
    )
    # The French version is whole or absent: a French title over an English body (or the reverse)
    # would leave a reader in the middle of two languages.
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    summary_fr = models.CharField(_("summary in French"), max_length=300, blank=True)
    body_fr = models.TextField(_("body in French"), blank=True, help_text=_("Markdown, as the English body."))
    cover_alt_fr = models.CharField(_("cover image description in French"), max_length=250, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="story_posts", verbose_name=_("author")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spotlights",
        verbose_name=_("partner in the spotlight"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt=""), name="stories_post_cover_has_alt_text"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False), name="stories_post_scheduled_has_time"
            ),
            models.CheckConstraint(
                condition=Q(title_fr="", body_fr="") | (~Q(title_fr="") & ~Q(body_fr="")),
                name="stories_post_french_title_and_body",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:post", args=[self.slug])

    def clean(self) -> None:
        errors = {}
        if self.cover_image and not self.cover_alt.strip():
            errors["cover_alt"] = _("Describe the cover image for people who cannot see it.")
        if self.status != self.Status.DRAFT and not self.publish_at:
            errors["publish_at"] = _("Scheduled and published posts need a publication time.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is reserved; choose another slug.")
        has_title_fr, has_body_fr = bool(self.title_fr.strip()), bool(self.body_fr.strip())
        if has_title_fr and not has_body_fr:
            errors["body_fr"] = _("Write the French body too, or leave the French title empty.")
        elif has_body_fr and not has_title_fr:
            errors["title_fr"] = _("Write the French title too, or leave the French body empty.")
        elif has_title_fr and self.cover_image and not self.cover_alt_fr.strip():
            errors["cover_alt_fr"] = _("Describe the cover image in French too.")
        if errors:
            raise ValidationError(errors)

    def is_visible(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status != self.Status.DRAFT and self.publish_at is not None and self.publish_at <= now

    @property
    def has_french(self) -> bool:
        return bool(self.title_fr and self.body_fr)

    def in_language(self, language: str) -> PostText:
        if language.startswith("fr") and self.has_french:
            return PostText("fr", self.title_fr, self.summary_fr, self.body_fr, self.cover_alt_fr or self.cover_alt)
        return PostText("en", self.title, self.summary, self.body, self.cover_alt)

    @property
    def text(self) -> PostText:
        """The post in the active language (the page's, or an email's recipient's)."""
        return self.in_language(get_language() or settings.LANGUAGE_CODE)


class CommentQuerySet(models.QuerySet["Comment"]):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def awaiting_moderation(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING, deleted_at__isnull=True)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post"))
    # One level deep: a reply's parent is always a top-level comment (enforced by post_comment).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="story_comments",
        verbose_name=_("user"),
    )
    guest_name = models.CharField(_("name"), max_length=80, blank=True)
    # Never shown to readers: used only to recognise a returning guest and to send follow emails.
    guest_email = models.EmailField(_("email"), blank=True)
    body = models.TextField(_("comment"))
    # The language of the page it was written on: on a page in the other language, the comment is
    # marked with it, so screen readers read it with the right sounds.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en", db_default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    # A keyed hash of the sender's IP address: enough to spot a flood, not enough to recover the address.
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_name="") & Q(guest_email=""))
                | (Q(user__isnull=True) & ~Q(guest_name="") & ~Q(guest_email="")),
                name="stories_comment_user_or_guest",
            ),
        ]
        indexes = [models.Index(fields=["post", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"

    @property
    def author_name(self) -> str:
        if self.user is not None:
            return self.user.public_name
        return self.guest_name

    @property
    def commenter_key(self) -> str:
        """Who wrote it, for the approved-commenter list: an account, or a guest's email address."""
        if self.user_id:
            return f"user:{self.user_id}"
        return f"email:{self.guest_email.strip().lower()}"

    @property
    def notify_email(self) -> str:
        return self.user.email if self.user is not None else self.guest_email

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def editable_until(self) -> datetime.datetime:
        return self.created_at + EDIT_WINDOW


class CommentReport(models.Model):
    """A reader's flag on a comment. One per reader per comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive or hateful")
        PRIVACY = "privacy", _("Shares someone's private information")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporter"),
    )
    # "user:<id>" or "ip:<hash>", so one reader cannot stack reports to hide a comment alone.
    reporter_key = models.CharField(max_length=80, verbose_name=_("reporter key"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, default=Reason.OTHER)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter_key"], name="stories_one_report_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.comment_id}"


class ApprovedCommenter(models.Model):
    """Someone a moderator has approved once: their later comments appear at once."""

    commenter_key = models.CharField(_("commenter"), max_length=270, unique=True)
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("approved commenter")
        verbose_name_plural = _("approved commenters")

    def __str__(self) -> str:
        return self.commenter_key


class Subscription(models.Model):
    """An email address following the replies on one post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("post"))
    email = models.EmailField(_("email"))
    # The language of the page they followed from: what the reply emails are written in.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Guests confirm by a signed link first, so nobody can sign a stranger up for our emails.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["post", "email"], name="stories_one_subscription_per_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.post_id}"
