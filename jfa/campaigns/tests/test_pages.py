"""Advocates set up, edit and share pages; teams; the dress log; search."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from jfa.campaigns.models import AdvocatePage, DressLogEntry, Team
from jfa.campaigns.queries import dress_log_streak
from jfa.core.testing import give, make_campaign, make_page, png_bytes
from jfa.core.testing import page_form as setup_data
from jfa.donations.models import TotalShard

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def test_a_new_advocate_sets_up_a_page_with_photo_and_team(client, campaign, charlie, team):
    client.force_login(charlie)
    photo = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("campaigns:page_setup"), setup_data(photo=photo, photo_alt="Charlie in a blue tie", team=team.pk)
    )

    page = AdvocatePage.objects.get(owner=charlie)
    assert response.status_code == 302
    assert response["Location"] == page.get_absolute_url()
    assert (page.currency, page.goal_minor, page.team) == ("CAD", 75_000, team)
    assert page.photo.name.endswith(".jpg")  # re-encoded, whatever was uploaded
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'alt="Charlie in a blue tie"' in html
    assert 'property="og:title"' in html
    # A shared link shows the page's own picture (with the photo), not the campaign's card.
    assert f'<meta property="og:image" content="http://testserver/p/{page.slug}/share.jpg?lang=en&amp;v=0">' in html
    alt = "Charlie Q: CA$0.00 raised of CA$750, 0% of goal. Charlie in a blue tie"
    assert f'<meta property="og:image:alt" content="{alt}">' in html
    assert "share-card" not in html


@pytest.mark.parametrize(
    ("accept_language", "country"),
    [("fr-CA,fr;q=0.9,en;q=0.8", "CA"), ("en-GB,en;q=0.9", "GB"), ("fr", "US"), ("", "US")],
)
def test_the_set_up_starts_from_the_country_the_browser_names(client, campaign, charlie, accept_language, country):
    # A Canadian who kept "United States" would raise US dollars for the global pool.
    client.force_login(charlie)
    html = client.get(reverse("campaigns:page_setup"), headers={"Accept-Language": accept_language}).content.decode()
    assert re.search(rf'<option value="{country}" selected>', html)
    assert len(re.findall(r"<option value=\"[A-Z]{2}\" selected>", html)) == 1


def test_the_home_page_shares_with_the_campaign_card_in_the_readers_language(client, campaign, settings):
    html = client.get("/").content.decode()
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    card = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert card.startswith(settings.SITE_URL) and "/img/share-card" in card
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "une robe ou une cravate, chaque jour de décembre" in french


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("me.jpg", b"this is not an image at all", content_type="image/jpeg"),
            "not a photo we can read",
        ),
        (
            SimpleUploadedFile("me.png", b"<svg onload=alert(1)></svg>", content_type="image/png"),
            "not a photo we can read",
        ),
        (SimpleUploadedFile("huge.png", b"\x89PNG" + b"0" * (6 * 1024 * 1024), content_type="image/png"), "too large"),
    ],
)
def test_uploads_that_are_not_images_or_too_big_are_refused_and_nothing_is_written(
    client, campaign, charlie, upload, message
):
    client.force_login(charlie)
    response = client.post(reverse("campaigns:page_setup"), setup_data(photo=upload, photo_alt="me"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AdvocatePage.objects.exists()


def test_a_png_named_jpg_is_accepted_as_what_it_really_is(client, campaign, charlie):
    client.force_login(charlie)
    upload = SimpleUploadedFile("liar.jpg", png_bytes(), content_type="image/jpeg")
    response = client.post(reverse("campaigns:page_setup"), setup_data(photo=upload, photo_alt="me"))
    assert response.status_code == 302
    with AdvocatePage.objects.get().photo.open() as stored:
        assert Image.open(stored).format == "JPEG"


def test_a_photo_needs_a_description(client, campaign, charlie):
    client.force_login(charlie)
    upload = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("campaigns:page_setup"), setup_data(photo=upload))
    assert response.status_code == 400
    html = response.content.decode()
    # The photo box is far down the form: the page opens on a summary that links to it.
    assert html.index('class="error-summary"') < html.index('id="id_display_name"')
    assert "Your page has not been saved yet. Please check:" in html
    assert '<a href="#id_photo_alt">Describe your photo: Describe your photo for people who cannot see it.</a>' in html


@pytest.mark.parametrize("goal", ["0", "-5", "lots", "10.999"])
def test_a_bad_goal_is_refused(client, campaign, charlie, goal):
    client.force_login(charlie)
    response = client.post(reverse("campaigns:page_setup"), setup_data(goal=goal))
    assert response.status_code == 400
    assert not AdvocatePage.objects.exists()


def test_html_in_a_pitch_is_shown_not_run(client, campaign, alice, alice_page):
    alice_page.pitch = '<script>alert("pwned")</script>\n<b onmouseover="x()">hi</b>'
    alice_page.save(update_fields=["pitch"])
    html = client.get(alice_page.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert "<b onmouseover" not in html


def test_only_the_owner_can_edit_a_page(client, campaign, alice_page, bob):
    client.force_login(bob)
    url = reverse("campaigns:page_edit", args=[alice_page.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, setup_data(display_name="Hacked", country="US")).status_code == 403
    alice_page.refresh_from_db()
    assert alice_page.display_name == "Alice"


def test_the_owner_edits_their_page(client, campaign, alice, alice_page):
    client.force_login(alice)
    response = client.post(
        reverse("campaigns:page_edit", args=[alice_page.slug]),
        setup_data(display_name="Alice B", country="US", goal="1,200.50", slug=alice_page.slug),
    )
    assert response.status_code == 302
    alice_page.refresh_from_db()
    assert (alice_page.display_name, alice_page.goal_minor) == ("Alice B", 120_050)


def test_the_goal_reads_and_writes_the_french_way_in_french(client, campaign, alice, alice_page):
    client.force_login(alice)
    url = reverse("campaigns:page_edit", args=[alice_page.slug])
    client.post(url, setup_data(country="US", goal="1 200,50", slug=alice_page.slug), HTTP_ACCEPT_LANGUAGE="fr")
    alice_page.refresh_from_db()
    assert alice_page.goal_minor == 120_050

    form = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'name="goal" value="1200,50"' in form


def test_the_goal_says_which_currency_it_is_counted_in(client, campaign, charlie):
    client.force_login(charlie)
    english = client.get(reverse("campaigns:page_setup")).content.decode()
    french = client.get(reverse("campaigns:page_setup"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'aria-describedby="id_goal_helptext"' in english
    assert "In Canadian dollars for a page in Canada, in US dollars anywhere else." in english
    assert "En dollars canadiens pour une page au Canada, en dollars américains partout ailleurs." in french


def test_signing_in_is_required_to_set_up_a_page(client, campaign):
    response = client.get(reverse("campaigns:page_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_pages_and_teams_are_not_found(client, campaign):
    assert client.get("/p/nobody-here/").status_code == 404
    assert client.get("/t/no-team/").status_code == 404


def test_pages_and_teams_of_a_campaign_that_is_not_running_are_not_found(client, campaign, alice_page, team):
    from jfa.campaigns.models import Campaign

    # Next year's campaign opens: last year's pages and teams leave the site and the API.
    make_campaign(2027)
    for url in (
        alice_page.get_absolute_url(),
        team.get_absolute_url(),
        reverse("donations:give_to_page", args=[alice_page.slug]),
        reverse("donations:give_to_team", args=[team.slug]),
        f"/api/pages/{alice_page.slug}",
        f"/api/teams/{team.slug}",
    ):
        assert client.get(url).status_code == 404, url
    Campaign.objects.filter(year=2027).update(is_active=False)
    assert client.get(alice_page.get_absolute_url()).status_code == 200
    assert client.get(f"/api/teams/{team.slug}").status_code == 200


def test_an_advocate_joins_and_leaves_a_team(client, campaign, team, bob, bob_page):
    client.force_login(bob)
    client.post(reverse("campaigns:team_join", args=[team.slug]))
    bob_page.refresh_from_db()
    assert bob_page.team == team
    assert "Bob" in client.get(team.get_absolute_url()).content.decode()

    client.post(reverse("campaigns:team_leave", args=[team.slug]))
    bob_page.refresh_from_db()
    assert bob_page.team is None


def test_the_captain_cannot_leave_their_own_team(client, campaign, team, alice, alice_page):
    client.force_login(alice)
    client.post(reverse("campaigns:team_leave", args=[team.slug]))
    alice_page.refresh_from_db()
    assert alice_page.team == team


def test_creating_a_team_makes_the_creator_captain_and_member(client, campaign, bob, bob_page):
    client.force_login(bob)
    response = client.post(
        reverse("campaigns:team_create"), {"name": "Maple Leaves", "goal": "5000", "currency": "CAD"}
    )
    team = Team.objects.get(name="Maple Leaves")
    assert response.status_code == 302
    assert team.captain == bob
    bob_page.refresh_from_db()
    assert bob_page.team == team


def test_the_team_form_asks_for_the_name_first_and_the_goal_after_its_currency(client, campaign, bob, bob_page):
    client.force_login(bob)
    html = client.get(reverse("campaigns:team_create")).content.decode()
    order = [html.index(f'id="id_{name}"') for name in ["name", "description", "currency", "goal"]]
    assert order == sorted(order)


def test_search_finds_advocates_and_teams_by_name(client, campaign, alice_page, team):
    html = client.get(reverse("campaigns:search"), {"q": "ali"}).content.decode()
    assert alice_page.get_absolute_url() in html
    html = client.get(reverse("campaigns:search"), {"q": "tie one"}, headers={"HX-Request": "true"}).content.decode()
    assert team.get_absolute_url() in html
    assert "<html" not in html  # htmx gets just the results


def test_search_ignores_accents_and_case_both_ways(client, campaign, alice, alice_page, team):
    from jfa.campaigns.actions import update_page

    update_page(
        page=alice_page,
        display_name="Nadia Côté",
        title="Nadia porte une robe à Montréal",
        pitch=alice_page.pitch,
        goal_minor=alice_page.goal_minor,
        country="US",
        commitment=alice_page.commitment,
        photo=None,
        photo_alt="",
    )
    team.name = "Montréal en robe"
    team.save(update_fields=["name"])

    def found(text: str) -> str:
        return client.get(reverse("campaigns:search"), {"q": text}).content.decode()

    for typed in ("cote", "CÔTÉ", "nadia co", "montreal"):
        assert alice_page.get_absolute_url() in found(typed), typed
    for typed in ("montreal en", "MONTRÉAL"):
        assert team.get_absolute_url() in found(typed), typed
    assert alice_page.get_absolute_url() not in found("alice")  # the old name is gone from the index


def test_the_dress_log_streak_counts_consecutive_days(campaign, alice_page):
    for day in [1, 2, 4, 5, 6]:
        DressLogEntry.objects.create(page=alice_page, day=day, photo="dresslog/x.jpg", photo_alt="dress")
    assert dress_log_streak(alice_page, today=datetime.date(2026, 12, 6)) == 3
    assert dress_log_streak(alice_page, today=datetime.date(2026, 12, 7)) == 3  # today not posted yet
    assert dress_log_streak(alice_page, today=datetime.date(2026, 12, 8)) == 0
    assert dress_log_streak(alice_page, today=datetime.date(2026, 11, 20)) == 0


@pytest.mark.parametrize(
    ("moment", "page_says", "dashboard_says"),
    [
        (
            datetime.datetime(2026, 11, 20, 17),
            "The dress log opens on 1 December",
            "You can post photos from 1 December",
        ),
        (
            datetime.datetime(2026, 12, 3, 17),
            "Current streak: 2 days · a photo for 2 of 3 days so far",
            "Post today's photo",
        ),
        (
            datetime.datetime(2027, 1, 5, 17),
            "Streak at the end of the campaign: 0 days · a photo for 2 of its 31 days",
            "The dress log closed on 31 December",
        ),
    ],
)
def test_the_dress_log_says_where_the_campaign_stands(
    client, campaign, alice, alice_page, monkeypatch, moment, page_says, dashboard_says
):
    for day in [1, 2]:
        DressLogEntry.objects.create(page=alice_page, day=day, photo="dresslog/x.jpg", photo_alt="dress")
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment.replace(tzinfo=datetime.UTC))
    client.force_login(alice)
    page_html = client.get(alice_page.get_absolute_url()).content.decode()
    dashboard_html = client.get(reverse("campaigns:dashboard")).content.decode()
    assert page_says in page_html
    assert dashboard_says in dashboard_html
    # Before December there is no streak to speak of; after it, nothing left to post.
    assert ("Current streak" in page_html) == (moment.month == 12)
    assert ("You can post photos from" in dashboard_html) == (moment.month == 11)


def test_the_dress_log_reads_open_once_the_first_day_has_begun_somewhere(
    client, campaign, alice, alice_page, monkeypatch
):
    # 23:00 UTC on 30 November: 18:00 in Toronto, already 1 December in Auckland.
    moment = datetime.datetime(2026, 11, 30, 23, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    client.force_login(alice)
    page_html = client.get(alice_page.get_absolute_url()).content.decode()
    dashboard_html = client.get(reverse("campaigns:dashboard")).content.decode()
    said = "It is already 1 December in parts of the world, so the dress log is open"
    assert said in page_html and said in dashboard_html
    assert "The dress log opens on" not in page_html + dashboard_html
    # The form takes the first day's photo, and the checklist leads to it instead of "From 1 December".
    assert "Post today's photo" in dashboard_html and 'id="post-photo"' in dashboard_html
    assert '<a href="#log-title">Post a photo</a>' in dashboard_html and "From 1 December" not in dashboard_html
    french = client.get(alice_page.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "C’est déjà le 1er décembre dans certaines régions du monde\u00a0: le journal des tenues est donc" in french


@pytest.mark.parametrize(
    ("days_posted", "heading", "day_offered"),
    [
        ([1, 2], "Post today's photo", "3"),
        ([1, 2, 3], "Today's photo is in, and every day's before it. See you tomorrow!", None),
        ([1, 3], "Post a photo for a day you missed", "2"),
        ([3], "Post a photo for a day you missed", "2"),
    ],
)
def test_the_dress_log_form_offers_today_then_a_missed_day(
    client, campaign, alice, alice_page, monkeypatch, days_posted, heading, day_offered
):
    for day in days_posted:
        DressLogEntry.objects.create(page=alice_page, day=day, photo="dresslog/x.jpg", photo_alt="dress")
    # Noon on 3 December in Toronto (already the 4th in Auckland: day 4 stays open to post, not offered).
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    client.force_login(alice)
    html = client.get(reverse("campaigns:dashboard")).content.decode()
    assert heading in html
    # Until today's photo is in, the way to its form comes first on the dashboard.
    assert ('<a class="button" href="#post-photo">Post today\'s photo</a>' in html) == (heading == "Post today's photo")
    if day_offered is None:
        assert 'name="day"' not in html
    else:
        assert re.search(rf'<input type="number" name="day" value="{day_offered}"', html), html


def test_the_month_marks_today_and_tells_a_missed_day_from_one_to_come(client, campaign, alice_page, monkeypatch):
    DressLogEntry.objects.create(page=alice_page, day=1, photo="dresslog/x.jpg", photo_alt="Alice in red")
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    html = client.get(alice_page.get_absolute_url()).content.decode()
    cells = re.findall(r'<li class="([a-z ]+)"(?: aria-current="date")?>\s*<span class="day">(\d+)</span>', html)
    by_day = {int(day): kind for kind, day in cells}
    assert (by_day[1], by_day[2], by_day[3], by_day[4]) == ("done", "missed", "missed today", "future")
    assert html.count('aria-current="date"') == 1
    assert '<span class="day">3</span>\n      <span class="visually-hidden">today, no photo yet</span>' in html
    # A missed day breaks the streak; how many days have their photo says the rest.
    assert "Current streak: 0 days · a photo for 1 of 3 days so far" in html
    french = client.get(alice_page.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "une photo pour 1 des 3 jours écoulés" in french
    # Once today's photo is in, today stays marked.
    DressLogEntry.objects.create(page=alice_page, day=3, photo="dresslog/y.jpg", photo_alt="Alice in blue")
    html = client.get(alice_page.get_absolute_url()).content.decode()
    assert '<li class="done today" aria-current="date">\n      <span class="day">3</span>' in html
    assert "Current streak: 1 day · a photo for 2 of 3 days so far" in html


def test_a_complete_dress_log_says_so(client, campaign, alice, alice_page, monkeypatch):
    for day in range(1, 32):
        DressLogEntry.objects.create(page=alice_page, day=day, photo="dresslog/x.jpg", photo_alt="dress")
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 31, 17, tzinfo=datetime.UTC))
    client.force_login(alice)
    html = client.get(reverse("campaigns:dashboard"), headers={"Accept-Language": "fr"}).content.decode()
    assert "Une photo pour chaque jour de la campagne\u00a0: votre journal des tenues est complet. Merci!" in html
    assert 'name="day"' not in html


def test_posting_to_the_dress_log_during_december(client, campaign, alice, alice_page, monkeypatch):
    # Noon in Toronto on 3 December: already 4 December in Auckland, still the 3rd in Honolulu.
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))
    client.force_login(alice)
    photo = SimpleUploadedFile("d.png", png_bytes(), content_type="image/png")
    client.post(
        reverse("campaigns:dress_log_post"), {"day": 3, "photo": photo, "photo_alt": "Red dress", "caption": "Day 3!"}
    )
    assert list(alice_page.dress_log.values_list("day", flat=True)) == [3]

    future = SimpleUploadedFile("d.png", png_bytes(), content_type="image/png")
    client.post(reverse("campaigns:dress_log_post"), {"day": 9, "photo": future, "photo_alt": "Later", "caption": ""})
    assert alice_page.dress_log.count() == 1


def test_one_page_per_advocate_per_campaign(campaign, alice, alice_page):
    from jfa.campaigns.actions import CampaignError

    with pytest.raises(CampaignError):
        make_page(campaign, alice)


def test_search_by_country_lists_that_countrys_pages(client, campaign, alice_page, bob_page):
    html = client.get(reverse("campaigns:search"), {"country": "CA"}).content.decode()
    assert bob_page.get_absolute_url() in html
    assert alice_page.get_absolute_url() not in html


def test_a_page_offers_share_links_with_its_own_address(client, campaign, alice_page):
    html = client.get(alice_page.get_absolute_url()).content.decode()
    assert "twitter.com/intent/tweet?url=http%3A//testserver/p/alice/" in html
    assert "facebook.com/sharer/sharer.php?u=http%3A//testserver/p/alice/" in html


def test_the_campaign_counts_say_one_in_the_singular(client, campaign, alice_page, team):
    def counts(html: str) -> list[str]:
        stats = html.split('class="stats"', 1)[1].split("</ul>", 1)[0]
        return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in stats.split("<li>")[1:4]]

    assert counts(client.get("/").content.decode()) == ["1 advocate", "1 team", "0 gifts"]
    assert counts(client.get("/", headers={"Accept-Language": "fr"}).content.decode()) == [
        "1 porte-parole",
        "1 équipe",
        "0 don",
    ]


def test_a_beaten_goal_says_by_how_much_while_the_bar_stays_full():
    from django.template.loader import render_to_string
    from django.utils import translation

    from jfa.campaigns.queries import Progress
    from jfa.core.money import Money

    beaten = Progress(
        raised=[Money(116_600, "CAD")], combined=Money(116_600, "CAD"), goal=Money(50_000, "CAD"), gift_count=18
    )
    with translation.override("en"):
        html = render_to_string("core/_progress.html", {"progress": beaten, "label": "Progress"})
    assert "233% of goal · 18 gifts" in html
    assert 'aria-valuenow="100"' in html and 'aria-valuetext="233% of goal"' in html
    assert 'style="width: 100%"' in html


@pytest.mark.parametrize(
    ("utc_now", "last_open"),
    [
        # 10:00 UTC on 30 November: it is already 1 December from UTC+14 eastward (Auckland is +13).
        (datetime.datetime(2026, 11, 30, 10, 30, tzinfo=datetime.UTC), 1),
        (datetime.datetime(2026, 11, 30, 9, 59, tzinfo=datetime.UTC), None),
        (datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC), 4),
        # 31 December goes on until noon UTC on 1 January, on Baker Island.
        (datetime.datetime(2027, 1, 1, 11, 59, tzinfo=datetime.UTC), 31),
        (datetime.datetime(2027, 1, 1, 12, 0, tzinfo=datetime.UTC), None),
    ],
)
def test_a_day_of_the_dress_log_opens_when_it_begins_anywhere_on_earth(campaign, utc_now, last_open):
    assert campaign.last_open_day(utc_now) == last_open


def test_an_advocate_in_manila_posts_day_one_while_toronto_is_still_in_november(
    client, campaign, alice, alice_page, monkeypatch
):
    # 9:00 on 1 December in Manila is 20:00 on 30 November in Toronto.
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 1, 1, tzinfo=datetime.UTC))
    client.force_login(alice)
    assert "Post today" in client.get(reverse("campaigns:dashboard")).content.decode()
    photo = SimpleUploadedFile("d.png", png_bytes(), content_type="image/png")
    client.post(reverse("campaigns:dress_log_post"), {"day": 1, "photo": photo, "photo_alt": "Green dress"})
    assert list(alice_page.dress_log.values_list("day", flat=True)) == [1]

    too_soon = SimpleUploadedFile("d.png", png_bytes(), content_type="image/png")
    client.post(reverse("campaigns:dress_log_post"), {"day": 2, "photo": too_soon, "photo_alt": "Tomorrow's dress"})
    assert alice_page.dress_log.count() == 1


def test_the_dashboard_offers_the_share_link_and_names_the_team(
    client, campaign, alice, alice_page, team, bob, bob_page
):
    client.force_login(alice)
    html = client.get(reverse("campaigns:dashboard"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'value="http://testserver{alice_page.get_absolute_url()}"' in html
    assert "Partager sur Facebook" in html
    assert f'Votre équipe\u00a0: <a href="{team.get_absolute_url()}">Tie One On</a>' in html

    client.force_login(bob)  # in no team
    html = client.get(reverse("campaigns:dashboard")).content.decode()
    assert f'value="http://testserver{bob_page.get_absolute_url()}"' in html
    assert "Your team:" not in html


def test_the_search_page_offers_the_countries_that_have_pages(client, campaign, alice_page, bob_page):
    html = client.get(reverse("campaigns:search")).content.decode()
    assert '<a href="/search/?country=CA">Canada</a> <span class="muted">(1 page)</span>' in html
    assert '<a href="/search/?country=US">United States</a>' in html

    chosen = client.get(reverse("campaigns:search"), {"country": "CA"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<strong aria-current="page">Canada</strong>' in chosen
    assert '<a href="/search/">Tous les pays</a>' in chosen
    assert bob_page.display_name in chosen and alice_page.display_name not in chosen

    # Typing in the box swaps only the results.
    partial = client.get(reverse("campaigns:search"), {"q": "a"}, headers={"HX-Request": "true"}).content.decode()
    assert "country-list" not in partial


def test_search_results_show_how_far_each_page_and_team_is_towards_its_goal(
    client, campaign, alice_page, bob_page, team
):
    alice_page.refresh_from_db()  # the captain's page is now in the team
    give(page=alice_page, amount_minor=25_000)
    give(page=alice_page, amount_minor=5_000, card="4000000000000002")  # declined: counts nowhere

    def result(text: str, **headers) -> str:
        html = client.get(reverse("campaigns:search"), {"q": text}, **headers).content.decode()
        return re.search(r'<li class="found">.*?</li>', html, re.S).group(0)

    alice = result("alice")
    assert "<strong>US$250.00</strong>" in alice
    assert "25% of a US$1,000 goal" in alice
    assert 'style="width: 25%"' in alice
    team_result = result("tie one")
    assert "<strong>US$250.00</strong>" in team_result
    assert "5% of a US$5,000 goal" in team_result
    bob = result("bob")
    assert "<strong>CA$0.00</strong>" in bob
    assert "0% of a CA$1,000 goal" in bob
    assert f"25{NBSP}% d’un objectif de 1\u202f000{NBSP}${NBSP}US" in result("alice", HTTP_ACCEPT_LANGUAGE="fr")


def test_search_reads_the_totals_of_all_its_results_in_one_query(client, campaign, alice_page, bob_page, charlie):
    make_page(campaign, charlie, country="US")
    for page in AdvocatePage.objects.all():
        give(page=page, amount_minor=1_000)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("campaigns:search"), {"q": "e"}).content.decode()
    assert html.count('<li class="found">') == 3
    assert html.count("<strong>US$10.00</strong>") == 2
    assert html.count("<strong>CA$10.00</strong>") == 1
    assert sum(TotalShard._meta.db_table in query["sql"] for query in captured.captured_queries) == 1


def _listed(html: str) -> list[str]:
    return re.findall(r'<span class="amount">([^<]+)</span>', html)


def test_every_gift_to_a_page_can_be_read_a_page_at_a_time_newest_first(client, campaign, alice_page, monkeypatch):
    from jfa.campaigns import queries
    from jfa.donations.models import Donation

    monkeypatch.setattr(queries, "GIFTS_PAGE_SIZE", 3)
    for dollars in range(1, 8):
        give(page=alice_page, amount_minor=dollars * 100)
    give(page=alice_page, amount_minor=9_900, card="4000000000000002")  # declined: never listed
    # Two gifts in the same microsecond still come in a fixed order, each exactly once.
    same_moment = Donation.objects.get(amount_minor=500).succeeded_at
    Donation.objects.filter(amount_minor=400).update(succeeded_at=same_moment)

    url = reverse("campaigns:page_gifts", args=[alice_page.slug])
    first = client.get(url).content.decode()
    assert "<h1>Gifts to Alice</h1>" in first
    assert _listed(first) == ["US$7.00", "US$6.00", "US$5.00"]
    older = re.search(r'href="\?before=([0-9-]+)" rel="next"', first).group(1)

    give(page=alice_page, amount_minor=800)  # a gift arriving meanwhile shifts nothing below
    second = client.get(url, {"before": older}).content.decode()
    assert _listed(second) == ["US$4.00", "US$3.00", "US$2.00"]
    assert '<a href="?">Newest gifts</a>' in second
    last = client.get(url, {"before": re.search(r'href="\?before=([0-9-]+)"', second).group(1)}).content.decode()
    assert _listed(last) == ["US$1.00"]
    assert 'rel="next"' not in last


def test_the_donor_wall_leads_to_every_gift_once_it_shows_only_the_newest(client, campaign, alice_page, team):
    alice_page.refresh_from_db()
    for _ in range(20):
        give(page=alice_page, amount_minor=1_000)
    wall_link = f'<a href="{reverse("campaigns:page_gifts", args=[alice_page.slug])}">See every gift</a>'
    assert wall_link not in client.get(alice_page.get_absolute_url()).content.decode()  # all 20 are on the wall

    give(page=alice_page, amount_minor=1_000)
    assert wall_link in client.get(alice_page.get_absolute_url()).content.decode()
    team_html = client.get(team.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("campaigns:team_gifts", args=[team.slug])}">See every gift</a>' in team_html
    team_gifts = client.get(reverse("campaigns:team_gifts", args=[team.slug])).content.decode()
    assert len(_listed(team_gifts)) == 21


@pytest.mark.parametrize(
    "before",
    ["x", "12", "1-", "-1", "1-2-3", "9" * 21 + "-1", "9" * 20 + "-1", "1-" + "9" * 19, "1-" + "9" * 400],
)
def test_a_mistyped_place_in_the_list_of_gifts_is_not_found(client, campaign, alice_page, before):
    response = client.get(reverse("campaigns:page_gifts", args=[alice_page.slug]), {"before": before})
    assert response.status_code == 404


def test_the_list_of_gifts_of_an_unknown_page_is_not_found(client, campaign):
    assert client.get(reverse("campaigns:page_gifts", args=["nobody"])).status_code == 404
    assert client.get(reverse("campaigns:team_gifts", args=["nobody"])).status_code == 404


def test_the_dashboard_shows_the_advocate_their_latest_gifts(client, campaign, alice, alice_page):
    client.force_login(alice)
    html = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "No gifts yet. Share your page to bring in the first one." in html

    for dollars in range(1, 7):
        give(page=alice_page, amount_minor=dollars * 100)
    html = client.get(reverse("campaigns:dashboard")).content.decode()
    section = html[html.index('id="latest-title"') :]
    assert _listed(section) == ["US$6.00", "US$5.00", "US$4.00", "US$3.00", "US$2.00"]
    assert f'<a href="{reverse("campaigns:page_gifts", args=[alice_page.slug])}">See every gift</a>' in section


def test_a_team_lists_its_members_by_what_they_raised(client, campaign, alice, alice_page, team, bob, charlie):
    from jfa.campaigns.actions import join_team

    bob_us = make_page(campaign, bob, country="US")
    charlie_us = make_page(campaign, charlie, country="US")
    for page in (bob_us, charlie_us):
        join_team(page=page, team=team)
        page.refresh_from_db()
    give(page=charlie_us, amount_minor=5_000)
    html = client.get(team.get_absolute_url()).content.decode()
    members = html[html.index('id="members"') :]
    names = re.findall(r'<td><a href="/p/[^"]+/">([^<]+)</a>', members)
    assert names == ["Charlie", "Alice", "Bob"]  # the most raised first, then by name


def test_the_team_wall_says_whose_page_each_members_gift_was_made_on(client, campaign, team, bob, bob_page):
    from jfa.campaigns.actions import join_team, set_page_published

    join_team(page=bob_page, team=team)
    bob_page.refresh_from_db()
    give(page=bob_page, amount_minor=4_000)
    give(team=team, amount_minor=2_500)
    link = f'$40.00</span> to <a href="{bob_page.get_absolute_url()}">{bob_page.display_name}</a>'
    for url in (team.get_absolute_url(), reverse("campaigns:team_gifts", args=[team.slug])):
        html = client.get(url).content.decode()
        assert link in html, url
        assert re.search(r'US\$25\.00</span> <span class="muted">', html), url  # made on the team's own page
    # On Bob's own wall it goes without saying.
    assert "</span> to <a" not in client.get(reverse("campaigns:page_gifts", args=[bob_page.slug])).content.decode()
    # A page its advocate has hidden is not linked to, nor named.
    set_page_published(page=bob_page, published=False)
    html = client.get(reverse("campaigns:team_gifts", args=[team.slug])).content.decode()
    assert "$40.00" in html and bob_page.display_name not in html
