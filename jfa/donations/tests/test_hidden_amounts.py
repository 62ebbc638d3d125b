"""A donor may keep their gift's amount off the public walls: the gift still shows (by name, or
as anonymous, with its message) and still counts, and the advocate who received it still sees
the amount."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from jfa.core.testing import gift_form, give
from jfa.donations.actions import correct_donor_details
from jfa.donations.models import Donation

pytestmark = pytest.mark.django_db

HIDDEN = "47.13"  # the amount the donor keeps private, as a wall would print it


def give_hidden(client, page) -> Donation:
    url = reverse("donations:give_to_page", args=[page.slug])
    response = client.post(url, gift_form(amount=HIDDEN, amount_hidden="on", message="Proud of you"))
    assert response.status_code == 302
    return Donation.objects.get(amount_minor=4713)


def test_the_walls_show_the_gift_without_its_amount_and_the_totals_still_count_it(client, alice_page, team):
    alice_page.refresh_from_db()  # in the team now
    give(page=alice_page, amount_minor=1_000)  # shown as usual
    gift = give_hidden(client, alice_page)
    assert gift.amount_hidden
    cache.clear()  # the home page's boards are kept for a few seconds

    walls = [
        alice_page.get_absolute_url(),
        reverse("campaigns:page_gifts", args=[alice_page.slug]),
        team.get_absolute_url(),
        reverse("campaigns:team_gifts", args=[team.slug]),
        reverse("campaigns:home"),
    ]
    for url in walls:
        html = client.get(url).content.decode()
        assert HIDDEN not in html, url
        assert "10.00" in html, url  # the other gift keeps its amount
    page_html = client.get(alice_page.get_absolute_url()).content.decode()
    assert page_html.count("<strong>Dana Donor</strong>") == 2
    assert "Proud of you" in page_html
    assert "57.13" in page_html  # the page's total: both gifts


def test_the_donor_is_told_and_the_advocate_still_sees_the_amount(client, alice, alice_page):
    gift = give_hidden(client, alice_page)
    thanks = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert "As you asked, the page shows your gift without its amount." in thanks

    client.force_login(alice)
    own_list = client.get(reverse("campaigns:thanks")).content.decode()
    assert HIDDEN in own_list
    assert "amount not shown publicly, as the donor asked" in own_list
    [page] = client.get(reverse("download_data")).json()["pages"]
    assert page["gifts"][0]["amount_hidden_from_wall"] is True


def test_a_gift_given_as_usual_shows_its_amount(client, alice_page):
    client.post(reverse("donations:give_to_page", args=[alice_page.slug]), gift_form(amount=HIDDEN))
    assert not Donation.objects.get().amount_hidden
    assert HIDDEN in client.get(alice_page.get_absolute_url()).content.decode()


def test_staff_hiding_an_amount_for_a_donor_changes_every_readers_copy_at_once(client, alice_page):
    give(page=alice_page, amount_minor=1_000)
    gift = give(page=alice_page, amount_minor=4_713)
    assert HIDDEN in client.get(alice_page.get_absolute_url()).content.decode()  # now in readers' copies

    gift.amount_hidden = True
    correct_donor_details(donation=gift, changed=["amount_hidden"])

    assert HIDDEN not in client.get(alice_page.get_absolute_url()).content.decode()


def test_staff_see_the_wish_in_the_gifts_spreadsheet(client, alice_page, staff):
    hidden = give_hidden(client, alice_page)
    shown = give(page=alice_page, amount_minor=1_000)
    client.force_login(staff)
    response = client.post(
        reverse("admin:donations_donation_changelist"),
        {"action": "download_csv", "index": "0", "_selected_action": [str(hidden.pk), str(shown.pk)]},
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    by_amount = {row["amount"]: row["amount_hidden"] for row in rows}
    assert by_amount == {HIDDEN: "yes", "10.00": "no"}


def test_the_choice_is_offered_in_french(client, bob_page):
    html = client.get(reverse("donations:give_to_page", args=[bob_page.slug]), headers={"accept-language": "fr"})
    assert "Ne pas afficher le montant de mon don sur la page" in html.content.decode()


def test_both_emails_say_so(client, alice_page, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        give_hidden(client, alice_page)
    [to_donor] = [m for m in mail.outbox if m.to == ["dana@example.net"]]
    [to_owner] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert "As you asked, the page shows your gift without its amount." in to_donor.body
    assert "They asked that the amount not be shown on the page: only you see it." in to_owner.body
    assert HIDDEN in to_owner.body  # the advocate still learns it
