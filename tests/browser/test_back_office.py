"""Campaign staff work in the admin on a laptop: every list fits its screen, so no column of a
gift, a page or an entry hides past the right edge behind a sideways scroll."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from jfa.core.testing import give, make_user
from jfa.stories.tests.factories import make_partner, make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 800}


def test_every_admin_list_fits_a_laptop_screen(live_server, browser, shot, staff, campaign, alice_page, bob_page, team):
    # In French, whose headings run longer than the English ones: a list that fits in French fits.
    language = "fr"
    give(page=alice_page, amount_minor=2_500)
    give(page=bob_page, amount_minor=123_456)
    make_post(
        title="Friday spotlight: International Justice Mission",
        partner=make_partner(),
        author=make_user("stories@example.org", "Justice For All stories team", is_staff=True),
    )
    locale = "fr-CA" if language == "fr" else "en-US"
    context = browser.new_context(viewport=LAPTOP, locale=locale, extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "staff@example.org")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_load_state()

    measured, too_wide = 0, {}
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page.goto(live_server.url + url)
        widths = page.evaluate(
            "() => { const box = document.querySelector('#changelist .results');"
            " return box && [box.scrollWidth, box.clientWidth]; }"
        )
        if widths is None:  # a list with no rows yet draws no table
            continue
        measured += 1
        scroll_width, visible_width = widths
        if scroll_width > visible_width:
            too_wide[model.__name__] = f"{scroll_width}px of table in {visible_width}px"
        if model.__name__ == "Donation":
            shot(page, f"gifts-{language}")
    context.close()

    assert measured >= 10, "most lists should have rows to measure"
    assert too_wide == {}
