"""Staff read gifts as money in the admin, and cannot change a gift's amounts there."""

import pytest
from django.urls import reverse

from jfa.core.testing import give
from jfa.donations.models import Donation

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
    column = 3  # public reference, name, amount
    ascending = client.get(url, {"o": str(column)}).content.decode()
    assert ascending.index("US$5.00") < ascending.index("US$123.45")
    with_french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "123,45\xa0$\xa0US" in with_french


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
        }
    )
    data = {key: ("" if value is None else value) for key, value in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    gift.refresh_from_db()
    assert (gift.amount_minor, gift.currency) == (5_000, "USD")
    assert Donation.objects.get(pk=gift.pk).fee_minor > 0
