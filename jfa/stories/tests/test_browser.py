"""Journeys in real headless Chromium: moderation end to end, and hostile markup that must never run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from jfa.stories.limits import Limit
from jfa.stories.models import Comment, Post

from .factories import make_partner, make_post, mona
from .payloads import hostile_payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts" / "stories"


@pytest.fixture(autouse=True)
def _own_connection_closed():
    yield
    # ORM calls made while Playwright runs get their own connection (Django keeps connections
    # per context, and Playwright's greenlets carry their own); close it so the test database
    # can be dropped at the end of the run.
    connections.close_all()


@pytest.fixture(autouse=True)
def _roomy_rate_limits(settings):
    # The journeys post several comments from one address within a minute on purpose.
    settings.STORIES_COMMENT_LIMITS = (Limit(count=50, seconds=60),)


class Watchdog:
    """Fails the test if anything on the page runs: a dialog, a script error, or an error logged."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def watch(self, page: Page) -> Page:
        def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
            self.problems.append(f"dialog: {dialog.type} {dialog.message!r}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None
            ),
        )
        return page


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def staff_context(browser: Browser, live_server) -> BrowserContext:
    """A browser signed in as staff, by handing it the session cookie of a signed-in test client."""
    client = Client()
    client.force_login(mona())
    context = browser.new_context()
    cookie_name = django_settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": cookie_name, "value": client.cookies[cookie_name].value, "url": live_server.url}])
    return context


def fill_guest_comment(page: Page, body: str) -> None:
    name = page.get_by_label("Name", exact=True)
    if not name.input_value():
        name.fill("Gina Guest")
        page.get_by_label("Email", exact=True).fill("gina@example.org")
    page.get_by_label("Comment", exact=True).fill(body)
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state("load")


def test_a_guest_comment_waits_for_staff_then_the_guests_next_comment_appears_at_once(browser, live_server):
    post = make_post(title="Friday spotlight: IJM Canada", partner=make_partner())
    url = live_server.url + post.get_absolute_url()
    watchdog = Watchdog()

    guest_page = watchdog.watch(browser.new_context().new_page())
    guest_page.goto(url)
    fill_guest_comment(guest_page, "Thank you for the *four levels* explanation.")
    pending = guest_page.locator(".comment.is-pending")
    assert "four levels" in pending.inner_text()
    assert "Awaiting moderation" in pending.inner_text()
    assert "awaiting moderation" in guest_page.locator(".flash").inner_text()
    screenshot(guest_page, "01-guest-comment-pending")

    stranger = watchdog.watch(browser.new_context().new_page())
    stranger.goto(url)
    assert "four levels" not in stranger.content()

    staff = watchdog.watch(staff_context(browser, live_server).new_page())
    staff.goto(live_server.url + "/stories/moderation/")
    assert "four levels" in staff.locator(".moderation-item").inner_text()
    screenshot(staff, "02-moderation-queue")
    staff.get_by_role("button", name="Approve the comment by Gina Guest").click()
    staff.wait_for_load_state("load")
    assert "Nothing is waiting" in staff.content()

    stranger.reload()
    approved = stranger.locator(".comment").first
    assert "four levels" in approved.inner_text() and "Gina Guest" in approved.inner_text()
    assert "gina@example.org" not in stranger.content()

    guest_page.goto(url)
    fill_guest_comment(guest_page, "And a second thought, straight away.")
    assert "Your comment is posted" in guest_page.locator(".flash").inner_text()
    stranger.reload()
    assert "second thought" in stranger.content()
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == 2
    screenshot(stranger, "03-comments-approved")
    assert watchdog.problems == []


def test_hostile_payloads_never_run_in_a_comment_or_a_post_body(browser, live_server):
    payloads = hostile_payloads()
    post = make_post(title="Hostile body", body="\n\n".join(["Before the payloads.", *payloads, "After the payloads."]))
    watchdog = Watchdog()
    page = watchdog.watch(browser.new_context().new_page())

    page.goto(live_server.url + post.get_absolute_url())
    body = page.locator(".story-body")
    assert "Before the payloads." in body.inner_text() and "After the payloads." in body.inner_text()
    screenshot(page, "04-hostile-post-body")

    # Approved staff comments show at once, so every payload is rendered to every reader.
    staff = watchdog.watch(staff_context(browser, live_server).new_page())
    staff.goto(live_server.url + post.get_absolute_url())
    staff.get_by_label("Comment", exact=True).fill(
        "\n\n".join([*payloads, "Read [the report](https://example.org/r)."])
    )
    staff.get_by_role("button", name="Post reply").click()
    staff.wait_for_load_state("load")
    assert Comment.objects.get().status == Comment.Status.APPROVED

    page.reload()
    page.wait_for_timeout(500)  # give onload/onerror/autofocus handlers a chance to fire
    comment = page.locator(".comment-body").first
    assert "safe link, bad handlers" in comment.inner_text() and "the report" in comment.inner_text()
    screenshot(page, "05-hostile-comment")

    for root in (".story-body", ".comment-body"):
        dangerous = page.locator(
            f"{root} script, {root} iframe, {root} object, {root} embed, {root} svg, {root} style, "
            f"{root} form, {root} input, {root} [onerror], {root} [onload], {root} [onclick], {root} [style]"
        )
        assert dangerous.count() == 0, root
        hrefs = page.locator(f"{root} a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert all(href.startswith(("https:", "http:", "mailto:")) for href in hrefs), hrefs
        sources = page.locator(f"{root} img[src]").evaluate_all("imgs => imgs.map(i => i.getAttribute('src'))")
        assert all(src.startswith(("https:", "http:")) for src in sources), sources
    comment_rels = page.locator(".comment-body a[href]").evaluate_all("links => links.map(a => a.rel)")
    assert comment_rels and all("nofollow" in rel and "ugc" in rel for rel in comment_rels)
    assert watchdog.problems == []
    assert Post.objects.count() == 1
