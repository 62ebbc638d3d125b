"""Markdown in, safe HTML out.

Markdown passes raw HTML straight through, so its output is never trusted: every render goes
through nh3 (the Rust ``ammonia`` sanitizer) with an allow-list of tags, attributes and URL schemes.
Anything else, including ``<script>``, event handler attributes and ``javascript:``/``data:`` URLs,
is dropped. Comments get a smaller list than posts, and their links carry rel="nofollow ugc".
"""

from __future__ import annotations

import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

URL_SCHEMES = {"http", "https", "mailto"}

COMMENT_TAGS = {"p", "br", "strong", "em", "a", "code", "pre", "blockquote", "ul", "ol", "li"}
POST_TAGS = COMMENT_TAGS | {"h2", "h3", "h4", "hr", "img", "figure", "figcaption", "table", "thead", "tbody", "tr"}
POST_TAGS |= {"th", "td"}

COMMENT_ATTRIBUTES = {"a": {"href", "title"}}
POST_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}

COMMENT_LINK_REL = "nofollow ugc noopener"
POST_LINK_REL = "noopener"


def _markdown(text: str, extensions: list[str]) -> str:
    return markdown.markdown(text, extensions=extensions, output_format="html")


def render_post_body(text: str) -> SafeString:
    html = _markdown(text, ["tables", "fenced_code", "sane_lists"])
    cleaned = nh3.clean(
        html, tags=POST_TAGS, attributes=POST_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=POST_LINK_REL
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 on the line above


def render_comment_body(text: str) -> SafeString:
    html = _markdown(text, ["sane_lists", "nl2br"])
    cleaned = nh3.clean(
        html, tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=COMMENT_LINK_REL
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 on the line above


def plain_text(text: str, limit: int = 200) -> str:
    """The words of a Markdown text without any markup, for link previews and the feed."""
    words = html.unescape(nh3.clean(_markdown(text, []), tags=set())).split()
    out = " ".join(words)
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out
