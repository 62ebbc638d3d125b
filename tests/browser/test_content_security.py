"""The content security policy holds in a real browser: no page, the admin and the API docs
included, trips it, and what the pages do with script still works under it."""

from __future__ import annotations

import pytest

from jfa.core.testing import give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_for_refusals(page) -> list[str]:
    """Chromium reports each thing the policy refuses as a console error."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return refused


def test_no_page_trips_the_content_security_policy(live_server, new_page, campaign, alice_page, bob_page, team, staff):
    gift = give(page=alice_page, amount_minor=2500)
    page = new_page()
    refused = watch_for_refusals(page)
    for path in [
        "/",
        alice_page.get_absolute_url(),
        team.get_absolute_url(),
        f"/give/page/{bob_page.slug}/",
        f"/give/thanks/{gift.public_id}/",
        "/stories/",
        "/transparency/",
        "/accounts/login/",
    ]:
        response = page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path

    # Live search is htmx: its requests and swaps run under the policy too.
    page.goto(live_server.url + "/")
    page.get_by_label("Name of an advocate or team").fill(alice_page.display_name[:4])
    page.locator("#search-results").get_by_role("link", name=alice_page.display_name).wait_for()

    # The API's interactive docs are served from our own files, not a CDN, and draw themselves.
    page.goto(live_server.url + "/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "cdn.jsdelivr.net" not in page.content()

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", staff.email)
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    for path in ["/admin/", "/admin/campaigns/advocatepage/", f"/admin/campaigns/advocatepage/{alice_page.pk}/change/"]:
        page.goto(live_server.url + path)
        assert page.locator("#content").is_visible(), path
    assert refused == []


def test_the_share_box_copies_the_pages_link(live_server, browser, campaign, alice_page):
    context = browser.new_context(locale="en-US", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    refused = watch_for_refusals(page)
    page.goto(live_server.url + alice_page.get_absolute_url())
    link = live_server.url + alice_page.get_absolute_url()

    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("status").filter(has_text="Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link

    # By keyboard, the link is selected as soon as it takes focus, ready to copy by hand.
    page.get_by_label("Share this page").focus()
    selected = "(el => el.value.substring(el.selectionStart, el.selectionEnd))(document.activeElement)"
    assert page.evaluate(selected) == link
    context.close()
    assert refused == []


def test_the_share_button_opens_the_devices_own_share_sheet(live_server, browser, campaign, alice_page):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    refused = watch_for_refusals(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = live_server.url + alice_page.get_absolute_url()
    page.goto(url)
    # Where the browser has no share sheet (desktop Linux), the button stays out of the way.
    assert page.evaluate("typeof navigator.share") == "undefined"
    assert page.get_by_role("button", name="Share…").count() == 0

    # A phone's share sheet, stood in for by a script that records what it was given.
    page.add_init_script("navigator.share = (data) => { window.shared = data; return Promise.resolve(); };")
    page.reload()
    page.get_by_role("button", name="Share…").click()
    assert page.evaluate("window.shared") == {"title": alice_page.title, "url": url}

    # Closing the sheet without choosing an app rejects; the page carries on without an error.
    page.add_init_script("navigator.share = () => Promise.reject(new DOMException('closed', 'AbortError'));")
    page.reload()
    page.get_by_role("button", name="Share…").click()
    page.evaluate("new Promise((done) => setTimeout(done, 100))")  # let the rejection settle
    context.close()
    assert errors == []
    assert refused == []
