from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from jfa.stories.markup import plain_text, render_comment_body, render_post_body

from .payloads import hostile_payloads

SAFE_TAGS = {"p", "br", "strong", "em", "a", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3", "h4"}
SAFE_TAGS |= {"hr", "img", "table", "thead", "tbody", "tr", "th", "td"}
SAFE_ATTRIBUTES = {"href", "src", "alt", "title", "rel", "align"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _assert_harmless(html: str) -> None:
    """Judge what a browser would build from the HTML: its elements and attributes, not its text."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in SAFE_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs:
            assert name in SAFE_ATTRIBUTES, f"{name}= survived in {html!r}"
            if name in {"href", "src"}:
                scheme = urlsplit((value or "").strip()).scheme.lower()
                assert scheme in {"", "http", "https", "mailto"}, f"{name}={value!r} survived in {html!r}"


@pytest.mark.parametrize("payload", hostile_payloads())
def test_hostile_payload_in_a_comment_is_rendered_harmless(payload):
    _assert_harmless(render_comment_body(payload))


@pytest.mark.parametrize("payload", hostile_payloads())
def test_hostile_payload_in_a_post_body_is_rendered_harmless(payload):
    _assert_harmless(render_post_body(payload))


def test_all_payloads_together_are_rendered_harmless():
    everything = "\n\n".join(hostile_payloads())
    _assert_harmless(render_comment_body(everything))
    _assert_harmless(render_post_body(everything))


def test_links_in_comments_carry_nofollow_ugc():
    html = render_comment_body("See [the report](https://example.org/report) and https://example.org")
    assert 'href="https://example.org/report"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_comment_markdown_keeps_emphasis_and_escapes_raw_html():
    html = render_comment_body("**bold** and *soft* <b>raw</b> 2 < 3 & 4 > 1")
    assert "<strong>bold</strong>" in html and "<em>soft</em>" in html
    assert "<b>" not in html
    assert "2 &lt; 3 &amp; 4 &gt; 1" in html


def test_comments_drop_images_and_headings_but_posts_keep_them():
    text = "## Heading\n\n![a survivor's garden](https://example.org/garden.jpg)"
    comment = render_comment_body(text)
    assert "<img" not in comment and "<h2" not in comment
    post = render_post_body(text)
    assert '<img alt="a survivor\'s garden" src="https://example.org/garden.jpg">' in post
    assert "<h2>Heading</h2>" in post


def test_relative_urls_are_dropped_from_comments_and_kept_in_posts_only_when_site_rooted():
    assert "href" not in render_comment_body("[x](/admin/)")
    assert 'href="/stories/"' in render_post_body("[x](/stories/)")
    assert "src" not in render_post_body('![x](x" onerror="alert(1))')
    assert "href" not in render_post_body("[x](//evil.example/)")


def test_raw_html_shows_as_the_text_that_was_typed():
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in render_comment_body("<script>alert(1)</script>")
    assert "&lt;div&gt;block&lt;/div&gt;" in render_post_body("<div>block</div>")


def test_post_links_are_not_nofollow():
    html = render_post_body("[IJM](https://www.ijm.org)")
    assert "nofollow" not in html
    assert 'href="https://www.ijm.org"' in html


def test_plain_text_strips_markup_for_previews():
    assert plain_text("# Hi\n\n**Bold** & more") == "Hi Bold & more"
    # Raw HTML is text, so a preview shows what was typed (and templates escape it again).
    assert plain_text("<b>typed</b>") == "<b>typed</b>"
    assert plain_text("word " * 100, limit=20).endswith("…")
