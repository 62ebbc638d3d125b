"""Staff plan December's Friday spotlights in the back office: a partner per Friday, each becoming
a story scheduled for that Friday, without touching a Friday already planned or already past."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from jfa.stories.models import Post

from .factories import make_partner, make_post, make_user, mona

pytestmark = pytest.mark.django_db
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
PLAN = reverse("admin:stories_post_plan_fridays")


@pytest.fixture
def staff(client):
    user = mona()
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    client.force_login(user)
    return user


@pytest.fixture
def partners():
    return {
        "ijm": make_partner("ijm", "International Justice Mission"),
        "freedom-road": make_partner("freedom-road", "Freedom Road Aftercare"),
        "open-door": make_partner("open-door", "Open Door Prevention Network"),
    }


def test_staff_plan_a_spotlight_for_chosen_fridays(client, staff, partners, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 12, tzinfo=TORONTO))
    assert "Plan the Friday spotlights" in client.get(reverse("admin:stories_post_changelist")).content.decode()
    page = client.get(PLAN).content.decode()
    assert "The Fridays of December 2026" in page
    for day in ("Friday 4 December", "Friday 11 December", "Friday 18 December", "Friday 25 December"):
        assert f">{day}:</label>" in page
    response = client.post(
        PLAN, {"2026-12-04": partners["freedom-road"].pk, "2026-12-11": "", "2026-12-18": partners["ijm"].pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:stories_post_changelist") + "?status__exact=scheduled"
    posts = list(Post.objects.order_by("publish_at"))
    assert [(p.partner.slug, p.publish_at, p.status, p.author) for p in posts] == [
        ("freedom-road", datetime.datetime(2026, 12, 4, 9, tzinfo=TORONTO), "scheduled", staff),
        ("ijm", datetime.datetime(2026, 12, 18, 9, tzinfo=TORONTO), "scheduled", staff),
    ]
    assert posts[0].title == "Friday spotlight: Freedom Road Aftercare"
    assert "2 spotlights planned" in client.get(response["Location"]).content.decode()


def test_a_planned_or_past_friday_cannot_be_planned_again(client, staff, partners, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 5, 12, tzinfo=TORONTO))  # the 4th has gone out
    hand_written = make_post(title="Our own Open Door story", partner=partners["open-door"])
    Post.objects.filter(pk=hand_written.pk).update(publish_at=datetime.datetime(2026, 12, 11, 15, tzinfo=TORONTO))
    page = client.get(PLAN).content.decode()
    assert "This Friday" in page and "spotlight time has passed" in page
    assert "Already planned: “Our own Open Door story”." in page
    # Whatever a crafted form says for those two Fridays, they stay as they are.
    client.post(
        PLAN,
        {"2026-12-04": partners["ijm"].pk, "2026-12-11": partners["ijm"].pk, "2026-12-18": partners["ijm"].pk},
    )
    assert sorted(Post.objects.values_list("partner__slug", "publish_at__day")) == [("ijm", 18), ("open-door", 11)]
    # Now every Friday is either planned or past: nothing is left to plan.
    Post.objects.create(
        title="Last Friday", slug="last", body="Text", author=staff, partner=partners["freedom-road"],
        status="scheduled", publish_at=datetime.datetime(2026, 12, 25, 9, tzinfo=TORONTO),
    )  # fmt: skip
    full = client.get(PLAN).content.decode()
    assert "Every Friday of December 2026 has its spotlight, or its time has passed." in full
    assert "Plan these spotlights" not in full


def test_bad_plans_are_refused_and_change_nothing(client, staff, partners, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 12, tzinfo=TORONTO))
    nothing = client.post(PLAN, {"2026-12-04": "", "2026-12-11": ""})
    assert nothing.status_code == 200
    assert "Choose a partner for at least one Friday." in nothing.content.decode()
    twice = client.post(PLAN, {"2026-12-04": partners["ijm"].pk, "2026-12-11": partners["ijm"].pk})
    assert "International Justice Mission is already in the spotlight on another Friday" in twice.content.decode()
    unknown = client.post(PLAN, {"2026-12-04": 999_999})
    assert unknown.status_code == 200 and "errorlist" in unknown.content.decode()
    assert not Post.objects.exists()


def test_another_december_is_planned_from_the_year_in_the_address(client, staff, partners, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 12, tzinfo=TORONTO))
    page = client.get(PLAN, {"year": 2028}).content.decode()
    assert "The Fridays of December 2028" in page
    assert ">Friday 1 December:</label>" in page and ">Friday 29 December:</label>" in page
    client.post(f"{PLAN}?year=2028", {"2028-12-29": partners["open-door"].pk})
    assert Post.objects.get().publish_at == datetime.datetime(2028, 12, 29, 9, tzinfo=TORONTO)
    # A year that is not one, or far off, plans this year's December instead of failing.
    for year in ("junk", "99999", "1900"):
        assert "The Fridays of December 2026" in client.get(PLAN, {"year": year}).content.decode()


def test_the_page_speaks_french(client, staff, partners, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 12, tzinfo=TORONTO))
    page = client.get(PLAN, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "vendredi 4 décembre" in page and "Les vendredis de décembre 2026" in page
    assert "Planifier ces récits à l’honneur" in page


def test_only_staff_who_may_add_stories_plan_them(client, partners):
    client.force_login(make_user("reader"))
    assert client.get(PLAN).status_code == 302  # to the admin's sign-in
    editor = make_user("viewer", staff=True)
    client.force_login(editor)
    assert client.get(PLAN).status_code == 403
    assert client.post(PLAN, {"2026-12-04": partners["ijm"].pk}).status_code == 403
    assert not Post.objects.exists()


def test_from_november_the_admin_home_counts_the_fridays_left_to_plan(client, staff, partners, time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 30, 12, tzinfo=TORONTO))
    assert "without a spotlight" not in client.get(reverse("admin:index")).content.decode()  # too early
    time_machine.move_to(datetime.datetime(2026, 12, 5, 12, tzinfo=TORONTO))  # the 4th has passed
    client.post(PLAN, {"2026-12-11": partners["ijm"].pk})
    home = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{PLAN}">2 Fridays of December 2026 without a spotlight</a>' in home
    client.post(PLAN, {"2026-12-18": partners["open-door"].pk, "2026-12-25": partners["freedom-road"].pk})
    assert "without a spotlight" not in client.get(reverse("admin:index")).content.decode()
