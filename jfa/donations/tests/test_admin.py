"""Staff read gifts as money in the admin, and cannot change a gift's amounts there."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jfa.core.testing import give
from jfa.donations.actions import DONOR_DETAILS, set_message_hidden
from jfa.donations.models import Donation
from jfa.ledger.models import Fund, FundKind

pytestmark = pytest.mark.django_db


def test_the_gift_list_shows_amounts_as_money_and_sorts_by_them(client, campaign, alice_page, staff):
    give(page=alice_page, amount_minor=12_345)
    give(page=alice_page, amount_minor=500)
    client.force_login(staff)
    url = reverse("admin:donations_donation_changelist")

    html = client.get(url).content.decode()
    assert "US$123.45" in html
    assert "12345" not in html
    # The amount column sorts by the stored integer: the smaller gift first.
    column = 3  # reference, donor, amount
    ascending = client.get(url, {"o": str(column)}).content.decode()
    assert ascending.index("US$5.00") < ascending.index("US$123.45")
    with_french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "123,45\xa0$\xa0US" in with_french


def test_the_gift_list_names_the_advocate_and_a_short_reference_to_find_the_gift_by(
    client, campaign, alice_page, staff
):
    gift = give(page=alice_page, amount_minor=2_500)
    give(page=alice_page, amount_minor=1_000)
    client.force_login(staff)
    url = reverse("admin:donations_donation_changelist")

    html = client.get(url).content.decode()
    short = gift.public_id.hex[:8]
    assert f">{short}</a>" in html
    assert str(gift.public_id) not in html  # the full reference is on the gift's own page
    assert f'<td class="field-advocate">{alice_page.display_name}</td>' in html
    assert alice_page.title not in html
    found = client.get(url, {"q": short}).context["cl"].result_list
    assert list(found) == [gift]
    # When, on one short line in the campaign's time zone (the suite's clock is 10:00 there).
    assert '<td class="field-given_on">25 Nov. 2026, 10:0' in html
    assert "25 nov. 2026, 10\u00a0h\u00a00" in client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_staff_filter_gifts_by_what_became_of_the_donors_message(client, campaign, alice, alice_page, staff):
    shown, hidden, silent = (give(page=alice_page, amount_minor=amount) for amount in (1_000, 2_000, 3_000))
    Donation.objects.filter(pk__in=[shown.pk, hidden.pk]).update(message="Go Alice!")
    hidden.refresh_from_db()
    set_message_hidden(donation=hidden, by=alice, hidden=True)
    client.force_login(staff)
    url = reverse("admin:donations_donation_changelist")

    def listed(value):
        return set(client.get(url, {"message": value}).context["cl"].result_list)

    assert listed("shown") == {shown}
    assert listed("hidden") == {hidden}
    assert listed("none") == {silent}
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Masqué par le ou la porte-parole" in html


def test_the_fund_filter_offers_only_funds_a_gift_can_go_to(client, campaign, alice_page, staff):
    client.force_login(staff)
    response = client.get(reverse("admin:donations_donation_changelist"))

    spec = next(spec for spec in response.context["cl"].filter_specs if spec.field_path == "fund")
    offered = {name for _pk, name in spec.lookup_choices}
    restricted = {fund.name for fund in Fund.objects.filter(kind=FundKind.RESTRICTED)}
    assert offered == restricted
    assert Fund.objects.filter(kind=FundKind.OPERATING).exists()  # there were others to leave out


def test_a_gift_page_shows_its_amounts_as_money_and_a_post_cannot_change_them(client, campaign, alice_page, staff):
    gift = give(page=alice_page, amount_minor=5_000, cover_fee=True)
    client.force_login(staff)
    url = reverse("admin:donations_donation_change", args=[gift.pk])

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "US$50.00" in html
    assert f"US${gift.fee_minor / 100:.2f}" in html
    assert 'name="amount_minor"' not in html

    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(
        {
            "amount_minor": "1",
            "currency": "CAD",
            "fee_minor": "0",
            "attempts-TOTAL_FORMS": "0",
            "attempts-INITIAL_FORMS": "0",
            "refunds-TOTAL_FORMS": "0",
            "refunds-INITIAL_FORMS": "0",
            "thanks-TOTAL_FORMS": "0",
            "thanks-INITIAL_FORMS": "0",
        }
    )
    data = {key: ("" if value is None else value) for key, value in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    gift.refresh_from_db()
    assert (gift.amount_minor, gift.currency) == (5_000, "USD")
    assert Donation.objects.get(pk=gift.pk).fee_minor > 0


def test_a_gifts_payment_attempts_are_a_record_staff_cannot_edit(client, campaign, alice_page, staff):
    gift = give(page=alice_page, amount_minor=5_000)
    attempt = gift.attempts.get()
    client.force_login(staff)
    url = reverse("admin:donations_donation_change", args=[gift.pk])

    page = client.get(url)
    html = page.content.decode()
    # No box to type in, the times included: only the hidden id fields Django keeps for any inline.
    boxes = re.findall(r'<(?:input|select|textarea)[^>]*name="(attempts-0-[^"]*)"', html)
    hidden = re.findall(r'<input type="hidden" name="(attempts-0-[^"]*)"', html)
    assert boxes == hidden == ["attempts-0-id", "attempts-0-donation"]
    assert "sandbox_" in html and "4242" in html  # what the processor answered is shown

    form = page.context["adminform"].form
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    for inline in ("refunds", "thanks"):
        data.update({f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"})
    data.update(
        {
            "attempts-TOTAL_FORMS": "1",
            "attempts-INITIAL_FORMS": "1",
            "attempts-0-id": str(attempt.pk),
            "attempts-0-donation": str(gift.pk),
            "attempts-0-updated_at_0": "2020-01-01",
            "attempts-0-updated_at_1": "00:00:00",
            "attempts-0-status": "failed",
        }
    )
    client.post(url, data)
    fresh = gift.attempts.get()
    assert (fresh.updated_at, fresh.status) == (attempt.updated_at, attempt.status)


def _download(client, **selection):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    data = {"action": "download_csv", "index": "0", **selection}
    if "ids" in data:
        data[ACTION_CHECKBOX_NAME] = [str(pk) for pk in data.pop("ids")]
    response = client.post(reverse("admin:donations_donation_changelist"), data)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_staff_download_the_selected_gifts_as_csv_with_exact_amounts(client, campaign, alice_page, bob_page, staff):
    from jfa.core.money import Money
    from jfa.donations.actions import return_gift

    usd = give(page=alice_page, amount_minor=12_345, cover_fee=True)
    cad = give(page=bob_page, amount_minor=5_000)
    give(page=alice_page, amount_minor=700)  # not selected
    return_gift(donation=cad, amount=Money(1_250, "CAD"), kind="refund", reason="Asked", idempotency_key="csv-1")
    # Donor-typed text that a spreadsheet would run as a formula.
    Donation.objects.filter(pk=usd.pk).update(donor_name='=HYPERLINK("http://evil.example","Click")', message="+1 go")
    client.force_login(staff)

    header, *rows = _download(client, ids=[usd.pk, cad.pk])
    assert header[:9] == [
        "reference", "created_at", "succeeded_at", "status", "amount", "currency",
        "fee_covered_by_donor", "processing_fee", "returned",
    ]  # fmt: skip
    assert len(rows) == 2
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    first, second = by_reference[str(usd.public_id)], by_reference[str(cad.public_id)]
    assert (first["amount"], first["currency"], first["returned"]) == ("123.45", "USD", "0.00")
    assert first["fee_covered_by_donor"] == f"{usd.fee_covered_minor / 100:.2f}" != "0.00"
    assert (second["amount"], second["currency"], second["returned"]) == ("50.00", "CAD", "12.50")
    assert first["donor_name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert first["message"] == "'+1 go"
    assert first["page"] == alice_page.display_name and second["page"] == bob_page.display_name
    assert first["donor_email"] == "dana@example.net"


def test_all_gifts_of_a_filtered_list_download_at_once(client, campaign, alice_page, bob_page, staff):
    for minor in (1_000, 2_000, 3_000):
        give(page=alice_page, amount_minor=minor)
    give(page=bob_page, amount_minor=4_000)
    client.force_login(staff)
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    url = reverse("admin:donations_donation_changelist") + "?currency__exact=USD"
    response = client.post(
        url, {"action": "download_csv", "index": "0", "select_across": "1", ACTION_CHECKBOX_NAME: ["0"]}
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))[1:]
    assert sorted(row[4] for row in rows) == ["10.00", "20.00", "30.00"]


def test_the_admin_home_leaves_out_how_totals_are_stored_but_their_list_still_opens(
    client, campaign, alice_page, staff
):
    give(page=alice_page, amount_minor=2_500)
    client.force_login(staff)

    home = client.get(reverse("admin:index")).content.decode()
    assert "Total shards" not in home
    assert "Donations" in home and "Payment attempts" in home
    shards = client.get(reverse("admin:donations_totalshard_changelist"))
    assert shards.status_code == 200
    assert "US$25.00" in shards.content.decode()


def test_a_donor_made_anonymous_by_staff_leaves_every_wall_at_once(
    client, campaign, staff, alice_page, team, time_machine
):
    alice_page.refresh_from_db()  # the captain's page is on the team
    gift = give(page=alice_page, amount_minor=2_500)
    walls = [alice_page.get_absolute_url(), team.get_absolute_url()]
    for url in walls:
        assert "Dana Donor" in client.get(url).content.decode()  # and kept for readers
    client.force_login(staff)
    url = reverse("admin:donations_donation_change", args=[gift.pk])
    form = client.get(url).context["adminform"].form
    assert set(form.fields) == set(DONOR_DETAILS)  # what staff may correct, and no more

    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.update({"is_anonymous": "on", "donor_name": "Dana Donor"})
    for inline in ("attempts", "refunds", "thanks"):
        data.update({f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    for url in walls:
        html = client.get(url).content.decode()
        assert "Dana Donor" not in html, url
        assert "Anonymous" in html, url
    # The home page's newest gifts are drawn afresh every ten seconds, by design.
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=11))
    assert "Dana Donor" not in client.get("/").content.decode()
