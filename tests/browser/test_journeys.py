"""User journeys in headless Chromium: an advocate signs up and sets up a page; a donor gives; an
advocate posts the day's dress-log photo."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from jfa.accounts.models import User
from jfa.campaigns.models import AdvocatePage
from jfa.core.money import Money
from jfa.core.testing import give
from jfa.donations.models import Donation, TotalScope
from jfa.donations.totals import total_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_advocate_signs_up_sets_up_a_page_and_joins_a_team(live_server, new_page, shot, campaign, team):
    page = new_page()
    page.goto(live_server.url + "/")
    shot(page, "home")
    page.get_by_role("link", name="Start your page").click()

    page.get_by_label("Email").fill("nadia@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-enough-passphrase-42")
    page.get_by_label("Password (again)").fill("a-long-enough-passphrase-42")
    shot(page, "sign-up")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    shot(page, "verify-email-sent")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/me/setup/"))
    shot(page, "page-setup")

    page.get_by_label("Your name as shown").fill("Nadia Haddad")
    page.get_by_label("Why you are taking part").fill("I wear a dress every day because freedom is for everyone.")
    page.get_by_label("Country").select_option("CA")
    page.get_by_label("Fundraising goal").fill("600")
    page.get_by_label("Join a team").select_option(label="Tie One On")
    page.get_by_role("button", name="Publish my page").click()
    page.wait_for_url(re.compile(r"/p/nadia-haddad/"))
    shot(page, "page-live")

    assert page.get_by_role("heading", level=1).inner_text() == "I'm wearing a dress every day this December"
    advocate = AdvocatePage.objects.get(owner__email="nadia@example.org")
    assert (advocate.currency, advocate.goal_minor, advocate.team_id) == ("CAD", 60_000, team.pk)
    assert User.objects.get(email="nadia@example.org").emailaddress_set.get().verified


def test_a_donor_finds_a_page_gives_and_every_total_rises_by_exactly_that(
    live_server, new_page, shot, campaign, alice_page, team
):
    give(page=alice_page, amount_minor=1000)  # an earlier gift, so totals do not start at zero
    before = {
        scope: total_for(scope, pk).money("USD")
        for scope, pk in [
            (TotalScope.PAGE, alice_page.pk),
            (TotalScope.TEAM, team.pk),
            (TotalScope.CAMPAIGN, campaign.pk),
        ]
    }

    page = new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Name of an advocate or team").fill("Alic")
    # The live results (htmx), not the leaderboard's link of the same name further down.
    found = page.locator("#search-results").get_by_role("link", name="Alice")
    found.wait_for()
    shot(page, "search")
    found.click()
    page.wait_for_url(re.compile(r"/p/alice/"))
    shot(page, "advocate-page")

    page.get_by_text("can provide a trauma therapy session").click()  # the US$30 tier
    page.get_by_label("Your name").fill("Dana Donor")
    page.get_by_label("Your email").fill("dana@example.net")
    page.get_by_label("Message of support").fill("Go Alice!")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry (MM/YY)").fill("12/49")
    page.get_by_label("Security code").fill("123")
    shot(page, "donation-form")
    # The button says what the card will be charged, once an amount is picked.
    page.get_by_role("button", name="Give US$30.00").click()
    page.wait_for_url(re.compile(r"/give/thanks/"))
    shot(page, "thank-you")
    assert "Thank you, Dana Donor!" in page.content()

    gift = Money(3000, "USD")
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == before[TotalScope.PAGE] + gift
    assert total_for(TotalScope.TEAM, team.pk).money("USD") == before[TotalScope.TEAM] + gift
    assert total_for(TotalScope.CAMPAIGN, campaign.pk).money("USD") == before[TotalScope.CAMPAIGN] + gift

    page.get_by_role("link", name="Back to Alice's page").click()
    shot(page, "page-after-gift")
    assert "US$40.00" in page.locator(".raised").inner_text()
    assert "Go Alice!" in page.locator(".wall").inner_text()


def test_a_declined_card_shows_an_error_and_changes_no_total(live_server, new_page, shot, campaign, alice_page):
    page = new_page()
    page.goto(live_server.url + alice_page.get_absolute_url())
    page.get_by_label("Other amount").fill("45")
    page.get_by_label("Your name").fill("Dana Donor")
    page.get_by_label("Your email").fill("dana@example.net")
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_label("Expiry (MM/YY)").fill("12/49")
    page.get_by_label("Security code").fill("123")
    # Before the box is ticked the sentence offers the fee and the button charges the gift alone.
    expect(page.locator(".fee-preview")).to_have_text("Covering the fee would add US$1.65, for US$46.65 in all.")
    expect(page.get_by_role("button", name="Give US$45.00")).to_be_visible()
    page.get_by_label("Also cover the card processing fee").check()
    expect(page.locator(".fee-preview")).to_have_text("Covering the fee adds US$1.65: your card is charged US$46.65.")
    page.get_by_role("button", name="Give US$46.65").click()
    # The page opens on a summary of what went wrong, focused so a screen reader reads it, whose
    # link leads to the card number.
    summary = page.get_by_role("alert", name="Your gift has not been made yet. Please check:")
    summary.filter(has_text="Card number: Your card was declined.").wait_for()
    # Chromium moves focus to an autofocus element at its next rendering update, which may come
    # after the summary is in the page: wait for it rather than read it at once.
    expect(summary).to_be_focused()
    shot(page, "declined")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Card number")).to_be_focused()

    assert not Donation.objects.filter(status="succeeded").exists()
    assert total_for(TotalScope.PAGE, alice_page.pk).amounts == {}
    assert total_for(TotalScope.CAMPAIGN, campaign.pk).amounts == {}


def test_the_give_button_follows_the_amount_and_only_the_amount(live_server, new_page, campaign, alice_page):
    page = new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/give/fee/" in request.url else None)
    page.goto(live_server.url + alice_page.get_absolute_url())
    button = page.locator("#give button[type=submit]")
    expect(button).to_have_text("Give now")
    page.get_by_label("Other amount").press_sequentially("25")
    expect(button).to_have_text("Give US$25.00")
    page.get_by_label("Also cover the card processing fee").check()
    expect(button).to_have_text("Give US$26.06")
    page.wait_for_load_state("networkidle")

    # Typing who one is asks the server nothing: the amount has not changed.
    before = len(asked)
    page.get_by_label("Your name").press_sequentially("Dana Donor", delay=60)
    page.get_by_label("Message of support").press_sequentially("Go Alice!", delay=60)
    page.get_by_label("Your email").click()
    page.wait_for_timeout(800)  # longer than the preview's 400 ms pause after a key
    assert len(asked) == before

    page.get_by_label("Other amount").fill("")
    page.get_by_label("Other amount").press("Backspace")
    expect(button).to_have_text("Give now")
    expect(page.locator(".fee-preview")).to_have_text("")


def test_an_advocate_thanks_a_donor_from_the_dashboard(live_server, new_page, shot, campaign, alice, alice_page):
    gift = give(page=alice_page, amount_minor=4_000)
    mail.outbox.clear()
    page = new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", "alice@example.org")
    page.fill("#id_password", "correct horse battery staple")
    page.locator("main button[type=submit]").click()
    page.goto(live_server.url + "/me/")
    page.get_by_role("link", name="Thank your donors (1 waiting)").click()
    shot(page, "thanks-list")

    page.get_by_role("link", name="Say thanks to Dana Donor, US$40.00").click()
    page.get_by_role("button", name="Send my note").click()  # empty: refused, with the reason
    assert page.get_by_text("This field is required.").first.is_visible()
    page.get_by_role("textbox", name="Your note").fill("Dana, thank you! Your gift means a lot.")
    shot(page, "thanks-note")
    page.get_by_role("button", name="Send my note").click()
    page.get_by_text("Your note is on its way to Dana Donor.").wait_for()
    page.get_by_text("You have thanked every donor so far.").wait_for()
    shot(page, "thanks-sent")

    [email] = [m for m in mail.outbox if m.subject == "A thank-you from Alice"]
    assert email.to == ["dana@example.net"]
    assert "Dana, thank you! Your gift means a lot." in email.body
    assert "alice@example.org" not in email.body
    assert gift.thanks.note == "Dana, thank you! Your gift means a lot."


def test_a_visitor_cheers_a_dress_log_day_without_leaving_it(live_server, new_page, shot, campaign, alice_page):
    import datetime

    import time_machine
    from django.core.files.base import ContentFile

    from jfa.campaigns.actions import post_dress_log
    from jfa.core.testing import png_bytes

    with time_machine.travel(datetime.datetime(2026, 12, 1, 18, tzinfo=datetime.UTC)):
        entry = post_dress_log(
            page=alice_page, day=1, photo=ContentFile(png_bytes(), name="d.png"), photo_alt="Alice in red", caption=""
        )
    page = new_page()
    page.goto(f"{live_server.url}/p/{alice_page.slug}/day/1/")
    page.evaluate("window.stillHere = true")  # gone if the page reloads
    page.get_by_role("button", name="Cheer Alice on").click()
    page.get_by_text("You cheered Alice on, with 1 person in all.").wait_for()
    shot(page, "cheered")
    assert page.evaluate("window.stillHere === true")
    entry.refresh_from_db()
    assert entry.cheers == 1


def test_a_refused_cheer_says_why_instead_of_doing_nothing(live_server, new_page, campaign, alice_page):
    import datetime

    import time_machine
    from django.core.files.base import ContentFile

    from jfa.campaigns.actions import CHEER_LIMITS, post_dress_log
    from jfa.core import limits
    from jfa.core.testing import png_bytes

    with time_machine.travel(datetime.datetime(2026, 12, 1, 18, tzinfo=datetime.UTC)):
        entry = post_dress_log(
            page=alice_page, day=1, photo=ContentFile(png_bytes(), name="d.png"), photo_alt="Alice in red", caption=""
        )
    # This reader has cheered a great deal already: the next cheer is refused (429 to htmx).
    reader = f"ip:{limits.hash_ip('127.0.0.1')}"
    for _ in range(CHEER_LIMITS[0].count):
        limits.hit("cheer", reader, CHEER_LIMITS)
    page = new_page()
    page.goto(f"{live_server.url}/p/{alice_page.slug}/day/1/")
    page.get_by_role("button", name="Cheer Alice on").click()
    page.get_by_text("That is a lot of cheering! Please try again in a while.").wait_for()
    entry.refresh_from_db()
    assert entry.cheers == 0

    # A token gone stale in another tab: the expired-form page, not a button that does nothing.
    page.goto(f"{live_server.url}/p/{alice_page.slug}/day/1/")
    page.evaluate("document.querySelector('form.cheer [name=csrfmiddlewaretoken]').value = 'x'.repeat(64)")
    page.get_by_role("button", name="Cheer Alice on").click()
    page.get_by_role("heading", name="This form has expired").wait_for()


def test_an_advocate_posts_the_days_photo_and_the_page_shows_it_with_the_streak(
    live_server, new_page, shot, campaign, alice, alice_page, tmp_path, time_machine
):
    import datetime

    from django.core.files.base import ContentFile

    from jfa.campaigns.actions import post_dress_log
    from jfa.core.testing import png_bytes

    # Noon in Toronto on 3 December; days 1 and 2 are already in.
    time_machine.move_to(datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    long_caption = "Someone at the bus stop asked why, so I told them about the fifty million people " * 3
    for day, caption in ((1, long_caption), (2, "")):
        photo = ContentFile(png_bytes(), name="d.png")
        post_dress_log(page=alice_page, day=day, photo=photo, photo_alt=f"Alice, day {day}", caption=caption)
    picture = tmp_path / "green-dress.jpg"
    picture.write_bytes(png_bytes(size=(1200, 1600), color=(30, 140, 70)))  # a PNG under a JPEG name

    page = new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/me/$"))
    log = page.get_by_role("region", name="Your dress log")
    page.get_by_role("link", name="Post today's photo").click()  # the first thing on the dashboard
    expect(log.get_by_role("heading", name="Post today's photo")).to_be_in_viewport()
    expect(log.get_by_label("Day of December")).to_have_value("3")
    log.get_by_label("Your photo", exact=True).set_input_files(str(picture))
    log.get_by_label("Describe your photo").fill("Alice in a green dress at the office")
    log.get_by_label("Caption").fill("Green for day three.")
    shot(page, "dress-log-form")
    log.get_by_role("button", name="Post", exact=True).click()

    page.get_by_text("Day 3 is in your dress log.").wait_for()
    expect(log.get_by_text("Today's photo is in, and every day's before it. See you tomorrow!")).to_be_visible()
    expect(log.get_by_text("Current streak: 3 days")).to_be_visible()
    expect(page.get_by_role("link", name="Post today's photo")).to_have_count(0)
    shot(page, "dress-log-posted")

    # Anyone on the page sees the day in the calendar, and its own page with the full photo.
    visitor = new_page()
    visitor.goto(live_server.url + alice_page.get_absolute_url())
    visitor.get_by_text("Current streak: 3 days").wait_for()
    # A long caption shows three lines in the month, not a week's row stretched down the page;
    # all of it is still there for a screen reader, and on the day's own page.
    caption = visitor.locator(".calendar .caption").first
    expect(caption).to_have_text(long_caption.strip())
    lines = caption.evaluate("e => e.clientHeight / parseFloat(getComputedStyle(e).lineHeight)")
    assert lines <= 3.05 and caption.evaluate("e => e.scrollHeight > e.clientHeight")
    visitor.get_by_role("img", name="Alice in a green dress at the office").click()
    visitor.wait_for_url(re.compile(rf"/p/{alice_page.slug}/day/3/$"))
    figure = visitor.locator("figure.day-photo")
    expect(figure.get_by_role("img", name="Alice in a green dress at the office")).to_be_visible()
    expect(figure.locator("figcaption")).to_have_text("Green for day three.")
    assert visitor.evaluate("document.querySelector('figure.day-photo img').naturalWidth") > 0
    shot(visitor, "dress-log-day")
    entry = alice_page.dress_log.get(day=3)
    assert entry.caption == "Green for day three." and entry.thumbnail
    assert entry.photo.name.endswith(".jpg")  # judged by its content and stored re-encoded
