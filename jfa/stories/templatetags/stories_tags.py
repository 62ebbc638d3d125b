from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from ..actions import Commenter
from ..markup import render_comment_body
from ..models import Comment

register = template.Library()


@register.filter
def stories_comment(body: str) -> SafeString:
    return render_comment_body(body)


@register.filter
def owns(viewer: Commenter | None, comment: Comment) -> bool:
    return viewer is not None and viewer.owns(comment)


@register.filter
def editable_now(comment: Comment) -> bool:
    return timezone.now() <= comment.editable_until()
