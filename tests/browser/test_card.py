"""An advocate prints a card for their page; a phone that scans it lands on that page."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scan(image) -> str:
    """What a QR reader (zbar, as Debian packages it) reads off an image."""
    command = ["/usr/bin/zbarimg", "--quiet", "--raw", str(image)]  # installed by bin/setup --test
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603 (our own screenshot)
    return done.stdout.strip()


def test_the_printed_card_scans_to_the_advocates_page(live_server, new_page, shot, campaign, alice, alice_page):
    page = new_page()
    page.goto(f"{live_server.url}/p/{alice_page.slug}/card/")
    page.get_by_role("button", name="Print this card").wait_for()  # shown once the script runs
    shot(page, "card-on-screen")

    # On paper only the card is left: no header, footer or buttons.
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".card-tools").is_hidden()
    assert page.locator(".print-card").is_visible()
    printed = ARTIFACTS / "journeys" / "printed-card.png"
    page.screenshot(path=str(printed), full_page=True)
    assert scan(printed) == f"{live_server.url}{alice_page.get_absolute_url()}"

    # The code alone, as downloaded for a flyer, reads the same.
    download = page.context.request.get(f"{live_server.url}/p/{alice_page.slug}/qr.svg?download")
    assert download.headers["content-type"] == "image/svg+xml"
    assert download.headers["content-disposition"] == f'attachment; filename="{alice_page.slug}-qr.svg"'
    page.emulate_media(media="screen")
    page.set_content(f'<img src="{live_server.url}/p/{alice_page.slug}/qr.svg" width="300" height="300">')
    page.locator("img").evaluate("img => img.decode()")
    alone = ARTIFACTS / "journeys" / "qr-alone.png"
    page.screenshot(path=str(alone))
    assert scan(alone) == f"{live_server.url}{alice_page.get_absolute_url()}"
