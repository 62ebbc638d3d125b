"""Every main page, in English and in French, passes axe-core's WCAG 2 A/AA checks in Chromium,
and its best practices (one main heading, content inside landmarks, headings in order).

axe-core (MPL-2.0, vendored in vendor/) checks labels, roles, names, contrast and landmarks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jfa.core.testing import give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# axe goes into each page as an inline script, which the site's content security policy refuses
# (test_content_security checks the pages under the policy).
AXE_NEEDS_INLINE_SCRIPT = True


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    tags = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']"
    result = page.evaluate(f"() => axe.run(document, {{runOnly: {{type: 'tag', values: {tags}}}}})")
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def in_language(browser, language: str, **options):
    """A browser context whose reader asks for ``language`` ("en" or "fr")."""
    return browser.new_context(
        locale="fr-CA" if language == "fr" else "en-US",
        extra_http_headers={"Accept-Language": language},
        bypass_csp=AXE_NEEDS_INLINE_SCRIPT,
        **options,
    )


def public_paths(alice_page, bob_page, team, gift) -> list[str]:
    """The main pages anyone can open: home, search, the leaderboards, an advocate and their
    printable card, progress box (framed on other sites) and report form, a team and its gifts,
    giving, a gift's thank-you page, the books and a gift's place in them, the privacy notice,
    password reset, and the page a link in a gift email opens to stop those emails."""
    from jfa.campaigns.actions import EmailKind, stop_token

    return [
        "/",
        "/search/?q=a",
        "/advocates/",
        "/advocates/?country=CA",
        "/teams/",
        alice_page.get_absolute_url(),
        f"/p/{alice_page.slug}/card/",
        f"/p/{alice_page.slug}/widget/",
        f"/p/{alice_page.slug}/report/",
        team.get_absolute_url(),
        f"/t/{team.slug}/gifts/",
        f"/give/page/{bob_page.slug}/",
        f"/give/thanks/{gift.public_id}/",
        "/accounts/signup/",
        "/stories/",
        "/transparency/",
        f"/transparency/gift/?reference={gift.public_id}",  # a donor's proof, hashes and all
        "/privacy/",
        "/accounts/password/reset/",
        f"/emails/stop/{stop_token(alice_page.owner, EmailKind.GIFT_EMAILS)}/",
    ]


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "correct horse battery staple")
    # Whatever the page's language: the sign-in form's own button, not the language switch.
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def dress_log_photo(page) -> None:
    """A posted dress-log day, so the calendar and the home page's photo strip are checked too."""
    from django.core.files.base import ContentFile

    from jfa.campaigns.models import DressLogEntry
    from jfa.core.testing import png_bytes

    entry = DressLogEntry(page=page, day=1, photo_alt="Alice in a red dress", caption="Day one!")
    entry.photo.save("d.png", ContentFile(png_bytes(size=(60, 60))), save=False)
    entry.thumbnail.save("t.png", ContentFile(png_bytes(size=(30, 30))), save=False)
    entry.save()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_main_pages_meet_wcag_aa(live_server, browser, shot, campaign, alice_page, bob_page, team, language):
    gift = give(page=alice_page, amount_minor=2500)
    dress_log_photo(alice_page)
    context = in_language(browser, language)
    page = context.new_page()
    # With the dress-log photo above, day 1 of Alice's log has its own page too.
    paths = [*public_paths(alice_page, bob_page, team, gift), "/accounts/login/", f"/p/{alice_page.slug}/day/1/"]
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        if path == "/":
            assert page.locator(".photo-strip img").count() == 1  # the dress-log photo is checked too
        problems = violations(page)
        if problems:
            found[path] = problems
            shot(page, f"{language}-{path.strip('/').replace('/', '-') or 'home'}")
    # A gift sent with a token gone stale gets the site's own page, checked as the others.
    page.goto(live_server.url + f"/give/page/{bob_page.slug}/")
    page.evaluate("document.querySelector('form.donation-form [name=csrfmiddlewaretoken]').value = 'x'.repeat(64)")
    page.locator("form.donation-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == {"en": "This form has expired", "fr": "Ce formulaire a expiré"}[language]
    if problems := violations(page):
        found["expired form"] = problems
    context.close()
    assert found == {}


def test_signed_in_pages_and_form_errors_meet_wcag_aa(live_server, browser, campaign, alice, alice_page, charlie, team):
    gift = give(page=alice_page, amount_minor=2500)
    context = browser.new_context(locale="en-US", bypass_csp=AXE_NEEDS_INLINE_SCRIPT)
    page = context.new_page()
    found = {}

    def check(label: str) -> None:
        problems = violations(page)
        if problems:
            found[label] = problems

    for email, paths in [
        (
            "alice@example.org",
            [
                "/me/",
                f"/p/{alice_page.slug}/edit/",
                "/teams/new/",
                f"/t/{team.slug}/edit/",
                f"/t/{team.slug}/message/",
                "/me/thanks/",
                "/me/thanks/team/",
            ],
        ),
        ("charlie@example.org", ["/me/setup/", f"/me/setup/?team={team.slug}", "/accounts/close/"]),
    ]:
        sign_in(page, live_server, email)
        for path in paths:
            page.goto(live_server.url + path)
            check(path)
        if email == "alice@example.org":
            # A thank-you note sent empty: the error is tied to the note's box.
            page.goto(f"{live_server.url}/me/thanks/{gift.public_id}/")
            page.get_by_role("button", name="Send my note").click()
            page.wait_for_load_state()
            check("thank-you note with errors")
        else:
            # Closing an account with nothing filled in: each error tied to its field.
            page.get_by_role("button", name="Close my account for good").click()
            page.wait_for_load_state()
            check("account closing with errors")
        page.context.clear_cookies()

    # A donation form sent back with errors: every message tied to its field, nothing unlabeled.
    page.goto(live_server.url + alice_page.get_absolute_url())
    page.get_by_label("Other amount").fill("-5")
    page.get_by_role("button", name="Give now").click()
    page.wait_for_load_state()
    check("donation form with errors")
    context.close()
    assert found == {}


# WCAG 2.1 success criterion 1.4.10 (reflow): at 320 CSS pixels wide, nothing may need scrolling
# sideways. French runs longer than English, so both are checked.
OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5
                  && ![...el.children].some(child => child.getBoundingClientRect().right > width + 0.5))
    .slice(0, 3).map(el => el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 40))"""


# Figures side by side in a table (a leaderboard's gifts and amount raised) must not read as one
# number on a narrow screen ("137 14 867,50 $"): at least an em (16 px) between each pair's texts,
# several times the space inside a number.
CRAMPED_FIGURES = """() => [...document.querySelectorAll('td.num + td.num')].map(td => {
    const box = (el) => { const range = document.createRange(); range.selectNodeContents(el);
                          return range.getBoundingClientRect(); };
    return [td.textContent.trim(), box(td).left - box(td.previousElementSibling).right];
}).filter(([text, gap]) => gap < 16)"""


# A checklist's mark (done or to do) must stay beside the first line of its step, not above a step
# whose words wrapped under it: the steps whose first words sit lower than their mark.
MARKS_APART = """() => [...document.querySelectorAll('.checklist li')].filter(li => {
    const mark = li.querySelector('.mark').getBoundingClientRect();
    const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT, {acceptNode: (node) =>
        node.textContent.trim() && !node.parentElement.closest('.visually-hidden, .mark')
            ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
    const words = walker.nextNode();
    const range = document.createRange(); range.selectNodeContents(words);
    return range.getClientRects()[0].top > mark.bottom;
}).map(li => li.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_reflow_to_a_320_pixel_screen(
    live_server, browser, campaign, alice, alice_page, bob_page, team, language
):
    gift = give(page=alice_page, amount_minor=2500)
    for _ in range(11):  # a leaderboard row as wide as a busy December makes it: 11 gifts, a 7-figure sum
        give(page=bob_page, amount_minor=9_999_999)
    dress_log_photo(alice_page)
    context = in_language(browser, language, viewport={"width": 320, "height": 640})
    page = context.new_page()
    public = [*public_paths(alice_page, bob_page, team, gift), "/transparency/gift/", f"/p/{alice_page.slug}/day/1/"]
    too_wide = {}
    cramped = {}

    def check(path: str) -> None:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = (width, page.evaluate(OVERFLOWING, 320))
        if figures := page.evaluate(CRAMPED_FIGURES):
            cramped[path] = figures
        if steps := page.evaluate(MARKS_APART):
            cramped[path] = steps

    for path in public:
        check(path)
    sign_in(page, live_server, "alice@example.org")
    for path in [
        "/me/",
        f"/p/{alice_page.slug}/edit/",
        "/teams/new/",
        f"/t/{team.slug}/edit/",
        f"/t/{team.slug}/message/",
        "/me/thanks/",
        f"/me/thanks/{gift.public_id}/",
        "/accounts/close/",
    ]:
        check(path)
    context.close()
    assert too_wide == {}
    assert cramped == {}
