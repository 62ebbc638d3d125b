"""Reads for stories: every fetch that decides what a reader may see goes through here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from jfa.ledger.queries import PartnerFigures, partner_figures

from .actions import Commenter, december_fridays, spotlight_moment
from .models import Comment, CommentReport, Post, PostQuerySet, Tag

if TYPE_CHECKING:
    from jfa.accounts.models import User
    from jfa.partners.models import Partner


def next_scheduled(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the next scheduled post goes out, if one is scheduled (what an empty page can promise)."""
    now = now or timezone.now()
    upcoming = Post.objects.filter(status=Post.Status.SCHEDULED, publish_at__gt=now).order_by("publish_at")
    return upcoming.values_list("publish_at", flat=True).first()


def visible_posts(now: datetime.datetime | None = None) -> PostQuerySet:
    return (
        Post.objects.visible(now)
        .newest_first()
        .select_related("author", "partner")
        .prefetch_related("tags")
        .annotate(comment_count=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED)))
    )


@dataclass(frozen=True)
class FridaySlot:
    """One Friday of a December as the planner sees it: its spotlight if it has one, and whether
    its time to go out has passed."""

    day: datetime.date
    planned: Post | None
    passed: bool

    @property
    def is_open(self) -> bool:
        return self.planned is None and not self.passed


def december_plan(year: int, now: datetime.datetime | None = None) -> list[FridaySlot]:
    now = now or timezone.now()
    return [
        FridaySlot(
            day=friday,
            planned=Post.objects.spotlights_on(friday).select_related("partner").order_by("pk").first(),
            passed=spotlight_moment(friday) <= now,
        )
        for friday in december_fridays(year)
    ]


def open_fridays(year: int, now: datetime.datetime | None = None) -> list[datetime.date]:
    """The Fridays of December ``year`` still to come that have no spotlight yet."""
    return [slot.day for slot in december_plan(year, now) if slot.is_open]


def latest_story(now: datetime.datetime | None = None) -> Post | None:
    """The newest story readers can see, for the campaign home's teaser."""
    return Post.objects.visible(now).newest_first().select_related("partner").first()


def access_tag(slug: str) -> Tag:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("no such tag")
    return tag


def access_post(slug: str, *, user: User | None, now: datetime.datetime | None = None) -> Post:
    """A post the reader may see. Staff also see drafts and scheduled posts, as a preview."""
    post = Post.objects.select_related("author", "partner").filter(slug=slug).first()
    if post is None:
        raise Http404("no such post")
    if not post.is_visible(now) and not (user is not None and user.is_staff):
        raise Http404("not published")
    return post


def _shown_to(viewer: Commenter) -> Q:
    shown = Q(status=Comment.Status.APPROVED)
    if viewer.user is not None:
        shown |= Q(user=viewer.user, status=Comment.Status.PENDING)
    if viewer.owned_comment_ids:
        shown |= Q(pk__in=viewer.owned_comment_ids, status=Comment.Status.PENDING)
    return shown


def comment_threads(post: Post, viewer: Commenter) -> list[Comment]:
    """Top-level comments with their replies in ``shown_replies``: approved ones, plus the viewer's own
    pending ones (so a first-time commenter sees theirs is waiting). A deleted comment stays only as a
    placeholder when replies hang from it."""
    shown = _shown_to(viewer)
    replies = Comment.objects.filter(shown, deleted_at__isnull=True).select_related("user")
    top = (
        post.comments.filter(shown, parent__isnull=True)
        .select_related("user")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="shown_replies"))
    )
    return [comment for comment in top if not comment.is_deleted or comment.shown_replies]


def access_own_comment(comment_id: int, viewer: Commenter) -> Comment:
    comment = Comment.objects.select_related("post").filter(pk=comment_id, deleted_at__isnull=True).first()
    if comment is None or not viewer.owns(comment):
        raise Http404("not your comment")
    return comment


def moderation_queue() -> list[Comment]:
    """Pending comments, oldest first, with how many readers reported each."""
    open_reports = Count("reports", filter=Q(reports__resolved_at__isnull=True))
    return list(
        Comment.objects.awaiting_moderation()
        .select_related("post", "user", "parent")
        .annotate(open_reports=open_reports)
        .order_by("created_at")
    )


def reported_comments() -> list[Comment]:
    """Approved comments that readers reported and nobody has looked at yet."""
    unresolved = CommentReport.objects.filter(resolved_at__isnull=True).values("comment_id")
    return list(
        Comment.objects.filter(pk__in=unresolved, status=Comment.Status.APPROVED)
        .select_related("post", "user")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("-open_reports", "created_at")
    )


def spotlight_figures(partner: Partner) -> PartnerFigures:
    """The campaign's live figures for a partner, straight from the ledger."""
    return partner_figures(partner)
