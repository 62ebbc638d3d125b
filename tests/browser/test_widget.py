"""An advocate's progress box shows on someone else's site; the rest of ours refuses to be framed."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jfa.core.testing import give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def blog(live_server):
    """Someone else's site (a server of its own, on another port) that frames a path of ours."""
    framed = {"path": "/"}

    class Blog(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            body = (
                "<!doctype html><title>A blog</title><h1>My December</h1>"
                f'<iframe src="{live_server.url}{framed["path"]}" title="Progress" width="360" height="250"></iframe>'
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Blog)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def showing(path: str) -> str:
        framed["path"] = path
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield showing
    server.shutdown()


def test_the_widget_shows_on_another_site_and_links_out_to_give(new_page, shot, blog, campaign, alice_page):
    give(page=alice_page, amount_minor=25_000)
    page = new_page()
    page.goto(blog(f"/p/{alice_page.slug}/widget/"))
    box = page.frame_locator("iframe")
    box.get_by_text("US$250.00").wait_for()
    give_link = box.get_by_role("link", name="Give to Alice (opens in a new tab)")
    assert give_link.get_attribute("target") == "_blank"
    assert give_link.get_attribute("href").endswith(f"/p/{alice_page.slug}/#give")
    shot(page, "widget-on-a-blog")


def test_the_page_itself_cannot_be_framed(new_page, blog, campaign, alice_page):
    page = new_page()
    page.goto(blog(alice_page.get_absolute_url()))
    page.wait_for_load_state()
    # The refused frame's error page can land a moment after the blog's own "load" (on a busy
    # machine it had no address yet when first looked at).
    for _tick in range(200):
        if page.frames[1].url:
            break
        page.wait_for_timeout(50)
    # Chromium refuses the frame: nothing of the page (or its donation form) shows in it.
    assert page.frames[1].url.startswith("chrome-error://")
    assert "Give now" not in page.frames[1].content()
