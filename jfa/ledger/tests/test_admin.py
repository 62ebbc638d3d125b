"""The books in the back office: staff read them, in either language, and cannot rewrite them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jfa.core.testing import give
from jfa.ledger.gifts import gift_key
from jfa.ledger.models import Account, AccountRole, Entity, Fund, JournalEntry, RoutingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def gift(campaign, alice_page):
    return give(page=alice_page, amount_minor=2500, cover_fee=True)


def test_staff_read_a_gift_entry_with_its_postings_and_find_it_by_number(client, staff, gift):
    entry = JournalEntry.objects.get(idempotency_key=gift_key(gift.pk))
    client.force_login(staff)

    page = client.get(reverse("admin:ledger_journalentry_change", args=[entry.pk])).content.decode()
    assert entry.hash in page and entry.prev_hash in page
    # The legs, as money: the restricted fund is credited the whole gift.
    assert "US$25.00" in page
    assert page.count('<tr class="form-row') == entry.postings.count()

    found = client.get(reverse("admin:ledger_journalentry_changelist"), {"q": f"#{entry.sequence}"}).content.decode()
    assert reverse("admin:ledger_journalentry_change", args=[entry.pk]) in found
    by_key = client.get(reverse("admin:ledger_journalentry_changelist"), {"q": gift_key(gift.pk)}).content.decode()
    assert reverse("admin:ledger_journalentry_change", args=[entry.pk]) in by_key


def test_entries_and_accounts_cannot_be_added_changed_or_deleted_from_the_admin(client, staff, gift):
    entry = JournalEntry.objects.get(idempotency_key=gift_key(gift.pk))
    account = Account.objects.get(role=AccountRole.RESTRICTED_GIFTS, currency="USD")
    client.force_login(staff)

    assert client.get(reverse("admin:ledger_journalentry_add")).status_code == 403
    assert client.get(reverse("admin:ledger_account_add")).status_code == 403
    assert client.get(reverse("admin:ledger_journalentry_delete", args=[entry.pk])).status_code == 403
    assert client.get(reverse("admin:ledger_account_delete", args=[account.pk])).status_code == 403
    before = entry.description
    response = client.post(reverse("admin:ledger_journalentry_change", args=[entry.pk]), {"description": "Rewritten"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.description == before


def test_an_account_page_shows_its_balance_and_latest_postings(client, staff, gift):
    account = Account.objects.get(role=AccountRole.RESTRICTED_GIFTS, currency="USD")
    client.force_login(staff)

    page = client.get(reverse("admin:ledger_account_change", args=[account.pk])).content.decode()
    assert account.balance.minor == 2500
    assert "US$25.00" in page
    entry = JournalEntry.objects.get(idempotency_key=gift_key(gift.pk))
    assert reverse("admin:ledger_journalentry_change", args=[entry.pk]) in page


def test_staff_edit_a_routing_rule_and_later_gifts_follow_it_while_earlier_ones_keep_their_route(
    client, staff, campaign, alice_page, gift
):
    rule = RoutingRule.objects.get(fund__code="global-grant-pool")
    client.force_login(staff)
    url = reverse("admin:ledger_routingrule_change", args=[rule.pk])
    form = {
        "priority": rule.priority,
        "country": rule.country,
        "entity": rule.entity_id,
        "fund": rule.fund_id,
        "currency": rule.currency,
        "partner_display_name": "Our US partners' grant pool",
        "partner_display_name_fr": "Le fonds de nos partenaires américains",
        "is_active": "on",
    }
    assert client.post(url, form).status_code == 302

    english = client.get(alice_page.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get(alice_page.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Our US partners&#x27; grant pool" in english
    assert "Le fonds de nos partenaires américains" in french
    gift.refresh_from_db()
    assert gift.fund.code == "global-grant-pool"
    assert client.get(reverse("admin:ledger_routingrule_delete", args=[rule.pk])).status_code == 403


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("operating", "fund", "Gifts can only go to a restricted fund."),
        ("other_entity", "fund", "Choose a fund of this legal entity."),
        ("currency", "currency", "This legal entity keeps its books in USD."),
    ],
)
def test_a_routing_rule_that_would_break_the_100_percent_promise_is_refused(
    client, staff, campaign, change, field, message
):
    rule = RoutingRule.objects.get(fund__code="global-grant-pool")
    fund, currency = rule.fund, rule.currency
    if change == "operating":
        fund = Fund.objects.get(code="us-operating")
    elif change == "other_entity":
        fund = Fund.objects.get(code="ijm-canada-fund")
    else:
        currency = "CAD"
    client.force_login(staff)
    form = {
        "priority": rule.priority,
        "country": rule.country,
        "entity": rule.entity_id,
        "fund": fund.pk,
        "currency": currency,
        "partner_display_name": rule.partner_display_name,
        "partner_display_name_fr": "",
        "is_active": "on",
    }
    response = client.post(reverse("admin:ledger_routingrule_change", args=[rule.pk]), form)

    assert response.status_code == 200
    assert message in response.content.decode()
    rule.refresh_from_db()
    assert (rule.fund.code, rule.currency) == ("global-grant-pool", "USD")
    with pytest.raises(ValidationError):
        RoutingRule(
            priority=999, country="GB", entity=Entity.objects.get(code="us-foundation"), fund=fund, currency=currency
        ).clean()


def test_the_books_in_the_back_office_speak_french(client, staff, gift):
    client.force_login(staff)
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for text in ("Écritures de journal", "Comptes", "Fonds", "Règles d’acheminement", "Entités juridiques"):
        assert text in index, text
    entry = JournalEntry.objects.get(idempotency_key=gift_key(gift.pk))
    page = client.get(
        reverse("admin:ledger_journalentry_change", args=[entry.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    for text in ("Numéro", "Empreinte de l’écriture précédente", "Don", "25,00\u00a0$\u00a0US"):
        assert text in page, text
    funds = client.get(reverse("admin:ledger_fund_changelist"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Fonds mondial de subventions" in funds and "Fonds d’IJM Canada" in funds
