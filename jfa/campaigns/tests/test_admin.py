"""Staff type amounts in the admin as people write them; the books keep integer minor units."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jfa.campaigns.actions import join_team
from jfa.campaigns.models import ImpactTier, Team
from jfa.core.testing import give, make_page, make_user

pytestmark = pytest.mark.django_db


def tier_data(campaign, amount: str) -> dict:
    return {"campaign": campaign.pk, "currency": "USD", "amount_minor": amount, "description": "can feed a family"}


def test_staff_add_an_impact_tier_in_dollars_and_cents(client, campaign, staff):
    client.force_login(staff)
    response = client.post(reverse("admin:campaigns_impacttier_add"), tier_data(campaign, "75.50"))

    assert response.status_code == 302
    assert ImpactTier.objects.get(description="can feed a family").amount_minor == 7_550


def test_the_change_form_shows_the_amount_as_typed_and_reads_french_decimals(client, campaign, staff):
    tier = ImpactTier.objects.get(currency="USD")
    client.force_login(staff)
    url = reverse("admin:campaigns_impacttier_change", args=[tier.pk])

    html = client.get(url).content.decode()
    assert 'name="amount_minor" value="30"' in html
    assert '<label class="required" for="id_amount_minor">Amount:</label>' in html

    response = client.post(url, tier_data(campaign, "32,50"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    tier.refresh_from_db()
    assert tier.amount_minor == 3_250


@pytest.mark.parametrize(
    ("typed", "message"),
    [("30.555", "at most 2 decimal places"), ("thirty", "Enter an amount as a number"), ("-5", "greater than zero")],
)
def test_a_bad_amount_is_refused_with_its_reason_and_nothing_changes(client, campaign, staff, typed, message):
    tier = ImpactTier.objects.get(currency="USD")
    client.force_login(staff)
    response = client.post(reverse("admin:campaigns_impacttier_change", args=[tier.pk]), tier_data(campaign, typed))

    assert response.status_code == 200
    assert message in response.content.decode()
    tier.refresh_from_db()
    assert tier.amount_minor == 3_000


def test_a_team_goal_is_typed_in_the_teams_currency(client, campaign, staff, team):
    client.force_login(staff)
    url = reverse("admin:campaigns_team_change", args=[team.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data["goal_minor"] = "2,500.75"

    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Team.objects.get(pk=team.pk).goal_minor == 250_075


def test_the_campaign_page_lists_its_tiers_and_goal_as_amounts(client, campaign, staff):
    client.force_login(staff)
    html = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk])).content.decode()

    assert 'name="goal_minor" value="100000"' in html  # US$100,000, typed without cents
    assert 'name="impact_tiers-0-amount_minor" value="40"' in html  # CAD sorts first
    assert 'name="impact_tiers-1-amount_minor" value="30"' in html


def test_an_amount_without_a_valid_currency_asks_for_the_currency(client, campaign, staff):
    client.force_login(staff)
    data = {**tier_data(campaign, "30.50"), "currency": "EUR"}
    response = client.post(reverse("admin:campaigns_impacttier_add"), data)

    form = response.context["adminform"].form
    assert form.errors["amount_minor"] == ["Choose a currency for this amount."]
    assert list(form.errors) == ["currency", "amount_minor"]
    assert not ImpactTier.objects.filter(description="can feed a family").exists()


def test_staff_download_pages_as_csv_with_what_each_raised_and_thanked(
    client, campaign, staff, alice, alice_page, team
):
    import csv
    import io

    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    from jfa.core.testing import give, make_page, make_user
    from jfa.donations.actions import send_thanks_note

    alice_page.refresh_from_db()
    first = give(page=alice_page, amount_minor=2_550)
    give(page=alice_page, amount_minor=1_000)
    send_thanks_note(donation=first, sender=alice, note="Thank you!")
    tricky = make_page(campaign, make_user("eve@example.org", "=HYPERLINK(1)"), country="CA")

    client.force_login(staff)
    data = {"action": "download_csv", "index": "0", ACTION_CHECKBOX_NAME: [str(alice_page.pk), str(tricky.pk)]}
    response = client.post(reverse("admin:campaigns_advocatepage_changelist"), data)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:3] == ["address", "name", "email"] and header[-4:] == [
        "raised",
        "gifts",
        "gifts_thanked",
        "dress_log_days",
    ]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    alice_row = by_name["Alice"]
    assert (alice_row["email"], alice_row["team"], alice_row["captain"]) == ("alice@example.org", "Tie One On", "yes")
    assert (alice_row["currency"], alice_row["goal"], alice_row["raised"]) == ("USD", "1000.00", "35.50")
    assert (alice_row["gifts"], alice_row["gifts_thanked"], alice_row["dress_log_days"]) == ("2", "1", "0")
    eve = by_name["'=HYPERLINK(1)"]  # a formula typed as a name stays text in a spreadsheet
    assert (eve["currency"], eve["raised"], eve["gifts"], eve["captain"]) == ("CAD", "0.00", "0", "no")


def test_the_page_and_team_lists_show_what_each_raised_beside_its_goal(
    client, campaign, staff, alice_page, bob_page, team, django_assert_max_num_queries
):
    alice_page.refresh_from_db()  # the captain's page is on the team
    give(page=alice_page, amount_minor=2_500)
    give(page=alice_page, amount_minor=1_000)
    give(page=join_team(page=bob_page, team=team), amount_minor=1_234)
    client.force_login(staff)
    pages = reverse("admin:campaigns_advocatepage_changelist")

    html = client.get(pages).content.decode()
    assert '<td class="field-raised">US$35.00</td>' in html
    assert '<td class="field-raised">CA$12.34</td>' in html
    assert f'<td class="field-goal">{alice_page.goal.format()}</td>' in html
    # Sorted by the amount in the page's own currency, most first.
    raised_column = 5  # name, title, country, team, raised
    ranked = client.get(pages, {"o": f"-{raised_column}"}).context["cl"].result_list
    assert [page.pk for page in ranked] == [alice_page.pk, bob_page.pk]
    # The team's gifts came in both currencies: its own first.
    teams = client.get(reverse("admin:campaigns_team_changelist")).content.decode()
    assert '<td class="field-raised">US$35.00 + CA$12.34</td>' in teams

    # Each total is part of the list's one statement, however many rows it has.
    with django_assert_max_num_queries(8) as few:
        client.get(pages)
    for number in range(5):
        give(page=make_page(campaign, make_user(f"extra{number}@example.org", "Extra")), amount_minor=500)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(pages)


def test_staff_filter_teams_open_or_closed(client, campaign, staff, team):
    closed = Team.objects.create(
        campaign=campaign, name="Gone", slug="gone", captain=team.captain, goal_minor=100, currency="USD"
    )
    Team.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    client.force_login(staff)
    url = reverse("admin:campaigns_team_changelist")

    assert list(client.get(url, {"closed_at": "no"}).context["cl"].result_list) == [team]
    assert list(client.get(url, {"closed_at": "yes"}).context["cl"].result_list) == [closed]
    assert "Fermée" in client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
