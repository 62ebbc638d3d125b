"""Markdown in, safe HTML out, in two layers.

1. Raw HTML is not Markdown here: the parser's raw-HTML block and inline rules are switched off,
   so ``<script>`` or ``<img onerror=...>`` typed into a body shows as the text that was typed.
2. The parser's output is still never trusted: it goes through nh3 (the Rust ``ammonia``
   sanitizer) with an allow-list of tags, attributes and URL schemes, which drops anything else,
   such as ``javascript:``/``data:`` URLs from Markdown links and images.

Comments get a smaller list than posts, and their links carry rel="nofollow ugc".
"""

from __future__ import annotations

import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension

URL_SCHEMES = {"http", "https", "mailto"}

COMMENT_TAGS = {"p", "br", "strong", "em", "a", "code", "pre", "blockquote", "ul", "ol", "li"}
POST_TAGS = COMMENT_TAGS | {"h2", "h3", "h4", "hr", "img", "figure", "figcaption", "table", "thead", "tbody", "tr"}
POST_TAGS |= {"th", "td"}

COMMENT_ATTRIBUTES = {"a": {"href", "title"}}
POST_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}

COMMENT_LINK_REL = "nofollow ugc noopener"
POST_LINK_REL = "noopener"


class EscapeRawHtml(Extension):
    """Treat HTML in the source as text: it is escaped on output instead of passed through."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def _markdown(text: str, extensions: list) -> str:
    return markdown.markdown(text, extensions=[EscapeRawHtml(), *extensions], output_format="html")


def _absolute_or_site_url(element: str, attribute: str, value: str) -> str | None:
    """Posts may link within the site ("/stories/...", "#section"); anything else must be absolute,
    so a mangled URL cannot turn into a request for a nonsense path on our own site."""
    if attribute not in {"href", "src"}:
        return value
    url = value.strip()
    if url.lower().startswith(("https://", "http://", "mailto:")):
        return url
    if (url.startswith("/") and not url.startswith("//")) or (url.startswith("#") and element == "a"):
        return url
    return None


def _absolute_url(element: str, attribute: str, value: str) -> str | None:
    if attribute not in {"href", "src"}:
        return value
    url = value.strip()
    return url if url.lower().startswith(("https://", "http://", "mailto:")) else None


def render_post_body(text: str) -> SafeString:
    html = _markdown(text, ["tables", "fenced_code", "sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=POST_LINK_REL,
        attribute_filter=_absolute_or_site_url,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 on the line above


def render_comment_body(text: str) -> SafeString:
    html = _markdown(text, ["sane_lists", "nl2br"])
    cleaned = nh3.clean(
        html,
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=COMMENT_LINK_REL,
        attribute_filter=_absolute_url,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 on the line above


def plain_text(text: str, limit: int = 200) -> str:
    """The words of a Markdown text without any markup, for link previews and the feed."""
    words = html.unescape(nh3.clean(_markdown(text, []), tags=set())).split()
    out = " ".join(words)
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out
