import pytest

from jfa.core.testing import give

pytestmark = pytest.mark.django_db


def test_campaign_summary_reports_exact_totals_per_currency(client, campaign, alice_page, bob_page):
    give(page=alice_page, amount_minor=2500)
    give(page=bob_page, amount_minor=4000)
    body = client.get("/api/campaign").json()

    assert body["name"] == "Dress for Freedom 2026"
    assert body["advocate_count"] == 2
    assert sorted((m["currency"], m["amount_minor"]) for m in body["progress"]["raised"]) == [
        ("CAD", 4000),
        ("USD", 2500),
    ]
    assert body["progress"]["gift_count"] == 2


def test_page_and_team_endpoints(client, campaign, alice_page, team):
    give(page=alice_page, amount_minor=1234)
    page = client.get(f"/api/pages/{alice_page.slug}").json()
    assert page["progress"]["raised"] == [{"amount_minor": 1234, "currency": "USD", "display": "US$12.34"}]
    assert page["team"] == "Tie One On"
    team_body = client.get(f"/api/teams/{team.slug}").json()
    assert team_body["member_count"] == 1
    assert client.get("/api/pages/nobody").status_code == 404


def test_leaderboards_rank_by_amount_raised(client, campaign, alice_page, bob_page):
    give(page=alice_page, amount_minor=1000)
    give(page=bob_page, amount_minor=5000)
    board = client.get("/api/leaderboards/advocates").json()
    assert [row["name"] for row in board] == ["Bob", "Alice"]
    assert board[0]["raised"]["currency"] == "CAD"
    # The whole board, a slice at a time, with ranks that run on.
    [second] = client.get("/api/leaderboards/advocates", {"limit": 1, "offset": 1}).json()
    assert (second["rank"], second["name"]) == (2, "Alice")
    assert client.get("/api/leaderboards/advocates", {"offset": 5}).json() == []
    assert client.get("/api/leaderboards/advocates", {"offset": -3, "limit": 0}).json()[0]["rank"] == 1
    assert client.get("/api/leaderboards/advocates", {"offset": "x"}).status_code == 422


def test_the_advocates_board_of_one_country(client, campaign, alice_page, bob_page):
    give(page=alice_page, amount_minor=1000)
    give(page=bob_page, amount_minor=5000)
    canada = client.get("/api/leaderboards/advocates", {"country": "ca"}).json()
    assert [(row["rank"], row["name"], row["raised"]["display"]) for row in canada] == [(1, "Bob", "CA$50.00")]
    assert client.get("/api/leaderboards/advocates", {"country": "KE"}).json() == []  # a country, no page there
    refused = client.get("/api/leaderboards/advocates", {"country": "Narnia"})
    assert refused.status_code == 422
    assert "country" in refused.json()["detail"]


def test_openapi_schema_is_published(client, campaign):
    schema = client.get("/api/openapi.json").json()
    assert "/api/campaign" in schema["paths"]
    assert "/api/leaderboards/teams" in schema["paths"]
    # A client learns from the schema how far a board's slice goes, and what happens beyond.
    for board in ("advocates", "teams"):
        parameters = {p["name"]: p for p in schema["paths"][f"/api/leaderboards/{board}"]["get"]["parameters"]}
        assert "from 1 to 100" in parameters["limit"]["description"]
        assert parameters["limit"]["schema"]["default"] == 10
        assert "negative value counts as 0" in parameters["offset"]["description"]


def test_a_page_gives_its_photo_and_thumbnail_or_none(client, campaign, alice, alice_page):
    from django.core.files.base import ContentFile

    from jfa.campaigns.actions import update_page
    from jfa.core.testing import png_bytes

    body = client.get(f"/api/pages/{alice_page.slug}").json()
    assert (body["photo_url"], body["thumbnail_url"], body["photo_alt"]) == (None, None, "")

    update_page(
        page=alice_page, display_name="Alice", title=alice_page.title, pitch=alice_page.pitch,
        goal_minor=alice_page.goal_minor, country="US", commitment="dress",
        photo=ContentFile(png_bytes(size=(600, 400)), name="a.png"), photo_alt="Alice in a red dress",
    )  # fmt: skip
    alice_page.refresh_from_db()
    body = client.get(f"/api/pages/{alice_page.slug}").json()
    assert body["photo_url"] == alice_page.photo.url and body["photo_url"].startswith("/media/pages/")
    assert body["thumbnail_url"] == alice_page.photo_thumbnail.url
    assert body["photo_alt"] == "Alice in a red dress"
    assert client.get(body["thumbnail_url"]).status_code == 200
