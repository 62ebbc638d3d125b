"""The public "Where does the money go?" page and the campaign_split command, from the books."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from jfa.core.money import Money
from jfa.ledger.gifts import post_gift, post_refund
from jfa.ledger.queries import campaign_split

DECEMBER_3 = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)


def gift(books, campaign, donation_id, amount, fee, covered=0):
    currency = books.entity.currency
    return post_gift(
        donation_id=donation_id,
        entity=books.entity,
        fund=books.restricted_fund,
        amount=Money(amount, currency),
        fee=Money(fee, currency),
        fee_covered_by_donor=Money(covered, currency),
        page_id=None,
        team_id=1,
        campaign_id=campaign.pk,
        occurred_at=DECEMBER_3,
    )


@pytest.fixture
def year_of_gifts(books, campaign):
    us, ca = books["us-foundation"], books["ijm-canada"]
    gift(us, campaign, 1, 10_000, 320)  # fee paid by the operating fund
    gift(us, campaign, 2, 5_000, 180, covered=180)  # fee covered by the donor
    gift(ca, campaign, 3, 7_500, 248)
    post_refund(donation_id=1, refund_id="r1", kind="refund", amount=Money(4_000, "USD"), occurred_at=DECEMBER_3)
    post_refund(
        donation_id=3,
        refund_id="d1",
        kind="dispute",
        amount=Money(7_500, "CAD"),
        occurred_at=DECEMBER_3,
        processor_fee=Money(1_500, "CAD"),
    )
    return campaign


def test_the_split_of_a_year_comes_from_the_books(year_of_gifts):
    split = campaign_split(year=2026)
    usd, cad = split.currencies[1], split.currencies[0]

    assert (cad.currency, usd.currency) == ("CAD", "USD")
    assert usd.gift_count == 2
    assert usd.gifts == Money(15_000, "USD")
    assert usd.refunds == Money(4_000, "USD")
    assert usd.held == Money(11_000, "USD")
    assert usd.fees == Money(500, "USD")
    assert usd.fees_paid_by_donors == Money(180, "USD")
    assert usd.fees_paid_by_operating_fund == Money(320, "USD")
    assert [(fund.fund_name, fund.held) for fund in usd.funds] == [("Global grant pool", Money(11_000, "USD"))]
    assert cad.disputes == Money(7_500, "CAD")
    assert cad.held == Money(0, "CAD")
    assert cad.fees == Money(1_748, "CAD")  # the card fee plus the dispute fee
    assert cad.fees_paid_by_operating_fund == Money(1_748, "CAD")
    assert cad.funds[0].partner_name == "International Justice Mission Canada"


def test_the_report_page_shows_the_split_with_accessible_tables(client, year_of_gifts):
    response = client.get(reverse("transparency:report"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Where does the money go?</h1>" in html
    assert "Campaign year 2026" in html
    assert "<caption>Gifts and fees in USD</caption>" in html
    assert "<caption>Held for each partner, in CAD</caption>" in html
    assert re.search(r'<th scope="row">Fees paid by the operating fund</th><td class="num">US\$3\.20</td>', html)
    assert re.search(r'<th scope="row">Held in restricted funds for partners</th><td class="num">US\$110\.00', html)
    # The picture: bars with a text alternative, and legends in HTML text that wraps on a phone.
    assert 'role="img" aria-labelledby="flow-gifts-USD flow-gifts-USD-summary"' in html
    assert "US$110.00 of US$150.00 in gifts is held for partners." in html
    assert re.search(
        r'<li><span class="swatch swatch-held" aria-hidden="true"></span>Held for partners: US\$110\.00</li>', html
    )
    assert re.search(
        r'<li><span class="swatch swatch-operating" aria-hidden="true"></span>'
        r"Paid by the operating fund: US\$3\.20</li>",
        html,
    )
    assert html.count('scope="col"') >= 4


def test_the_report_page_is_translated_into_french(client, year_of_gifts):
    with translation.override("fr"):
        response = client.get(reverse("transparency:report"), HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'lang="fr"' in html
    assert "Où va l’argent?" in html
    assert "Frais payés par le fonds de fonctionnement" in html
    assert "<caption>Dons et frais en USD</caption>" in html
    assert "Conservé pour les partenaires\u00a0: 110,00\u00a0$\u00a0US</li>" in html
    assert "Mon don est-il dans le grand livre?" in html
    # The funds' own names too, as staff wrote them in French.
    assert '<th scope="row">Fonds mondial de subventions<span class="cell-note">' in html
    assert "Partagé entre nos organisations partenaires" in html
    assert "Global grant pool" not in html


def test_the_report_page_without_any_campaign_says_so(client, db):
    response = client.get(reverse("transparency:report"))

    assert response.status_code == 200
    assert "There is no campaign in the books yet." in response.content.decode()


def test_the_campaign_split_command_prints_the_year(year_of_gifts, capsys):
    call_command("campaign_split", "--year", "2026")
    out = capsys.readouterr().out

    assert "== USD ==" in out and "== CAD ==" in out
    assert "paid by the operating fund" in out
    assert "100% of gifts in restricted funds or returned to donors: yes" in out
