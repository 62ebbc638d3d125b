from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from jfa.accounts.models import User
from jfa.core.http import post_only

from . import actions, queries
from .actions import Commenter, StoryError
from .forms import CommentForm, EditCommentForm, FollowForm, GuestCommentForm, ReportForm
from .limits import client_ip, follow_limits, hash_ip, hit
from .models import Comment, Post
from .social import COMMENT_PROVIDERS

POSTS_PER_PAGE = 10
# Guests own the comments posted from their browser: the ids live in their session.
OWNED_COMMENTS_SESSION_KEY = "stories_comment_ids"
GUEST_SESSION_KEY = "stories_guest"


def viewer(request: HttpRequest, *, name: str = "", email: str = "") -> Commenter:
    owned = frozenset(int(pk) for pk in request.session.get(OWNED_COMMENTS_SESSION_KEY, []) if str(pk).isdigit())
    return Commenter(
        user=request.user if request.user.is_authenticated else None,
        name=name,
        email=email,
        ip_hash=hash_ip(client_ip(request)),
        owned_comment_ids=owned,
    )


def _reader(request: HttpRequest) -> User | None:
    """The signed-in reader, or None for a guest: actions take our users, not Django's anonymous one."""
    return request.user if isinstance(request.user, User) else None


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _page(request: HttpRequest, posts: QuerySet[Post]) -> Page:
    return Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = _page(request, queries.visible_posts())
    # An empty list says when the first story comes, if one is scheduled.
    upcoming = queries.next_scheduled() if not page.object_list else None
    return render(request, "stories/index.html", {"page": page, "upcoming": upcoming})


@require_GET
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.access_tag(slug)
    posts = queries.visible_posts().filter(tags=found)
    return render(request, "stories/index.html", {"page": _page(request, posts), "tag": found})


def social_providers(request: HttpRequest) -> list:
    """Sign-in providers that have credentials, in our button order; the rest are not offered."""
    configured = {provider.id: provider for provider in get_social_adapter().list_providers(request)}
    return [configured[provider_id] for provider_id in COMMENT_PROVIDERS if provider_id in configured]


def _render_post(
    request: HttpRequest, post: Post, *, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    who = viewer(request)
    threads = queries.comment_threads(post, who)
    replying_to = None
    reply = request.GET.get("reply", "") if form is None else str(form.data.get("parent") or "")
    if reply.isdigit():
        replying_to = next((c for c in threads if c.pk == int(reply) and c.status == Comment.Status.APPROVED), None)
    if form is None:
        initial = {"parent": replying_to.pk if replying_to else None}
        if who.user is not None:
            form = CommentForm(initial=initial)
        else:
            form = GuestCommentForm(initial={**request.session.get(GUEST_SESSION_KEY, {}), **initial})
    figures = None
    if post.partner is not None:
        figures = queries.spotlight_figures(post.partner)
    context = {
        "post": post,
        "text": post.text,
        "threads": threads,
        "replying_to": replying_to,
        "form": form,
        "viewer": who,
        "providers": social_providers(request) if who.user is None else [],
        "figures": figures,
        "follow_form": FollowForm(),
        "report_form": ReportForm(),
        "is_preview": not post.is_visible(),
    }
    return render(request, "stories/post_detail.html", context, status=status)


# Where a visit to a form's address goes (see post_only): the page that form lives on.
def _story(request: HttpRequest, slug: str) -> str:
    return reverse("stories:post", args=[slug]) + "#comments"


def _comment_story(request: HttpRequest, comment_id: int) -> str:
    """The story a comment is under, when readers may see it (a draft's address stays unsaid)."""
    slug = Post.objects.visible().filter(comments__pk=comment_id).values_list("slug", flat=True).first()
    return reverse("stories:post", args=[slug]) + "#comments" if slug else reverse("stories:index")


def _moderation(request: HttpRequest, **_: object) -> str:
    return reverse("stories:moderation")


@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_post(request, queries.access_post(slug, user=_reader(request)))


@post_only(_story)
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    post = queries.access_post(slug, user=_reader(request))
    form: CommentForm = CommentForm(request.POST) if request.user.is_authenticated else GuestCommentForm(request.POST)
    if not form.is_valid():
        return _render_post(request, post, form=form, status=400)
    data = form.cleaned_data
    who = viewer(request, name=data.get("name", ""), email=data.get("email", ""))
    try:
        new = actions.post_comment(
            post_id=post.pk,
            commenter=who,
            body=data["body"],
            parent_id=data.get("parent"),
            follow=data["follow"],
            language=request.LANGUAGE_CODE,
        )
    except StoryError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _render_post(request, post, form=form, status=error.status)
    if who.user is None:
        request.session[OWNED_COMMENTS_SESSION_KEY] = [*sorted(who.owned_comment_ids), new.pk][-50:]
        request.session[GUEST_SESSION_KEY] = {"name": new.guest_name, "email": new.guest_email}
    if new.status == Comment.Status.APPROVED:
        messages.success(request, _("Your comment is posted."))
    else:
        messages.info(request, _("Thank you! Your comment is awaiting moderation and will appear once approved."))
    if data["follow"] and who.user is None:
        messages.info(request, _("We sent you an email to confirm that you want replies."))
    return redirect(f"{post.get_absolute_url()}#comment-{new.pk}")


@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    who = viewer(request)
    own = queries.access_own_comment(comment_id, who)
    form = EditCommentForm(request.POST or None, initial={"body": own.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.edit_comment(comment_id=own.pk, commenter=who, body=form.cleaned_data["body"])
            except StoryError as error:
                form.add_error("body" if error.field == "body" else None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your comment is updated."))
                return redirect(f"{own.post.get_absolute_url()}#comment-{own.pk}")
        else:
            status = 400
    return render(request, "stories/comment_edit.html", {"form": form, "comment": own}, status=status)


@post_only(_comment_story)
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    who = viewer(request)
    own = queries.access_own_comment(comment_id, who)
    actions.delete_comment(comment_id=own.pk, commenter=who)
    messages.success(request, _("Your comment is deleted."))
    return redirect(own.post.get_absolute_url() + "#comments")


@post_only(_comment_story)
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    form = ReportForm(request.POST)
    target = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if target is None or not form.is_valid():
        return render(request, "stories/message.html", {"message": _("That report could not be sent.")}, status=400)
    who = viewer(request)
    key = who.key if who.user is not None else f"ip:{who.ip_hash}"
    try:
        actions.report_comment(
            comment_id=target.pk, reporter_key=key, reporter=who.user, reason=form.cleaned_data["reason"]
        )
    except StoryError as error:
        return render(request, "stories/message.html", {"message": error.message}, status=error.status)
    messages.success(request, _("Thank you. A moderator will look at this comment."))
    return redirect(target.post.get_absolute_url() + "#comments")


@post_only(_story)
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    post = queries.access_post(slug, user=None)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "stories/message.html", {"message": _("Enter a valid email address.")}, status=400)
    email = form.cleaned_data["email"]
    # A signed-in person's own verified address needs no confirmation email.
    own_address = request.user.is_authenticated and request.user.email.lower() == email.lower()
    if not hit("follow", hash_ip(client_ip(request)), follow_limits()):
        return render(request, "stories/message.html", {"message": _("Please try again later.")}, status=429)
    try:
        actions.subscribe(post_id=post.pk, email=email, confirmed=own_address, language=request.LANGUAGE_CODE)
    except StoryError as error:
        return render(request, "stories/message.html", {"message": error.message}, status=error.status)
    if own_address:
        messages.success(request, _("You will get an email when someone replies."))
    else:
        messages.info(request, _("We sent you an email to confirm that you want replies."))
    return redirect(post.get_absolute_url())


@require_GET
def confirm_follow(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = actions.confirm_subscription(token=token)
    except StoryError as error:
        return render(request, "stories/message.html", {"message": error.message}, status=error.status)
    messages.success(request, _("Confirmed: you will get an email when someone replies."))
    return redirect(subscription.post.get_absolute_url())


# Mail clients send RFC 8058 one-click unsubscribes as a bare POST with no CSRF token; the signed
# token in the URL is the proof of who is asking.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        try:
            actions.check_unsubscribe_token(token=token)
        except StoryError as error:
            return render(request, "stories/message.html", {"message": error.message}, status=error.status)
        return render(request, "stories/unsubscribe.html", {"token": token})
    try:
        post = actions.unsubscribe(token=token)
    except StoryError as error:
        return render(request, "stories/message.html", {"message": error.message}, status=error.status)
    return render(request, "stories/unsubscribe.html", {"done": True, "post": post})


@staff_only
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    context = {"pending": queries.moderation_queue(), "reported": queries.reported_comments()}
    return render(request, "stories/moderation.html", context)


@staff_only
@post_only(_moderation)
def moderate(request: HttpRequest, comment_id: int) -> HttpResponse:
    try:
        # staff_only let in signed-in staff alone.
        actions.moderate_comment(
            comment_id=comment_id, moderator=cast(User, request.user), decision=request.POST.get("decision", "")
        )
    except StoryError as error:
        return render(request, "stories/message.html", {"message": error.message}, status=error.status)
    messages.success(request, _("Comment moderated."))
    return redirect("stories:moderation")
