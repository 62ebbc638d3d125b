"""An advocate changes their page's address; every link to the old one (printed QR codes, posts,
a box on a blog, a donation form left open) keeps leading to the page, and nobody else can take it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jfa.campaigns.actions import MAX_FORMER_ADDRESSES, CampaignError, open_page, update_page
from jfa.campaigns.models import AdvocatePage, PageAddress
from jfa.core.testing import gift_form, make_page, make_user, page_form
from jfa.donations.models import Donation
from jfa.donations.tests.test_concurrency import run_in_threads

pytestmark = pytest.mark.django_db


def move(page: AdvocatePage, slug: str) -> AdvocatePage:
    """The page's own edit, changing nothing but the address."""
    return update_page(
        page=page, display_name=page.display_name, title=page.title, pitch=page.pitch, goal_minor=page.goal_minor,
        country=page.country, commitment=page.commitment, photo=None, photo_alt=page.photo_alt, slug=slug,
    )  # fmt: skip


def edit(client, page, **changes):
    return client.post(reverse("campaigns:page_edit", args=[page.slug]), page_form(country="US", **changes))


def test_an_advocate_moves_their_page_and_every_old_link_still_leads_to_it(client, campaign, alice, alice_page):
    client.force_login(alice)
    form = client.get(reverse("campaigns:page_edit", args=[alice_page.slug])).content.decode()
    assert 'name="slug" value="alice"' in form
    assert "Your page is at http://testserver/p/address/." in form

    response = edit(client, alice_page, slug="Alice-For-Freedom", title="Alice, all December")
    assert response.status_code == 302 and response["Location"] == "/p/alice-for-freedom/"
    alice_page.refresh_from_db()
    assert (alice_page.slug, alice_page.title) == ("alice-for-freedom", "Alice, all December")
    assert list(PageAddress.objects.values_list("slug", "page_id")) == [("alice", alice_page.pk)]

    client.logout()
    for old, new in [
        ("/p/alice/", "/p/alice-for-freedom/"),
        ("/p/alice/card/", "/p/alice-for-freedom/card/"),
        ("/p/alice/qr.svg?download", "/p/alice-for-freedom/qr.svg?download"),
        ("/p/alice/widget/", "/p/alice-for-freedom/widget/"),
        ("/p/alice/share.jpg?lang=fr&v=3", "/p/alice-for-freedom/share.jpg?lang=fr&v=3"),
        ("/p/alice/gifts/", "/p/alice-for-freedom/gifts/"),
        ("/give/page/alice/", "/give/page/alice-for-freedom/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (307, new), old
    assert client.get("/p/alice-for-freedom/").status_code == 200

    # A donation form opened before the move and sent after: the browser sends the same POST on.
    response = client.post("/give/page/alice/", gift_form())
    assert (response.status_code, response["Location"]) == (307, "/give/page/alice-for-freedom/")
    assert not Donation.objects.exists()  # nothing is written at the old address
    assert client.get("/p/nobody/").status_code == 404


def test_an_address_in_use_or_held_for_another_page_is_refused_and_nothing_is_saved(
    client, campaign, alice, alice_page, bob, bob_page
):
    move(bob_page, "bob-in-a-tie")  # Bob's old address "bob" is held for Bob
    client.force_login(alice)
    for taken in ("bob-in-a-tie", "bob"):
        response = edit(client, alice_page, slug=taken, title="Changed")
        assert response.status_code == 400
        assert "That address is taken. Try another." in response.content.decode()
    alice_page.refresh_from_db()
    assert (alice_page.slug, alice_page.title) == ("alice", "Alice wears a dress for freedom")
    assert client.get("/p/bob/")["Location"] == "/p/bob-in-a-tie/"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ab", "Ensure this value has at least 3 characters (it has 2)."),
        ("alice for freedom", "Use lowercase letters, numbers and single hyphens between them"),
        ("alice--x", "Use lowercase letters, numbers and single hyphens between them"),
        ("-alice", "Use lowercase letters, numbers and single hyphens between them"),
        ("émile", "Use lowercase letters, numbers and single hyphens between them"),
        ("a" * 61, "Ensure this value has at most 60 characters (it has 61)."),
    ],
)
def test_an_address_that_is_not_one_gets_a_clear_error(client, campaign, alice, alice_page, typed, message):
    client.force_login(alice)
    response = edit(client, alice_page, slug=typed)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PageAddress.objects.exists()
    alice_page.refresh_from_db()
    assert alice_page.slug == "alice"


def test_a_page_may_come_back_to_an_address_it_left(campaign, alice_page):
    move(alice_page, "alice-two")
    move(alice_page, "alice-three")
    move(alice_page, "alice")  # its own former address: it takes it back
    assert sorted(PageAddress.objects.values_list("slug", flat=True)) == ["alice-three", "alice-two"]
    assert AdvocatePage.objects.get(pk=alice_page.pk).slug == "alice"


def test_a_page_cannot_hoard_addresses(campaign, alice_page):
    for n in range(MAX_FORMER_ADDRESSES):
        move(alice_page, f"alice-{n}")
    with pytest.raises(CampaignError, match="changed its address 5 times already"):
        move(alice_page, "alice-one-more")
    assert AdvocatePage.objects.get(pk=alice_page.pk).slug == f"alice-{MAX_FORMER_ADDRESSES - 1}"
    assert PageAddress.objects.count() == MAX_FORMER_ADDRESSES


def test_a_new_page_never_takes_an_address_another_page_left(client, campaign, alice_page):
    move(alice_page, "alice-for-freedom")
    namesake = open_page(
        campaign=campaign, owner=make_user("alice2@example.org", "Alice"), display_name="Alice",
        title="Another Alice", pitch="Me too.", goal_minor=10_000, country="US",
    )  # fmt: skip
    assert namesake.slug == "alice-2"
    assert client.get("/p/alice/")["Location"] == "/p/alice-for-freedom/"


def test_a_name_without_latin_letters_takes_its_address_from_the_title_or_a_plain_word(campaign, alice):
    from jfa.campaigns.actions import create_team

    def opened(email: str, name: str, title: str) -> str:
        return open_page(
            campaign=campaign, owner=make_user(email, name), display_name=name, title=title,
            pitch="", goal_minor=10_000, country="CA",
        ).slug  # fmt: skip

    assert opened("mei@example.org", "陈美玲", "Mei-Ling wears a dress for freedom") == (
        "mei-ling-wears-a-dress-for-freedom"
    )
    assert opened("min@example.org", "김민지", "김민지의 드레스") == "page"
    team = create_team(campaign=campaign, captain=alice, name="👗👗", description="", goal_minor=1, currency="USD")
    assert team.slug == "team"


@pytest.mark.django_db(transaction=True)
def test_eight_pages_claiming_one_address_at_once_leave_it_to_exactly_one(campaign):
    pages = [make_page(campaign, make_user(f"p{n}@example.org", f"P{n}"), slug=f"p{n}") for n in range(8)]
    errors = run_in_threads(8, lambda n: move(pages[n], "the-best-address"))
    assert len(errors) == 7
    assert {str(error) for error in errors} == {"That address is taken. Try another."}
    assert AdvocatePage.objects.filter(slug="the-best-address").count() == 1
    assert PageAddress.objects.count() == 1


def test_staff_see_the_addresses_a_page_left(client, campaign, staff, alice_page):
    move(alice_page, "alice-for-freedom")
    client.force_login(staff)
    html = client.get(reverse("admin:campaigns_advocatepage_change", args=[alice_page.pk])).content.decode()
    assert "Former page addresses" in html
    assert re.search(r'id="former_addresses-0">\s*<td class="original">\s*<p>\s*alice\s*</p>', html)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_gifts_go_through_while_a_page_moves(campaign, alice_page, monkeypatch):
    """The move holds the campaign's and the page's rows locked; a gift pointing at both must not
    wait for it (PostgreSQL's FOR KEY SHARE against our FOR NO KEY UPDATE)."""
    import threading

    from django.db import connection, connections

    from jfa.campaigns import actions
    from jfa.core.testing import give

    holding, release = threading.Event(), threading.Event()
    real_move = actions._move_page

    def slow_move(page, slug):
        real_move(page, slug)
        holding.set()
        release.wait(10)

    monkeypatch.setattr(actions, "_move_page", slow_move)
    mover = threading.Thread(target=lambda: (move(alice_page, "alice-moves"), connections.close_all()))
    mover.start()
    try:
        assert holding.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # a gift stuck behind the move fails instead
        gift = give(page=alice_page, amount_minor=1_500)
        assert gift.status == "succeeded"
    finally:
        release.set()
        mover.join()
    assert AdvocatePage.objects.get(pk=alice_page.pk).slug == "alice-moves"


def test_staff_cannot_move_a_page_from_the_admin(client, campaign, staff, alice_page):
    client.force_login(staff)
    change = reverse("admin:campaigns_advocatepage_change", args=[alice_page.pk])
    html = client.get(change).content.decode()
    assert 'name="slug"' not in html
    assert re.search(r'<div class="readonly">\s*alice\s*</div>', html)


def test_an_address_both_current_and_former_never_sends_the_reader_in_circles(client, campaign, alice_page):
    # Only a row written by hand (or by an admin form before the address became read-only there)
    # leaves a page at an address it is also recorded as having left.
    PageAddress.objects.create(campaign=campaign, page=alice_page, slug=alice_page.slug)
    assert client.get(f"/p/{alice_page.slug}/day/9/").status_code == 404  # no photo that day
    AdvocatePage.objects.filter(pk=alice_page.pk).update(is_published=False)
    assert client.get(f"/p/{alice_page.slug}/").status_code == 404
