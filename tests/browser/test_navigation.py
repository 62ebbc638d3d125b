"""On a phone the main links fold behind a Menu button; on a wide screen they are always there."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_menu_folds_on_a_phone_and_opens_by_keyboard(live_server, browser, shot, campaign):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    menu = page.get_by_role("button", name="Menu")
    stories = page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not stories.is_visible()
    # The header is one line: the brand, the menu button and the language switch.
    assert page.locator(".site-header").bounding_box()["height"] < 70
    shot(page, "folded")

    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert stories.is_visible()
    shot(page, "open")
    page.keyboard.press("Tab")  # into the first link
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not stories.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "site-nav-list"

    menu.click()
    stories.click()
    page.wait_for_url("**/stories/")
    context.close()


def test_a_wide_screen_shows_every_link_and_no_menu_button(live_server, browser, campaign):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories").is_visible()
    context.close()


def test_without_script_the_links_stay_open(live_server, browser, campaign):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories").is_visible()
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_small_phones_keep_the_brand_menu_and_language_on_one_line(live_server, browser, campaign, language):
    """360 px is the most common Android width; 320 px the smallest we support. The language switch
    reads "Français" on English pages, the longer word."""
    for width in (320, 360):
        context = browser.new_context(
            viewport={"width": width, "height": 700}, extra_http_headers={"Accept-Language": language}
        )
        page = context.new_page()
        page.goto(live_server.url + "/")
        boxes = [page.locator(selector).bounding_box() for selector in (".brand", ".nav-toggle", ".lang-switch button")]
        middles = [box["y"] + box["height"] / 2 for box in boxes]
        assert max(middles) - min(middles) < 8, (width, middles)
        assert page.evaluate("document.documentElement.scrollWidth") == width
        context.close()
