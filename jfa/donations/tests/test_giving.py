"""Giving on advocate and team pages, through the donation form and the sandbox provider."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from jfa.core.money import Money
from jfa.core.testing import gift_form as form_data
from jfa.core.testing import give
from jfa.donations.models import Donation, DonationStatus, TotalScope, TotalShard
from jfa.donations.totals import total_for
from jfa.payments.actions import confirm_payment
from jfa.payments.models import AttemptStatus, PaymentAttempt

pytestmark = pytest.mark.django_db

SUCCEEDS, DECLINED, NEEDS_AUTH = "4242424242424242", "4000000000000002", "4000000000003220"


def raised(scope, scope_id, currency):
    return total_for(scope, scope_id).money(currency)


def test_a_succeeded_gift_raises_page_team_and_campaign_totals_once(client, campaign, alice_page, team):
    alice_page.refresh_from_db()
    response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(amount="25.50"))

    donation = Donation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("donations:thanks", args=[donation.public_id])
    assert donation.status == DonationStatus.SUCCEEDED
    assert donation.amount == Money(2550, "USD")
    assert donation.team == team
    assert raised(TotalScope.PAGE, alice_page.pk, "USD") == Money(2550, "USD")
    assert raised(TotalScope.TEAM, team.pk, "USD") == Money(2550, "USD")
    assert raised(TotalScope.CAMPAIGN, campaign.pk, "USD") == Money(2550, "USD")
    assert total_for(TotalScope.PAGE, alice_page.pk).gift_count == 1


def test_resubmitting_the_same_form_makes_no_second_gift(client, campaign, alice_page):
    data = form_data()
    url = reverse("donations:give_to_page", args=[alice_page.slug])
    first = client.post(url, data)
    second = client.post(url, data)

    assert Donation.objects.count() == 1
    assert PaymentAttempt.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert raised(TotalScope.PAGE, alice_page.pk, "USD") == Money(2500, "USD")


def test_thank_you_page_and_emails_to_donor_and_page_owner(
    client, campaign, alice_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(), follow=True)

    assert "Thank you, Dana Donor!" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()  # the donor's own page
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.net"]
    # The donor can answer the thank-you and reach people; it ends by saying how, and signs.
    [to_donor] = [m for m in mail.outbox if m.to == ["dana@example.net"]]
    assert to_donor.reply_to == [settings.CONTACT_EMAIL]
    assert to_donor.body.endswith(
        f"Questions about your gift? Reply to this email or write to {settings.CONTACT_EMAIL}.\n\nJustice For All\n"
    )
    [to_owner] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert to_owner.reply_to == [] and to_owner.body.endswith("\nJustice For All\n")

    # The thank-you page leads the donor straight to their gift's entry in the published books.
    lookup = re.search(r'href="(/transparency/gift/\?reference=[0-9a-f-]{36})"', response.content.decode())
    assert lookup is not None
    assert "Yes: your gift is in the books" in client.get(lookup.group(1)).content.decode()


def test_no_email_leaves_before_the_gift_commits(client, campaign, alice_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data())
    assert mail.outbox == []
    assert callbacks  # the emails wait for the commit


def test_a_declined_card_shows_an_error_and_changes_no_total(client, campaign, alice_page):
    response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(card_number=DECLINED))

    assert response.status_code == 400
    assert "Your card was declined." in response.content.decode()
    assert Donation.objects.get().status == DonationStatus.FAILED
    assert not TotalShard.objects.exists()


def test_after_a_decline_the_donor_can_try_another_card(client, campaign, alice_page):
    url = reverse("donations:give_to_page", args=[alice_page.slug])
    declined = client.post(url, form_data(card_number=DECLINED))
    retry = declined.context["form"].data.copy()
    retry["card_number"] = SUCCEEDS
    response = client.post(url, retry)

    assert response.status_code == 302
    assert Donation.objects.filter(status=DonationStatus.SUCCEEDED).count() == 1
    assert raised(TotalScope.PAGE, alice_page.pk, "USD") == Money(2500, "USD")


def test_a_card_needing_authentication_counts_only_once_approved(client, campaign, alice_page):
    response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(card_number=NEEDS_AUTH))
    donation = Donation.objects.get()
    assert response["Location"] == reverse("payments:sandbox_authorize", args=[donation.public_id])
    assert donation.status == DonationStatus.PENDING
    assert not TotalShard.objects.exists()

    client.post(response["Location"], {"decision": "approve"})

    donation.refresh_from_db()
    assert donation.status == DonationStatus.SUCCEEDED
    assert raised(TotalScope.PAGE, alice_page.pk, "USD") == Money(2500, "USD")


def test_a_replayed_confirmation_counts_the_gift_once(campaign, alice_page):
    donation = give(page=alice_page, amount_minor=4000, card=NEEDS_AUTH)
    attempt = donation.attempts.get()
    fee = Money(146, "USD")
    confirm_payment(attempt_id=attempt.pk, reference=attempt.provider_reference, fee=fee)
    confirm_payment(attempt_id=attempt.pk, reference=attempt.provider_reference, fee=fee)

    assert PaymentAttempt.objects.get().status == AttemptStatus.SUCCEEDED
    assert total_for(TotalScope.PAGE, alice_page.pk).gift_count == 1
    assert raised(TotalScope.PAGE, alice_page.pk, "USD") == Money(4000, "USD")


def test_a_donor_covering_the_fee_is_charged_the_gift_plus_the_exact_fee(
    campaign, alice_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        donation = give(page=alice_page, amount_minor=10_000, cover_fee=True)
        give(page=alice_page, amount_minor=2_500)

    # Sandbox fee: 2.9% + 30 cents of what is charged. 10,330 charged → fee 300 + 30 = 330.
    assert donation.charged == Money(10_330, "USD")
    assert donation.fee_covered_minor == 330
    assert donation.fee_minor == 330
    assert raised(TotalScope.PAGE, alice_page.pk, "USD") == Money(12_500, "USD")
    # The thank-you email says what the card statement will show; a gift without the fee, nothing.
    covered, plain = sorted((m for m in mail.outbox if m.to == ["dana@example.net"]), key=lambda m: "103.30" in m.body)[
        ::-1
    ]
    assert (
        "Thank you for your gift of US$100.00 to Dress for Freedom 2026.\n"
        "Your card was charged US$103.30, including the processing fee you chose to cover.\n"
    ) in covered.body
    assert "Thank you for your gift of US$25.00" in plain.body and "Your card was charged" not in plain.body


def test_a_canadian_page_takes_canadian_dollars(client, campaign, bob_page):
    response = client.post(
        reverse("donations:give_to_page", args=[bob_page.slug]), form_data(currency="CAD", amount="40")
    )
    assert response.status_code == 302
    assert raised(TotalScope.PAGE, bob_page.pk, "CAD") == Money(4000, "CAD")


def test_a_gift_to_a_team_page_counts_for_the_team_and_campaign(client, campaign, team):
    response = client.post(reverse("donations:give_to_team", args=[team.slug]), form_data(amount="60"))
    assert response.status_code == 302
    assert raised(TotalScope.TEAM, team.pk, "USD") == Money(6000, "USD")
    assert raised(TotalScope.CAMPAIGN, campaign.pk, "USD") == Money(6000, "USD")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "0", "The smallest gift"),
        ("amount", "-10", "greater than zero"),
        ("amount", "ten dollars", "as a number"),
        ("amount", "10.001", "at most 2 decimal places"),
        ("amount", "100001", "cannot be made online"),
        ("amount", "10000000000000", "That amount is too large."),
        ("currency", "CAD", "This page takes gifts in USD."),
        ("currency", "EUR", "This page takes gifts in USD."),
        ("donor_email", "not-an-email", "valid email"),
        ("card_number", "4242-abcd", "card number as digits"),
        ("card_expiry", "13/30", "MM/YY"),
        ("card_expiry", "01/20", "This card has expired"),
        ("idempotency_key", "short", "expired"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(client, campaign, alice_page, field, value, message):
    response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(**{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Donation.objects.exists()
    assert not PaymentAttempt.objects.exists()
    assert not TotalShard.objects.exists()


def test_a_message_with_html_is_shown_escaped_on_the_donor_wall(client, campaign, alice_page):
    client.post(
        reverse("donations:give_to_page", args=[alice_page.slug]),
        form_data(message='<script>alert("x")</script><img src=x onerror=alert(1)>'),
    )
    html = client.get(alice_page.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_anonymous_gifts_show_as_anonymous(client, campaign, alice_page):
    client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(is_anonymous="on"))
    html = client.get(alice_page.get_absolute_url()).content.decode()
    assert "Anonymous" in html
    assert "Dana Donor" not in html


def test_the_donor_wall_says_it_shows_only_the_newest_gifts(client, campaign, alice_page, team):
    alice_page.team = team
    alice_page.save(update_fields=["team"])
    for _ in range(3):
        give(page=alice_page, amount_minor=1000)
    for url in (alice_page.get_absolute_url(), team.get_absolute_url()):
        assert "most recent" not in client.get(url).content.decode()

    for _ in range(20):
        give(page=alice_page, amount_minor=1000)
    for url in (alice_page.get_absolute_url(), team.get_absolute_url()):
        html = client.get(url).content.decode()
        assert html.count("<strong>Dana Donor</strong>") == 20
        assert "The 20 most recent of 23 gifts." in html


def test_giving_to_an_unknown_page_is_not_found(client, campaign):
    assert client.get(reverse("donations:give_to_page", args=["nobody"])).status_code == 404
    assert client.post(reverse("donations:give_to_page", args=["nobody"]), form_data()).status_code == 404


def test_the_form_shows_the_exact_fee_a_donor_would_cover(client, campaign):
    response = client.get(reverse("donations:fee_preview"), {"amount": "100", "currency": "USD"})
    # Unticked, the fee is what covering it would add; the card is charged the gift alone.
    assert "Covering the fee would add US$3.30, for US$103.30 in all." in response.content.decode()
    assert "charged" not in response.content.decode()
    # The button, swapped in beside it, says what the card will be charged.
    assert '<span id="give-label" hx-swap-oob="true">Give US$100.00</span>' in response.content.decode()
    covered = client.get(reverse("donations:fee_preview"), {"amount": "100", "currency": "USD", "cover_fee": "on"})
    assert "Covering the fee adds US$3.30: your card is charged US$103.30." in covered.content.decode()
    assert '<span id="give-label" hx-swap-oob="true">Give US$103.30</span>' in covered.content.decode()
    preset = client.get(reverse("donations:fee_preview"), {"preset_amount": "30.00", "currency": "CAD"})
    assert "Give CA$30.00</span>" in preset.content.decode()
    french = client.get(
        reverse("donations:fee_preview"), {"amount": "40", "currency": "CAD"}, headers={"Accept-Language": "fr"}
    )
    assert "Donner 40,00\u00a0$\u00a0CA</span>" in french.content.decode()
    assert (
        "Couvrir les frais ajouterait 1,50\u00a0$\u00a0CA, soit 41,50\u00a0$\u00a0CA en tout."
        in french.content.decode()
    )
    # Nothing a gift could be made of: no fee, and the button goes back to "Give now".
    unusable = (("abc", "USD"), ("-5", "USD"), ("0", "USD"), ("1000000", "USD"), ("10", "EUR"), ("1.234", "USD"))
    for amount, currency in unusable:
        nothing = client.get(reverse("donations:fee_preview"), {"amount": amount, "currency": currency})
        assert nothing.status_code == 200
        assert "Covering" not in nothing.content.decode()
        assert '<span id="give-label" hx-swap-oob="true">Give now</span>' in nothing.content.decode(), amount


def test_the_fee_choice_says_who_pays_the_fee_when_the_donor_does_not(client, campaign, alice_page):
    # Gifts reach partners whole either way: the choice is between the donor and the operating
    # fund, in both languages.
    page = client.get(reverse("donations:give_to_page", args=[alice_page.slug])).content.decode()
    assert "Also cover the card processing fee" in page
    assert "Your whole gift reaches the partner either way." in page
    assert "If you do not cover the fee, our operating fund pays it." in page
    french = client.get(
        reverse("donations:give_to_page", args=[alice_page.slug]), headers={"Accept-Language": "fr"}
    ).content.decode()
    assert "Couvrir aussi les frais de traitement de la carte" in french
    assert "Votre don parvient en entier au partenaire dans tous les cas." in french


def test_a_donor_giving_in_french_is_thanked_in_french(client, campaign, bob_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("donations:give_to_page", args=[bob_page.slug]),
            form_data(currency="CAD", amount="40"),
            headers={"Accept-Language": "fr"},
        )
    [to_donor] = [m for m in mail.outbox if m.to == ["dana@example.net"]]
    assert "Merci" in to_donor.subject
    assert "40,00" in to_donor.body
    # The email, like the thank-you page, points at the gift's own entry in the published books.
    reference = Donation.objects.get().public_id
    assert "Voir votre don dans les comptes publiés\u00a0:\nhttp://" in to_donor.body
    assert f"/transparency/gift/?reference={reference}\n" in to_donor.body
    assert f"Répondez à ce courriel ou écrivez à {settings.CONTACT_EMAIL}." in to_donor.body


def test_the_page_owner_hears_of_a_gift_in_their_own_language_not_the_donors(
    client, campaign, bob_page, django_capture_on_commit_callbacks
):
    bob_page.owner.language = "fr"
    bob_page.owner.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("donations:give_to_page", args=[bob_page.slug]), form_data(currency="CAD", amount="40"))
    [to_donor] = [m for m in mail.outbox if m.to == ["dana@example.net"]]
    [to_owner] = [m for m in mail.outbox if m.to == [bob_page.owner.email]]
    assert to_donor.subject.startswith("Thank you")
    assert to_owner.subject == "Vous avez reçu un don de 40,00\u00a0$\u00a0CA"
    assert to_owner.body.startswith(
        f"Bonjour {bob_page.display_name},\n\nDana Donor a donné 40,00\u00a0$\u00a0CA sur votre page."
    )
    assert f"{bob_page.get_absolute_url()}\n" in to_owner.body


def test_a_team_captain_hears_of_a_team_gift_with_its_message_and_anonymity_kept(
    client, campaign, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("donations:give_to_team", args=[team.slug]),
            form_data(currency=team.currency, amount="25", is_anonymous="on", message="Go team <3"),
        )
    [to_captain] = [m for m in mail.outbox if m.to == [team.captain.email]]
    assert to_captain.body.startswith(f"Hello,\n\nAnonymous gave US$25.00 to your team, {team.name}.")
    assert 'Their message: "Go team <3"' in to_captain.body
    assert "Dana" not in to_captain.body


def test_the_form_says_who_receives_the_gift_and_warns_a_donor_from_elsewhere(client, campaign, bob_page):
    same = client.get(reverse("donations:route_note", args=["page", bob_page.slug]), {"donor_country": "CA"})
    assert "International Justice Mission Canada" in same.content.decode()
    assert 'role="alert"' not in same.content.decode()

    other = client.get(reverse("donations:route_note", args=["page", bob_page.slug]), {"donor_country": "US"})
    html = other.content.decode()
    assert "receipts are for taxes in another country: Canada" in html
    assert "/search/?country=US" in html


def test_a_gift_is_routed_when_it_is_made_and_keeps_its_route(campaign, alice_page, bob_page):
    from jfa.ledger.models import RoutingRule

    us_gift = give(page=alice_page, amount_minor=1000)
    ca_gift = give(page=bob_page, amount_minor=1000)
    assert (us_gift.entity.code, ca_gift.entity.code) == ("us-foundation", "ijm-canada")

    RoutingRule.objects.update(is_active=False)  # rules changed later never rewrite history
    us_gift.refresh_from_db()
    assert us_gift.fund.is_restricted and us_gift.entity.code == "us-foundation"


def test_the_receipt_note_for_an_unknown_kind_or_page_is_not_found(client, campaign, bob_page):
    assert client.get(reverse("donations:route_note", args=["planet", bob_page.slug])).status_code == 404
    assert client.get(reverse("donations:route_note", args=["team", "no-team"])).status_code == 404


def test_a_donor_from_any_country_can_say_so_and_is_warned_in_their_language(client, campaign, alice_page):
    form = client.get(reverse("donations:give_to_page", args=[alice_page.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<option value="PL">Pologne</option>' in form.content.decode()
    assert 'autocomplete="country"' in form.content.decode()  # the browser may fill it in

    note = client.get(
        reverse("donations:route_note", args=["page", alice_page.slug]),
        {"donor_country": "PL"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    html = note.content.decode()
    assert "Pologne" in html and 'role="alert"' in html
    # No page of ours receipts for Polish taxes: the donor is told so, not sent to a search.
    assert "/search/" not in html
    assert "Nous ne pouvons pas émettre de reçu pour l’impôt de votre pays" in html

    response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(donor_country="PL"))
    assert response.status_code == 302
    assert Donation.objects.get().donor_country == "PL"


def test_a_country_that_is_not_one_is_refused_and_nothing_is_written(client, campaign, alice_page):
    response = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(donor_country="EU"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Donation.objects.exists()


def test_a_french_donor_typing_a_decimal_comma_gives_exactly_that(client, campaign, bob_page):
    url = reverse("donations:give_to_page", args=[bob_page.slug])
    response = client.post(url, form_data(currency="CAD", amount="25,50"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert Donation.objects.get().amount == Money(2550, "CAD")  # not 2 550,00 $

    # "1,000" could be a thousand or one dollar: the donor is asked, and nothing is written.
    unclear = client.post(url, form_data(currency="CAD", amount="1,000"), HTTP_ACCEPT_LANGUAGE="fr")
    assert unclear.status_code == 400
    assert "par exemple 50 ou 50,25" in unclear.content.decode()
    assert Donation.objects.count() == 1


def test_a_refused_gift_opens_with_a_summary_of_its_problems_linked_to_their_fields(client, campaign, bob_page):
    url = reverse("donations:give_to_page", args=[bob_page.slug])
    response = client.post(url, form_data(currency="CAD", amount="45.555", donor_email="dana@example"))
    html = response.content.decode()

    assert response.status_code == 400
    summary = html[
        html.index('<div class="error-summary"') : html.index("</div>", html.index('<div class="error-summary"'))
    ]
    assert 'role="alert" tabindex="-1" autofocus' in summary
    assert '<a href="#id_amount">Other amount: CAD amounts have at most 2 decimal places.</a>' in summary
    assert '<a href="#id_donor_email">Your email: Enter a valid email address.</a>' in summary
    assert Donation.objects.count() == 0

    declined = client.post(
        url, form_data(currency="CAD", amount="45", card_number="4000 0000 0000 0002"), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Votre don n’a pas encore été fait. Veuillez vérifier\u00a0:" in declined
    assert '<a href="#id_card_number">Numéro de carte' in declined


def test_a_page_without_errors_has_no_summary(client, campaign, bob_page):
    assert "error-summary" not in client.get(reverse("donations:give_to_page", args=[bob_page.slug])).content.decode()


def test_the_thank_you_page_says_what_the_gift_can_do_and_offers_the_page_to_share(client, campaign, alice_page):
    gift = give(page=alice_page, amount_minor=4_500)
    html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()

    # The largest suggested amount the gift reaches (the campaign's US$30 tier).
    assert "What your gift can do: US$30 can provide a trauma therapy session." in html
    assert '<h2 id="spread-title">Help Alice reach the goal</h2>' in html
    assert 'aria-label="Progress toward this page\'s goal"' in html
    assert "<strong>US$45.00</strong>" in html and "4% of goal · 1 gift" in html
    assert 'value="http://testserver/p/alice/"' in html
    assert "text=Alice%20wears%20a%20dress%20for%20freedom" in html  # shared with the page's own title

    small = give(page=alice_page, amount_minor=2_000)
    html = client.get(reverse("donations:thanks", args=[small.public_id])).content.decode()
    assert "What your gift can do" not in html
    assert "<strong>US$65.00</strong>" in html  # both gifts now count

    big = give(page=alice_page, amount_minor=100_000)
    html = client.get(reverse("donations:thanks", args=[big.public_id]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Aidez Alice à aller encore plus loin" in html  # past the goal
    # Staff wrote this tier in English only: the French page says which language it is in.
    assert 'Ce que votre don peut faire\u00a0: 30\u00a0$\u00a0US <span lang="en">can provide a trauma' in html


def test_a_tier_shown_in_english_on_the_french_form_says_so(client, campaign, alice_page):
    from jfa.campaigns.models import ImpactTier

    url = reverse("donations:give_to_page", args=[alice_page.slug])
    english_only = '<span lang="en">can provide a trauma therapy session</span>'
    assert english_only in client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<span>can provide a trauma therapy session</span>" in client.get(url).content.decode()

    ImpactTier.objects.filter(currency="USD").update(description_fr="peut offrir une séance de thérapie")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<span>peut offrir une séance de thérapie</span>" in french and english_only not in french


def test_the_thank_you_page_of_a_page_no_longer_online_leads_nowhere_it_cannot_go(client, campaign, alice_page):
    from jfa.campaigns.actions import set_page_published

    gift = give(page=alice_page, amount_minor=4_500)
    set_page_published(page=alice_page, published=False)  # the advocate hides it; a take-down is alike
    assert client.get(alice_page.get_absolute_url()).status_code == 404
    html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert "Thank you, Dana Donor!" in html
    assert "What your gift can do: US$30 can provide a trauma therapy session." in html
    assert "The page you gave on is not online at the moment. Your gift counts all the same" in html
    assert 'href="/p/alice/"' not in html and "spread-title" not in html and "/p/alice/" not in html
    assert "Wear it for freedom too" in html  # the invitation to open one's own page stays
    fr = client.get(reverse("donations:thanks", args=[gift.public_id]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "La page sur laquelle vous avez donné n’est pas en ligne pour le moment." in fr

    set_page_published(page=alice_page, published=True)
    html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert 'href="/p/alice/"' in html and "spread-title" in html


def test_the_thank_you_page_invites_the_donor_to_open_a_page_while_the_campaign_runs(client, campaign, alice_page):
    import datetime

    gift = give(page=alice_page, amount_minor=4_500)
    html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert '<h2 id="join-title">Wear it for freedom too</h2>' in html
    assert '<a class="button secondary" href="/accounts/signup/">Start your page</a>' in html

    campaign.registration_opens_on = datetime.date(2020, 10, 1)
    campaign.starts_on, campaign.ends_on = datetime.date(2020, 12, 1), datetime.date(2020, 12, 31)
    campaign.save()
    assert (
        "Wear it for freedom too" not in client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    )


def test_the_thank_you_page_escapes_names_once_and_shares_the_title_as_typed(client, campaign, alice_page):
    alice_page.display_name, alice_page.title = "Tom & Jerry <b>", 'Tom & "Jerry"'
    alice_page.save(update_fields=["display_name", "title"])
    gift = give(page=alice_page, amount_minor=4_500)
    html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert '<h2 id="spread-title">Help Tom &amp; Jerry &lt;b&gt; reach the goal</h2>' in html
    assert "text=Tom%20%26%20%22Jerry%22" in html  # as from the page itself, not its HTML entities


def test_the_thank_you_page_of_a_team_gift_shows_the_team(client, campaign, alice_page, team):
    gift = give(team=team, amount_minor=5_000)
    html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert "Help Tie One On reach the goal" in html
    assert 'aria-label="Progress toward the team goal"' in html
    assert f'value="http://testserver{team.get_absolute_url()}"' in html


def test_what_a_partly_returned_gift_can_do_counts_only_what_was_kept(client, campaign, alice_page):
    from jfa.donations.actions import return_gift

    gift = give(page=alice_page, amount_minor=4_500)
    return_gift(donation=gift, amount=Money(2_000, "USD"), kind="refund", reason="Asked", idempotency_key="k")
    html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert "What your gift can do" not in html  # US$25 kept, under the US$30 tier
    assert "US$20.00 refunded to your card on" in html


def test_no_share_block_on_a_failed_or_pending_gift(client, campaign, alice_page):
    for card in (DECLINED, NEEDS_AUTH):
        gift = give(page=alice_page, amount_minor=4_500, card=card)
        html = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
        assert "spread-title" not in html and "What your gift can do" not in html


@pytest.mark.parametrize(
    ("now", "expiry", "expired"),
    [
        # A card works through the last day of its month, on the campaign's clock (Toronto's).
        ("2026-12-31T23:30:00-05:00", "12/26", False),
        ("2026-12-31T23:30:00-05:00", "12/2026", False),
        ("2027-01-01T00:30:00-05:00", "12/26", True),
        ("2026-12-15T12:00:00-05:00", "11/26", True),
        ("2026-12-15T12:00:00-05:00", "01/27", False),
    ],
)
def test_a_card_past_its_expiry_month_is_refused_before_any_charge(now, expiry, expired):
    import time_machine

    from jfa.donations.forms import DonationForm

    with time_machine.travel(now, tick=False):
        form = DonationForm(form_data(card_expiry=expiry), currency="USD")
        assert form.is_valid() is not expired
    if expired:
        assert form.errors["card_expiry"] == ["This card has expired: try another."]


def test_direction_controls_typed_into_a_name_or_message_are_dropped_so_they_cannot_garble_the_walls(
    client, campaign, alice_page
):
    """An unclosed right-to-left override in a donor's name would show the rest of the home page's
    "… gave US$25.00 to Alice" line backwards."""
    response = client.post(
        reverse("donations:give_to_page", args=[alice_page.slug]),
        form_data(donor_name="Dana\u202e Donor\u2067", message="\u202dKeep going!\u202c \u200fشكرا"),
    )
    assert response.status_code == 302
    gift = Donation.objects.get()
    assert gift.donor_name == "Dana Donor"
    assert gift.message == "Keep going! \u200fشكرا"  # a right-to-left mark closes nothing and stays


def test_a_name_made_only_of_direction_controls_is_no_name(client, campaign, alice_page):
    response = client.post(
        reverse("donations:give_to_page", args=[alice_page.slug]), form_data(donor_name="\u202e\u202e")
    )
    assert response.status_code == 400
    assert "Your name: This field is required." in response.content.decode()
    assert not Donation.objects.exists()


def test_the_give_address_leads_to_the_search_for_a_page(client, campaign, alice_page):
    assert client.get("/give").url == "/give/"  # as typed from a poster
    response = client.get("/give/", follow=True)
    assert response.redirect_chain == [("/search/", 302)]
    assert "Find an advocate or a team" in response.content.decode()
    # A name carried along finds the page at once.
    response = client.get("/give/", {"q": alice_page.display_name}, follow=True)
    assert alice_page.get_absolute_url() in response.content.decode()


def test_the_thank_you_page_and_email_say_which_fund_holds_the_gift(
    client, campaign, alice_page, bob_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        to_canada = client.post(
            reverse("donations:give_to_page", args=[bob_page.slug]),
            form_data(currency="CAD", donor_country="CA"),
            follow=True,
        )
    held_for_ijm_canada = "All of it is held in the IJM Canada fund, for International Justice Mission Canada alone."
    assert held_for_ijm_canada in to_canada.content.decode()
    assert held_for_ijm_canada in mail.outbox[-2].body + mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        to_pool = client.post(reverse("donations:give_to_page", args=[alice_page.slug]), form_data(), follow=True)
    html = to_pool.content.decode()
    assert (
        'All of it is held in the Global grant pool, shared through grants by <a href="/transparency/#partners">'
        in html
    )
    [to_donor] = [m for m in mail.outbox[2:] if m.to == ["dana@example.net"]]
    assert "All of it is held in the Global grant pool, shared through grants by our partner organizations." in (
        to_donor.body
    )

    french = client.get(to_canada.redirect_chain[-1][0], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        "Tout votre don est gardé dans le Fonds d’IJM Canada, pour International Justice Mission Canada seulement."
        in (french)
    )
