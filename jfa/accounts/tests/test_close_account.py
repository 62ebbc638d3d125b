"""An advocate closes their own account: what named them is erased, what the books need stays."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from jfa.accounts.actions import AccountError, close_account
from jfa.accounts.models import User
from jfa.campaigns.actions import CampaignError, create_team, join_team, post_dress_log, update_page
from jfa.campaigns.models import AdvocatePage, DressLogEntry, PageAddress, Team
from jfa.core.models import StoredFile
from jfa.core.testing import give, make_page, make_user, png_bytes
from jfa.donations.models import Donation, TotalScope
from jfa.donations.tests.test_concurrency import run_in_threads
from jfa.donations.totals import total_for
from jfa.stories.actions import post_comment
from jfa.stories.models import Subscription
from jfa.stories.tests.factories import make_post, member

pytestmark = pytest.mark.django_db

CLOSE = reverse("close_account")
PASSWORD = "correct horse battery staple"


def closing(**overrides) -> dict:
    return {"password": PASSWORD, "understood": "on", **overrides}


@pytest.fixture
def bob_published(campaign, bob, bob_page, time_machine):
    """Bob's page with everything that names him: a photo, a dress-log day, an address he left."""
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, tzinfo=datetime.UTC))  # the dress log is open
    update_page(
        page=bob_page,
        display_name="Bob Tremblay",
        title="Bob wears a tie for freedom",
        pitch="Every day of December.",
        goal_minor=bob_page.goal_minor,
        country="CA",
        commitment=bob_page.commitment,
        photo=ContentFile(png_bytes(), name="bob.png"),
        photo_alt="Bob in a red tie",
        slug="bob-tremblay",
    )
    post_dress_log(
        page=bob_page, day=1, photo=ContentFile(png_bytes(), name="d1.png"), photo_alt="Day one", caption="Red"
    )
    bob_page.refresh_from_db()
    return bob_page


def test_an_advocate_closes_their_account_and_everything_that_named_them_goes(
    client, campaign, bob, bob_published, django_capture_on_commit_callbacks
):
    gift = give(page=bob_published, amount_minor=4_000)
    raised = total_for(TotalScope.PAGE, bob_published.pk).money("CAD")
    photos_before = StoredFile.objects.count()
    post = make_post()
    comment = post_comment(post_id=post.pk, commenter=member(bob), body="Go team!", follow=True)
    assert Subscription.objects.filter(email="bob@example.org").exists()
    other_session = Client()
    other_session.force_login(bob)
    client.force_login(bob)

    assert "Close your account" in client.get(reverse("campaigns:dashboard")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CLOSE, closing())
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:home")
    assert "Your account is closed." in client.get(response["Location"]).content.decode()

    bob.refresh_from_db()
    assert bob.email == f"closed-{bob.pk}@closed.invalid"
    assert (bob.display_name, bob.first_name, bob.last_name) == ("", "", "")
    assert not bob.is_active and not bob.has_usable_password() and bob.closed_at is not None
    assert not (bob.gift_emails or bob.dress_log_reminders or bob.team_messages or bob.team_news)
    assert not EmailAddress.objects.filter(user=bob).exists()

    page = AdvocatePage.objects.get(pk=bob_published.pk)
    assert (page.display_name, page.title, page.pitch, page.photo_alt) == ("Former advocate", "", "", "")
    assert (page.slug, page.is_published, page.photo.name, page.photo_thumbnail.name) == (
        f"closed--{page.pk}",
        False,
        "",
        "",
    )
    assert not DressLogEntry.objects.filter(page=page).exists()
    assert not PageAddress.objects.filter(page=page).exists()
    assert StoredFile.objects.count() == photos_before - 4  # page photo, its thumbnail, day 1 and its thumbnail
    for address in ("/p/bob-tremblay/", "/p/bob/"):
        assert client.get(address).status_code == 404

    # The gift and every total stay as they were: gifts are financial records.
    gift.refresh_from_db()
    assert gift.status == "succeeded" and gift.page_id == page.pk
    assert total_for(TotalScope.PAGE, page.pk).money("CAD") == raised

    comment.refresh_from_db()
    assert comment.body == "" and comment.deleted_at is not None
    assert not Subscription.objects.filter(email="bob@example.org").exists()

    # Signed out here and everywhere else; the old password no longer signs in.
    assert client.get(reverse("campaigns:dashboard")).status_code == 302
    assert other_session.get(reverse("campaigns:dashboard")).status_code == 302
    assert not Client().login(email="bob@example.org", password=PASSWORD)

    [sent] = [m for m in mail.outbox if m.to == ["bob@example.org"]]  # (the donor's thanks went too)
    assert sent.subject == "Your Justice For All account is closed"
    assert "Gifts made on your page stay in our books" in sent.body


def test_the_same_address_can_sign_up_again_afterwards(campaign, bob, bob_page):
    close_account(user=bob)
    again = make_user("bob@example.org", "Bob")
    assert again.pk != bob.pk


def test_a_wrong_password_or_no_consent_closes_nothing(client, campaign, bob, bob_page):
    client.force_login(bob)
    for data, message in (
        (closing(password="not it"), "That is not your password."),
        (closing(understood=""), "This field is required."),
    ):
        response = client.post(CLOSE, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    bob.refresh_from_db()
    assert bob.is_active and bob.closed_at is None and bob.email == "bob@example.org"
    assert AdvocatePage.objects.get(pk=bob_page.pk).is_published


def test_guessing_the_password_is_cut_short(client, campaign, bob, bob_page):
    client.force_login(bob)
    for _ in range(5):
        client.post(CLOSE, closing(password="guess"))
    response = client.post(CLOSE, closing())
    assert "Too many tries." in response.content.decode()
    bob.refresh_from_db()
    assert bob.closed_at is None


def test_a_captain_hands_the_team_over_first(client, campaign, alice, alice_page, team, bob, bob_page):
    join_team(page=bob_page, team=team)
    client.force_login(alice)
    html = client.get(CLOSE).content.decode()
    assert "Your teams need a new captain first." in html
    assert f'href="{reverse("campaigns:team_edit", args=[team.slug])}">Hand over Tie One On</a>' in html
    assert "Close my account for good" not in html
    assert client.post(CLOSE, closing()).status_code == 400
    with pytest.raises(AccountError, match="You captain Tie One On: hand each team over"):
        close_account(user=alice)
    alice.refresh_from_db()
    assert alice.closed_at is None
    assert AdvocatePage.objects.get(pk=alice_page.pk).display_name == "Alice"


def test_a_finished_campaigns_team_keeps_a_former_advocate_as_captain(
    client, campaign, alice, alice_page, team, bob, bob_page, time_machine
):
    join_team(page=bob_page, team=team)
    time_machine.move_to(datetime.datetime(2027, 1, 10, 15, tzinfo=datetime.UTC))
    close_account(user=alice)
    team.refresh_from_db()
    assert team.captain_id == alice.pk
    assert "Captain: Former advocate" in client.get(team.get_absolute_url()).content.decode()


def test_a_team_captained_alone_loses_what_named_it_and_keeps_its_gifts(
    client, campaign, alice, alice_page, team, bob, staff
):
    Team.objects.filter(pk=team.pk).update(description="Alice Martin's family, from Lyon.")
    give(team=team, amount_minor=2_500)
    raised = total_for(TotalScope.TEAM, team.pk).money("USD")
    old_address = team.get_absolute_url()
    client.force_login(alice)
    page = client.get(CLOSE).content.decode()
    assert "The name, address and description of Tie One On, the team you lead with no one else on it." in page
    french = client.get(CLOSE, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Le nom, l’adresse et la description de l’équipe Tie One On, que vous menez sans personne d’autre." in french

    gift = Donation.objects.get(team=team)
    close_account(user=alice)
    team.refresh_from_db()
    assert (team.name, team.slug, team.description) == (f"Former team {team.pk}", f"closed--{team.pk}", "")
    assert team.captain_id == alice.pk and team.closed_at is not None
    # Its gifts stay in the books and in the campaign's total...
    assert total_for(TotalScope.TEAM, team.pk).money("USD") == raised
    assert total_for(TotalScope.CAMPAIGN, campaign.pk).money("USD") == raised
    # ...and the team leaves the site, as its captain's page did: its page, the board, search,
    # the list of teams to join, the sitemap. Its name (kept for staff) is never shown to anyone.
    assert client.get(old_address).status_code == 404
    assert client.get(team.get_absolute_url()).status_code == 404
    for url in (reverse("campaigns:teams"), "/search/?q=former", "/", "/sitemap.xml"):
        html = client.get(url).content.decode()
        assert "Former team" not in html and "closed--" not in html, url
    client.force_login(bob)
    assert "Former team" not in client.get(reverse("campaigns:page_setup")).content.decode()
    # A donor's thank-you page stands, and no longer leads to the team.
    thanks = client.get(reverse("donations:thanks", args=[gift.public_id])).content.decode()
    assert "Thank you, Dana Donor!" in thanks and "closed--" not in thanks and "Former team" not in thanks
    # Staff still find it, among the closed teams.
    client.force_login(staff)
    closed = client.get(reverse("admin:campaigns_team_changelist") + "?closed_at=yes").content.decode()
    assert f"Former team {team.pk}" in closed
    still_open = client.get(reverse("admin:campaigns_team_changelist") + "?closed_at=no").content.decode()
    assert f"Former team {team.pk}" not in still_open


def test_a_team_already_named_like_a_former_one_does_not_stop_the_closing(campaign, alice, alice_page, team, bob):
    create_team(
        campaign=campaign, captain=bob, name=f"Former team {team.pk}", description="", goal_minor=1_000, currency="CAD"
    )
    close_account(user=alice)
    team.refresh_from_db()
    assert team.name.startswith(f"Former team {team.pk}-") and team.slug == f"closed--{team.pk}"


def test_a_team_with_other_members_keeps_its_name(campaign, alice, alice_page, team, bob, bob_page, time_machine):
    Team.objects.filter(pk=team.pk).update(description="Dresses all month.")
    join_team(page=bob_page, team=team)
    time_machine.move_to(datetime.datetime(2027, 1, 10, 15, tzinfo=datetime.UTC))  # over: no hand-over needed
    close_account(user=alice)
    team.refresh_from_db()
    assert (team.name, team.description) == ("Tie One On", "Dresses all month.")


def test_someone_with_no_page_closes_too(client, campaign, charlie):
    client.force_login(charlie)
    html = client.get(CLOSE).content.decode()
    assert "Your page leaves the site" not in html
    assert client.post(CLOSE, closing()).status_code == 302
    charlie.refresh_from_db()
    assert charlie.closed_at is not None


def test_a_staff_account_is_closed_by_another_administrator(client, campaign, staff):
    client.force_login(staff)
    assert "Close my account for good" not in client.get(CLOSE).content.decode()
    assert client.post(CLOSE, closing()).status_code == 400
    with pytest.raises(AccountError, match="A staff account is closed by another administrator"):
        close_account(user=staff)
    staff.refresh_from_db()
    assert staff.is_active


def test_signing_in_is_required(client):
    response = client.get(CLOSE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_says_what_goes_and_what_stays_in_french(client, campaign, bob, bob_page):
    client.force_login(bob)
    html = client.get(CLOSE, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Fermer votre compte</h1>" in html
    assert "Fermer mon compte pour de bon" in html


@pytest.mark.django_db(transaction=True)
def test_closing_twice_at_once_closes_once(campaign):
    bob = make_user("bob@example.org", "Bob")
    make_page(campaign, bob, country="CA")
    errors = run_in_threads(4, lambda n: close_account(user=User.objects.get(pk=bob.pk)))
    assert [str(error) for error in errors] == ["This account is already closed."] * 3
    bob.refresh_from_db()
    assert bob.email == f"closed-{bob.pk}@closed.invalid"


def test_a_closed_member_leaves_the_team_and_a_team_without_captain_takes_nobody(
    campaign, alice, alice_page, team, bob, bob_page, charlie
):
    join_team(page=bob_page, team=team)
    close_account(user=bob)
    assert AdvocatePage.objects.get(pk=bob_page.pk).team is None
    close_account(user=alice)  # Bob has gone: Alice captains the team alone and may close
    with pytest.raises(CampaignError, match="That team no longer has a captain"):
        make_page(campaign, charlie, team=team)
    assert not AdvocatePage.objects.filter(owner=charlie).exists()
