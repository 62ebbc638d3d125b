import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jfa.campaigns.demo import PARTNERS, TIERS, load_demo
from jfa.campaigns.demo_photos import CAPTIONS
from jfa.campaigns.models import AdvocatePage, DressLogEntry, Team
from jfa.donations.models import Donation, DonorThanks, Refund, TotalScope, TotalShard
from jfa.donations.totals import total_for
from jfa.ledger.gifts import gift_key
from jfa.ledger.models import AccountRole, JournalEntry
from jfa.stories.demo_fr import SPOTLIGHTS_FR

pytestmark = pytest.mark.django_db


def test_the_demo_mirrors_the_campaign_and_loading_it_twice_changes_nothing():
    first = load_demo(donation_count=500)
    snapshot = (
        AdvocatePage.objects.count(),
        Team.objects.count(),
        Donation.objects.count(),
        sorted(TotalShard.objects.values_list("scope", "scope_id", "currency", "amount_minor", "gift_count")),
        sorted(DonorThanks.objects.values_list("donation_id", "note")),
    )
    load_demo(donation_count=500)
    again = (
        AdvocatePage.objects.count(),
        Team.objects.count(),
        Donation.objects.count(),
        sorted(TotalShard.objects.values_list("scope", "scope_id", "currency", "amount_minor", "gift_count")),
        sorted(DonorThanks.objects.values_list("donation_id", "note")),
    )

    assert snapshot == again
    assert Refund.objects.count() == first.returned == 3
    assert DonorThanks.objects.count() == 18  # six advocates thanked their first three donors
    assert first.advocates >= 30 and first.teams >= 5
    assert Donation.objects.filter(status__in=["succeeded", "refunded"]).count() == 500
    assert AdvocatePage.objects.filter(country="CA", currency="CAD").count() >= 5
    assert len(set(AdvocatePage.objects.values_list("country", flat=True))) >= 5
    assert all(team.captain_id for team in Team.objects.all())
    campaign_total = total_for(TotalScope.CAMPAIGN, first.campaign.pk)
    for currency in ("USD", "CAD"):
        kept = Donation.objects.filter(currency=currency, status="succeeded")
        partly_returned = Refund.objects.filter(donation__in=kept)
        assert campaign_total.amounts[currency] == sum(kept.values_list("amount_minor", flat=True)) - sum(
            partly_returned.values_list("amount_minor", flat=True)
        )


def test_the_demo_returns_a_few_gifts_as_a_campaign_would():
    load_demo(donation_count=500)
    returns = {refund.kind + ":" + refund.currency: refund for refund in Refund.objects.select_related("donation")}
    assert set(returns) == {"refund:CAD", "refund:USD", "dispute:USD"}
    # Given twice by mistake: all of it back, and the gift no longer counts.
    assert returns["refund:CAD"].amount_minor == returns["refund:CAD"].donation.amount_minor >= 5_000
    assert returns["refund:CAD"].donation.status == "refunded"
    # Half of a gift back: the rest still counts.
    assert returns["refund:USD"].amount_minor * 2 == returns["refund:USD"].donation.amount_minor
    assert returns["refund:USD"].donation.status == "succeeded"
    # A lost dispute: every entry reverses the gift's, and the dispute fee is in the books.
    assert returns["dispute:USD"].donation.status == "refunded"
    for refund in returns.values():
        assert JournalEntry.objects.filter(reverses__idempotency_key=gift_key(refund.donation_id)).exists()
    dispute = JournalEntry.objects.get(reverses__idempotency_key=gift_key(returns["dispute:USD"].donation_id))
    fees = dispute.postings.filter(account__role=AccountRole.PROCESSOR_FEES)
    assert list(fees.values_list("debit_minor", flat=True)) == [1_500]
    # A Canadian gift of CA$50 or more sent back goes on the charity's returned-gift report.
    canadian = JournalEntry.objects.get(reverses__idempotency_key=gift_key(returns["refund:CAD"].donation_id))
    assert canadian.returned_gift_report


def test_the_demo_books_verify_and_every_total_equals_the_ledger(capsys):
    # What bin/demo loads: the same command, with its defaults.
    call_command("load_demo")
    call_command("verify_ledger")
    call_command("verify_totals")

    out = capsys.readouterr().out
    entries = int(re.search(r"Ledger OK: (\d+) entries verified", out).group(1))
    # One entry per succeeded gift at least (refunds and disbursements add more).
    assert entries >= Donation.objects.filter(status="succeeded").count() >= 500
    assert "Every page, team and campaign total equals the ledger." in out


def test_the_demo_advocate_signs_in_and_sees_their_own_dashboard(client):
    from jfa.campaigns.demo import ADVOCATE_EMAIL, ADVOCATE_PASSWORD

    load_demo(donation_count=20)
    load_demo(donation_count=20)  # a second load keeps the one address and the password
    response = client.post(reverse("account_login"), {"login": ADVOCATE_EMAIL, "password": ADVOCATE_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:dashboard")
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    page = AdvocatePage.objects.get(owner__email=ADVOCATE_EMAIL)
    assert page.team is not None and page.team.captain_id == page.owner_id
    assert page.display_name in dashboard
    assert page.team.name in dashboard
    # Every other demo advocate has no password at all: only the published one signs in.
    other = AdvocatePage.objects.exclude(owner__email=ADVOCATE_EMAIL).first()
    assert other is not None and not other.owner.has_usable_password()


def test_the_demo_staff_login_works_on_the_site_as_in_the_back_office(client):
    from jfa.campaigns.demo import STAFF_EMAIL, STAFF_PASSWORD

    load_demo(donation_count=20)
    # A sign-in tried on a demo database from before left the address waiting for confirmation.
    EmailAddress.objects.filter(email=STAFF_EMAIL).update(verified=False, primary=False)
    response = client.post(reverse("account_login"), {"login": STAFF_EMAIL, "password": STAFF_PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    load_demo(donation_count=20)
    response = client.post(reverse("account_login"), {"login": STAFF_EMAIL, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")  # not "verify your email address"
    assert client.get(reverse("admin:index")).status_code == 200


def test_once_december_begins_the_demo_advocates_have_posted_dress_log_photos(client, time_machine):
    load_demo(donation_count=20)
    assert not DressLogEntry.objects.exists()  # 25 November: the log has not opened
    time_machine.move_to(datetime.datetime(2026, 12, 5, 20, 0, tzinfo=datetime.UTC))  # 15:00 in Toronto
    result = load_demo(donation_count=20)
    entries = DressLogEntry.objects.select_related("page")
    assert result.dress_log_photos == entries.count() > 0
    # Only days that have begun, by most advocates (every fourth posts nothing), each day once.
    assert {entry.day for entry in entries} == {1, 2, 3, 4, 5}
    assert 20 <= len({entry.page_id for entry in entries}) <= 27
    for entry in entries:
        garment = "tie" if entry.page.commitment == "tie" else "dress"
        alt = re.fullmatch(
            rf"(An?) ([a-z ]+) {garment} on a [a-z ]+ background \(a drawing for the demo\)", entry.photo_alt
        )
        assert alt and (alt[1] == "An") == (alt[2][0] in "aeiou"), entry.photo_alt  # "An emerald green dress"
        assert entry.photo and entry.thumbnail
        assert timezone.localtime(entry.created_at).day == entry.day and entry.created_at <= timezone.now()
    home = client.get("/").content.decode()
    assert "Fresh from the dress log" in home
    # Loading again the same day changes nothing.
    posted = sorted(entries.values_list("page_id", "day", "caption", "photo_alt"))
    assert load_demo(donation_count=20).dress_log_photos == len(posted)
    assert sorted(entries.values_list("page_id", "day", "caption", "photo_alt")) == posted


def test_a_demo_loaded_in_december_has_gifts_up_to_the_moment_it_was_loaded(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 12, 20, 0, tzinfo=datetime.UTC))
    load_demo(donation_count=100)
    times = sorted(Donation.objects.filter(idempotency_key__startswith="demo-").values_list("succeeded_at", flat=True))
    assert times[0] >= datetime.datetime(2026, 10, 1, 13, tzinfo=datetime.UTC)  # registration opened
    assert times[-1] <= timezone.now()
    # Gifts keep coming in during the campaign, not only before it.
    assert sum(when.date() >= datetime.date(2026, 12, 1) for when in times) >= 10
    # Each gift's card was charged when the gift was made.
    for gift in Donation.objects.filter(idempotency_key__startswith="demo-").prefetch_related("attempts"):
        assert [(a.created_at, a.updated_at) for a in gift.attempts.all()] == [(gift.created_at, gift.created_at)]


def test_the_demos_french_follows_the_sites_typography():
    """Curly apostrophes and a no-break space before a colon, as in the site's French catalogue."""
    french = [description_fr for tiers in TIERS.values() for _amount, _english, description_fr in tiers]
    french += [caption for caption in CAPTIONS if "aujourd" in caption]
    french += [partner[-1] for partner in PARTNERS]  # every partner's summary, in French too
    french += [text for spotlight in SPOTLIGHTS_FR.values() for text in spotlight]
    assert len(french) == 9 + 5 + 15 and all(french)
    for text in french:
        assert "'" not in text, text
        assert " :" not in text and " ;" not in text, text
