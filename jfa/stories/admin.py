from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jfa.accounts.models import User
from jfa.core.admin import moment_column
from jfa.core.images import clean_photo

from . import actions, queries
from .forms import FridayPlanForm
from .models import ApprovedCommenter, Comment, CommentReport, Post, Subscription, Tag

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "slug"]
    search_fields = ["name", "name_fr"]
    prepopulated_fields = {"slug": ["name"]}


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "title", "slug", "summary", "body", "tags", "partner", "author", "cover_image", "cover_alt",
            "title_fr", "summary_fr", "body_fr", "cover_alt_fr", "status", "publish_at", "comments_open",
        ]  # fmt: skip

    def clean_cover_image(self):  # type: ignore[no-untyped-def]
        # A new cover is redrawn like every advocate's photo: no camera data (such as where it was
        # taken) reaches the public, and the size we serve is capped.
        cover = self.cleaned_data.get("cover_image")
        return clean_photo(cover) if isinstance(cover, UploadedFile) else cover


def _plan_year(value: str | None, *, default: int) -> int:
    """The December to plan: the one asked for when it reads as a year near ours, else this year's."""
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if abs(year - default) <= 5 else default


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostForm
    # Short headings and dates, so the title keeps the width of the list.
    list_display = ["title", "status", "publishes", "partner", "author", "comments"]
    publishes = moment_column("publish_at", _("publication"))
    list_filter = ["status", "comments_open", "tags", "partner", "publish_at"]
    search_fields = ["title", "summary", "body", "slug", "title_fr", "summary_fr", "body_fr"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    raw_id_fields = ["author"]
    date_hierarchy = "publish_at"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "tags", "partner", "author"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_alt"]}),
        (
            _("In French"),
            {
                "fields": ["title_fr", "summary_fr", "body_fr", "cover_alt_fr"],
                "description": _(
                    "Readers of the French site see this version when it has a title and a body; the English "
                    "one otherwise."
                ),
            },
        ),
        (_("Publication"), {"fields": ["status", "publish_at", "comments_open", "created_at", "updated_at"]}),
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def index_links(self, request: HttpRequest) -> list[tuple[str, str]]:
        """From November, the Fridays of this December still without a spotlight, leading to
        the page that plans them."""
        today = timezone.localdate()
        if today.month < 11 or not self.has_add_permission(request):
            return []
        count = len(queries.open_fridays(today.year))
        if not count:
            return []
        label = ngettext(
            "%(n)d Friday of December %(year)d without a spotlight",
            "%(n)d Fridays of December %(year)d without a spotlight",
            count,
        ) % {"n": count, "year": today.year}
        return [(label, reverse("admin:stories_post_plan_fridays"))]

    def get_urls(self):  # type: ignore[no-untyped-def]
        view = self.admin_site.admin_view(self.plan_fridays_view)
        return [path("plan-fridays/", view, name="stories_post_plan_fridays"), *super().get_urls()]

    def plan_fridays_view(self, request: HttpRequest) -> HttpResponse:
        """Staff choose a partner for each Friday of a December; each choice becomes a spotlight,
        scheduled for 9:00 that Friday, written from the partner's profile for staff to edit."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        now = timezone.now()
        year = _plan_year(request.GET.get("year"), default=timezone.localdate(now).year)
        form = FridayPlanForm(request.POST or None, year=year, now=now)
        if request.method == "POST" and form.is_valid():
            posts = actions.schedule_fridays(year=year, partners=form.plan(), author=cast(User, request.user), now=now)
            messages.success(
                request,
                ngettext(
                    "%(n)d spotlight planned. It goes out at 9:00 on its Friday: write its story before then.",
                    "%(n)d spotlights planned. Each goes out at 9:00 on its Friday: write their stories before then.",
                    len(posts),
                )
                % {"n": len(posts)},
            )
            return redirect(f"{reverse('admin:stories_post_changelist')}?status__exact=scheduled")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Plan the Friday spotlights of December %(year)d") % {"year": year},
            "year": year,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/stories/post/plan_fridays.html", context)

    @admin.display(description=_("comments"), boolean=True, ordering="comments_open")
    def comments(self, post: Post) -> bool:
        return post.comments_open


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    readonly_fields = ("reason", "reporter_key", "created_at", "resolved_at")
    fields = readonly_fields
    can_delete = False


def _moderate(decision: str, label: StrOrPromise) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Comment]], None]:
    @admin.action(description=label)
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        # Through the action, so approving here also trusts the commenter and notifies followers.
        for pk in queryset.values_list("pk", flat=True):
            # The back office lets in signed-in staff alone.
            actions.moderate_comment(comment_id=pk, moderator=cast(User, request.user), decision=decision)
        modeladmin.message_user(
            request, _("%(count)d comments updated.") % {"count": queryset.count()}, messages.SUCCESS
        )

    action.__name__ = f"mark_{decision}"
    return action


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "post", "status", "created_at", "edited_at", "deleted_at"]
    list_filter = ["status", "created_at", "post"]
    search_fields = ["body", "guest_name", "guest_email", "user__email", "post__title"]
    raw_id_fields = ["post", "parent", "user", "moderated_by"]
    readonly_fields = ["ip_hash", "created_at", "edited_at", "deleted_at", "moderated_at", "moderated_by"]
    inlines = [CommentReportInline]
    actions = [
        _moderate(Comment.Status.APPROVED, _("Approve selected comments")),
        _moderate(Comment.Status.REJECTED, _("Reject selected comments")),
        _moderate(Comment.Status.SPAM, _("Mark selected comments as spam")),
    ]

    def index_links(self, request: HttpRequest) -> list[tuple[str, str]]:
        """Comments waiting for a moderator or reported by readers, first thing on the admin's home
        page, leading to the moderation queue (which shows both)."""
        count = Comment.objects.awaiting_moderation().count() + len(queries.reported_comments())
        if not count:
            return []
        label = ngettext("%(n)d comment to moderate", "%(n)d comments to moderate", count) % {"n": count}
        return [(label, reverse("stories:moderation"))]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reason", "created_at", "resolved_at"]
    list_filter = ["reason", "resolved_at"]
    raw_id_fields = ["comment", "reporter"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "post", "language", "created_at", "confirmed_at"]
    list_filter = ["language"]
    search_fields = ["email", "post__title"]
    raw_id_fields = ["post"]


@admin.register(ApprovedCommenter)
class ApprovedCommenterAdmin(admin.ModelAdmin):
    list_display = ["commenter_key", "approved_at", "approved_by"]
    search_fields = ["commenter_key"]
    raw_id_fields = ["approved_by"]
