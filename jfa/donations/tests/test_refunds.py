"""Refunds and disputes reverse a gift: totals go down, the books keep both entries."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jfa.core.money import Money
from jfa.core.testing import give
from jfa.donations.actions import DonationError, return_gift
from jfa.donations.checks import compare_totals_with_ledger
from jfa.donations.models import Donation, DonationStatus, TotalScope
from jfa.donations.totals import total_for
from jfa.ledger.models import JournalEntry
from jfa.ledger.queries import trial_balance

pytestmark = pytest.mark.django_db


def test_a_partial_refund_lowers_every_total_and_keeps_the_gift(campaign, alice_page, team):
    alice_page.refresh_from_db()
    gift = give(page=alice_page, amount_minor=10_000)
    return_gift(donation=gift, amount=Money(2_500, "USD"), kind="refund", reason="Asked by donor", idempotency_key="r1")

    gift.refresh_from_db()
    assert gift.status == DonationStatus.SUCCEEDED
    for scope, pk in [(TotalScope.PAGE, alice_page.pk), (TotalScope.TEAM, team.pk), (TotalScope.CAMPAIGN, campaign.pk)]:
        assert total_for(scope, pk).money("USD") == Money(7_500, "USD")
        assert total_for(scope, pk).gift_count == 1
    assert JournalEntry.objects.count() == 2  # the gift and its reversal, neither erased
    assert compare_totals_with_ledger() == []


def test_a_full_refund_stops_the_gift_counting(client, campaign, alice_page):
    gift = give(page=alice_page, amount_minor=4_000)
    return_gift(donation=gift, amount=Money(4_000, "USD"), kind="refund", reason="Duplicate", idempotency_key="r2")

    gift.refresh_from_db()
    assert gift.status == DonationStatus.REFUNDED
    with pytest.raises(DonationError, match="already been returned in full"):
        return_gift(donation=gift, amount=Money(1, "USD"), kind="refund", reason="Again", idempotency_key="r3")
    total = total_for(TotalScope.PAGE, alice_page.pk)
    assert (total.money("USD"), total.gift_count) == (Money(0, "USD"), 0)
    assert "Dana Donor" not in client.get(alice_page.get_absolute_url()).content.decode()


def test_a_dispute_reverses_the_gift_like_a_refund(campaign, bob_page):
    gift = give(page=bob_page, amount_minor=6_000, cover_fee=True)
    return_gift(
        donation=gift,
        amount=Money(6_000, "CAD"),
        kind="dispute",
        reason="Card dispute lost",
        idempotency_key="d1",
        processor_fee=Money(1_500, "CAD"),
    )

    assert total_for(TotalScope.PAGE, bob_page.pk).money("CAD") == Money(0, "CAD")
    reversal = JournalEntry.objects.get(reverses__isnull=False)
    assert reversal.returned_gift_report  # a Canadian gift of CA$50 or more
    assert compare_totals_with_ledger() == []
    assert all(tb.is_balanced for tb in trial_balance().values())


def test_replaying_a_refund_changes_nothing(campaign, alice_page):
    gift = give(page=alice_page, amount_minor=5_000)
    first = return_gift(donation=gift, amount=Money(1_000, "USD"), kind="refund", reason="x", idempotency_key="same")
    again = return_gift(donation=gift, amount=Money(1_000, "USD"), kind="refund", reason="x", idempotency_key="same")

    assert first.pk == again.pk
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == Money(4_000, "USD")


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Money(0, "USD"), "between"), (Money(5_001, "USD"), "between"), (Money(100, "CAD"), "currency")],
)
def test_refunding_more_than_is_left_or_in_another_currency_is_refused(campaign, alice_page, amount, message):
    gift = give(page=alice_page, amount_minor=5_000)
    with pytest.raises(DonationError, match=message):
        return_gift(donation=gift, amount=amount, kind="refund", reason="x", idempotency_key="bad")
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == Money(5_000, "USD")
    assert JournalEntry.objects.count() == 1


def test_a_failed_gift_cannot_be_refunded(campaign, alice_page):
    gift = give(page=alice_page, amount_minor=5_000, card="4000000000000002")
    with pytest.raises(DonationError):
        return_gift(donation=gift, amount=Money(5_000, "USD"), kind="refund", reason="x", idempotency_key="f")


def test_staff_refund_from_the_admin(client, campaign, alice_page, staff):
    gift = give(page=alice_page, amount_minor=5_000)
    client.force_login(staff)
    url = reverse("admin:donations_donation_return", args=[gift.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "refund", "amount": "20", "reason": "Donor asked", "idempotency_key": "k" * 32}
    )
    assert response.status_code == 302
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == Money(3_000, "USD")
    bad = client.post(url, {"kind": "refund", "amount": "999", "reason": "Too much", "idempotency_key": "z" * 32})
    assert bad.status_code == 200
    assert "can return between" in bad.content.decode()


def test_advocates_cannot_reach_the_refund_screen(client, campaign, alice, alice_page):
    gift = give(page=alice_page, amount_minor=5_000)
    client.force_login(alice)
    response = client.get(reverse("admin:donations_donation_return", args=[gift.pk]))
    assert response.status_code == 302  # to the admin login
    assert total_for(TotalScope.PAGE, alice_page.pk).money("USD") == Money(5_000, "USD")


def test_verify_totals_command_passes_and_names_a_drift(campaign, alice_page):
    give(page=alice_page, amount_minor=5_000)
    call_command("verify_totals")
    from jfa.donations.models import TotalShard

    TotalShard.objects.filter(scope="page").update(amount_minor=1)
    with pytest.raises(Exception, match="differ from the ledger"):
        call_command("verify_totals")


def test_returned_gifts_lists_canadian_gifts_of_fifty_dollars_or_more_returned_that_year(
    campaign, alice_page, bob_page
):
    import csv
    import io

    from django.utils import timezone

    big = give(page=bob_page, amount_minor=10_000)
    small = give(page=bob_page, amount_minor=4_000)
    american = give(page=alice_page, amount_minor=10_000)
    return_gift(donation=big, amount=Money(3_000, "CAD"), kind="refund", reason="=HYPERLINK(1)", idempotency_key="a")
    return_gift(donation=small, amount=Money(4_000, "CAD"), kind="refund", reason="Small", idempotency_key="b")
    return_gift(donation=american, amount=Money(10_000, "USD"), kind="dispute", reason="Bank", idempotency_key="c")

    out, err = io.StringIO(), io.StringIO()
    call_command("returned_gifts", year=timezone.localdate().year, stdout=out, stderr=err)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(row["gift_reference"], row["amount"], row["currency"], row["gift_amount"]) for row in rows] == [
        (str(big.public_id), "30.00", "CAD", "100.00")
    ]
    assert rows[0]["kind"] == "refund" and rows[0]["donor_name"] == "Dana Donor"
    assert rows[0]["reason"] == "'=HYPERLINK(1)"  # typed text never runs as a spreadsheet formula
    flagged = JournalEntry.objects.get(returned_gift_report=True)
    assert rows[0]["ledger_entry"] == str(flagged.sequence)
    assert "1 returned gift(s)" in err.getvalue()

    out = io.StringIO()
    call_command("returned_gifts", year=timezone.localdate().year - 1, stdout=out, stderr=io.StringIO())
    assert out.getvalue().count("\n") == 1  # the header alone


def test_the_thank_you_page_of_a_returned_gift_says_it_was_returned_not_that_the_payment_failed(
    client, campaign, alice_page, bob_page
):
    full = give(page=alice_page, amount_minor=4_000)
    return_gift(donation=full, amount=Money(4_000, "USD"), kind="refund", reason="Duplicate", idempotency_key="t1")
    html = client.get(reverse("donations:thanks", args=[full.public_id])).content.decode()
    assert "This gift was returned to you" in html
    assert "Your gift of US$40.00 was received, then returned to you in full." in html
    assert "US$40.00 refunded to your card on" in html
    assert "did not go through" not in html and "No money was taken" not in html
    assert f"?reference={full.public_id}" in html  # the gift and its return are both in the books

    part = give(page=alice_page, amount_minor=10_000)
    return_gift(donation=part, amount=Money(2_500, "USD"), kind="refund", reason="Asked", idempotency_key="t2")
    html = client.get(reverse("donations:thanks", args=[part.public_id])).content.decode()
    assert '<h1 class="ok">Thank you, Dana Donor!</h1>' in html
    assert "US$25.00 refunded to your card on" in html

    disputed = give(page=bob_page, amount_minor=6_000)
    return_gift(donation=disputed, amount=Money(6_000, "CAD"), kind="dispute", reason="Lost", idempotency_key="t3")
    html = client.get(
        reverse("donations:thanks", args=[disputed.public_id]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Ce don vous a été rendu" in html
    assert "repris par la banque de votre carte à la suite d’une contestation" in html


def refund_emails():
    from django.core import mail

    return [m for m in mail.outbox if "refunded" in m.subject or "remboursé" in m.subject]


def test_a_refund_tells_the_donor_once_it_commits_in_their_language(
    campaign, alice_page, django_capture_on_commit_callbacks
):
    from django.core import mail

    gift = give(page=alice_page, amount_minor=10_000)
    Donation.objects.filter(pk=gift.pk).update(language="fr")
    gift.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        return_gift(donation=gift, amount=Money(2_500, "USD"), kind="refund", reason="Asked", idempotency_key="m1")
    assert mail.outbox == []  # nothing leaves before the refund commits
    for callback in callbacks:
        callback()  # also sends the gift's own emails, queued by give() and not yet run
    [message] = refund_emails()
    assert message.to == ["dana@example.net"]
    assert message.subject == "Votre don à Dress for Freedom 2026 a été remboursé"
    assert "Nous vous avons remboursé 25,00\u00a0$\u00a0US de votre don de 100,00\u00a0$\u00a0US" in message.body
    assert f"?reference={gift.public_id}" in message.body
    assert "Asked" not in message.body  # the staff's reason stays internal
    assert message.reply_to == [settings.CONTACT_EMAIL]
    assert f"Répondez à ce courriel ou écrivez à {settings.CONTACT_EMAIL}." in message.body

    # Replaying the same refund sends nothing more; neither does a dispute (the bank tells the donor).
    with django_capture_on_commit_callbacks(execute=True):
        return_gift(donation=gift, amount=Money(2_500, "USD"), kind="refund", reason="Asked", idempotency_key="m1")
        return_gift(donation=gift, amount=Money(7_500, "USD"), kind="dispute", reason="Lost", idempotency_key="m2")
    assert len(refund_emails()) == 1


def test_a_full_refund_says_so(campaign, alice_page, django_capture_on_commit_callbacks):
    from django.core import mail

    gift = give(page=alice_page, amount_minor=4_000)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return_gift(donation=gift, amount=Money(4_000, "USD"), kind="refund", reason="Twice", idempotency_key="m3")
    [message] = refund_emails()
    assert message.subject == "Your gift to Dress for Freedom 2026 has been refunded"
    assert "We have refunded your gift of US$40.00 to Dress for Freedom 2026 in full." in message.body
    assert "processing fee" not in message.body  # the donor covered none


def test_the_refund_email_counts_the_covered_fee_that_goes_back_to_the_card(
    campaign, alice_page, django_capture_on_commit_callbacks
):
    from django.core import mail

    gift = give(page=alice_page, amount_minor=10_000, cover_fee=True)  # card charged US$103.30
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return_gift(donation=gift, amount=Money(2_500, "USD"), kind="refund", reason="Half", idempotency_key="c1")
        return_gift(donation=gift, amount=Money(7_500, "USD"), kind="refund", reason="Rest", idempotency_key="c2")
    part, rest = refund_emails()  # in the order the refunds were made
    # A quarter of the gift takes a quarter of the fee (82 of 330 cents, the books' rounding) with
    # it; the rest takes what is left of the fee, so the card gets back exactly what it paid.
    assert "We have refunded US$25.00 of your gift of US$100.00" in part.body
    assert "With the processing fee you covered, US$25.82 goes back to your card." in part.body
    assert "With the processing fee you covered, US$77.48 goes back to your card." in rest.body
    assert 2_582 + 7_748 == gift.charged.minor
    # The gift's own page, which the donor keeps, says the same.
    html = Client().get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert "US$25.82 refunded to your card on" in html and "US$77.48 refunded to your card on" in html
