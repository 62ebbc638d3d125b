"""Campaign staff see how the campaign is going: gifts day by day and per currency, pages, thanks."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from jfa.core.money import Money
from jfa.core.testing import give, make_user
from jfa.donations.actions import return_gift, send_thanks_note

pytestmark = pytest.mark.django_db


def cells(html: str, label: str) -> list[str]:
    """The cells of the table row headed ``label``."""
    row = re.search(rf'<tr><th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert row, label
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)


def figure(html: str, label: str) -> str:
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", html)
    assert found, label
    return found.group(1)


def test_staff_see_the_campaign_at_a_glance(client, campaign, staff, alice, alice_page, bob_page):
    first = give(page=alice_page, amount_minor=2_500, cover_fee=True)
    give(page=alice_page, amount_minor=7_500)
    canadian = give(page=bob_page, amount_minor=4_000, currency="CAD", donor_country="CA")
    give(page=alice_page, amount_minor=2_500, card="4000000000000002")  # declined: counts only as a decline
    return_gift(
        donation=canadian, amount=Money(1_000, "CAD"), kind="refund", reason="asked", idempotency_key="overview-1"
    )
    send_thanks_note(donation=first, sender=alice, note="Thank you!")

    client.force_login(staff)
    html = client.get(reverse("admin:campaigns_campaign_overview", args=[campaign.pk])).content.decode()
    assert "<h1>Dress for Freedom 2026 at a glance</h1>" in html
    assert cells(html, "USD") == ["2", "US$100.00", "US$50.00", "1", "US$0.00"]
    assert cells(html, "CAD") == ["1", "CA$30.00", "CA$40.00", "0", "CA$10.00"]
    assert figure(html, "Published pages") == "2"
    assert figure(html, "Published pages with no gift yet") == "0"
    assert figure(html, "Gifts thanked by a personal note") == "1 of 3 (33%)"
    assert figure(html, "Cards declined in the last 24 hours") == "1"
    day = cells(html, "Wed 25 Nov. 2026")  # today, on the suite's clock
    assert day[:2] == ["3", "CA$40.00 + US$100.00"]
    assert '<meter min="0" max="3" value="3" aria-hidden="true"></meter>' in day[2]

    listing = client.get(reverse("admin:campaigns_campaign_changelist")).content.decode()
    assert f'<a href="/admin/campaigns/campaign/{campaign.pk}/overview/">How it is going</a>' in listing


def test_the_overview_leads_staff_to_the_reports_waiting(client, campaign, staff, alice_page, bob_page):
    from jfa.campaigns.actions import report_page, take_down_page

    report_page(page=alice_page, reporter_key="ip:a", reason="spam")
    report_page(page=alice_page, reporter_key="ip:b", reason="fraud")
    report_page(page=bob_page, reporter_key="ip:a", reason="other")
    take_down_page(page=bob_page, reason="Not a real fundraiser.")  # resolves Bob's report
    client.force_login(staff)
    html = client.get(reverse("admin:campaigns_campaign_overview", args=[campaign.pk])).content.decode()
    assert figure(html, "Pages taken down by staff") == "1"
    waiting = figure(html, "Reports waiting for staff")
    link = re.search(r'href="([^"]+)">2</a>', waiting)
    assert link, waiting
    listing = client.get(link.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    assert "2 page reports" in listing.content.decode() or "2 results" in listing.content.decode()


def test_the_overview_is_for_staff_who_may_see_campaigns(client, campaign, alice):
    url = reverse("admin:campaigns_campaign_overview", args=[campaign.pk])
    assert client.get(url).url.startswith("/admin/login/")
    client.force_login(alice)  # an advocate, not staff
    assert client.get(url).url.startswith("/admin/login/")

    clerk = make_user("clerk@example.org", "Clerk", is_staff=True)  # staff, but no rights on campaigns
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:campaigns_campaign_overview", args=[campaign.pk + 1])).status_code == 404


def test_an_empty_campaign_reads_plainly_in_french(client, campaign, staff):
    client.force_login(staff)
    url = reverse("admin:campaigns_campaign_overview", args=[campaign.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Dress for Freedom 2026 en un coup d’œil" in html
    assert html.count("Aucun don pour l’instant.") == 2
    assert "0 sur 0 (0\u00a0%)" in html


def test_the_days_come_newest_first(client, campaign, staff, alice_page):
    earlier = give(page=alice_page, amount_minor=1_000)
    give(page=alice_page, amount_minor=2_000)
    type(earlier).objects.filter(pk=earlier.pk).update(succeeded_at=earlier.succeeded_at - datetime.timedelta(days=2))
    client.force_login(staff)
    html = client.get(reverse("admin:campaigns_campaign_overview", args=[campaign.pk])).content.decode()
    table = html[html.index('<table class="ov-days">') :]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td class="num">\d+</td><td>(.*?)</td>', table)
    assert [amount for _, amount in rows] == ["US$20.00", "US$10.00"]
    # The day as each language writes it short (the suite's clock is Wednesday 25 November).
    assert rows[0][0] == "Wed 25 Nov. 2026"
    french = client.get(reverse("admin:campaigns_campaign_overview", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<th scope="row">mer 25 nov. 2026</th>' in french.content.decode()


def test_in_december_staff_see_how_many_pages_have_today_s_dress_log_photo(
    client, campaign, staff, alice_page, bob_page, time_machine
):
    from jfa.campaigns.models import DressLogEntry

    for page, day in [(alice_page, 1), (alice_page, 3), (bob_page, 2)]:
        DressLogEntry.objects.create(page=page, day=day, photo="dresslog/x.jpg", photo_alt="dress")
    client.force_login(staff)
    url = reverse("admin:campaigns_campaign_overview", args=[campaign.pk])

    html = client.get(url).content.decode()  # 25 November: no day of the campaign yet
    assert "Dress-log photos for today" not in html
    assert figure(html, "Pages with a dress-log photo") == "2"

    time_machine.move_to(datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))  # noon in Toronto, day 3
    html = client.get(url).content.decode()
    assert figure(html, "Dress-log photos for today, day 3") == "1 of 2 pages"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert figure(french, "Photos du journal des tenues pour aujourd’hui, jour 3") == "1 sur 2 pages"
