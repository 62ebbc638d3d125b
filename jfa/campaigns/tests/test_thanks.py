"""An advocate thanks each donor in their own words. We email the note; neither side learns the
other's address, and each gift gets one note however often the button is pressed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jfa.core.testing import give, make_page
from jfa.donations.actions import DonationError, send_thanks_note
from jfa.donations.models import DonorThanks
from jfa.donations.tests.test_concurrency import run_in_threads

pytestmark = pytest.mark.django_db


@pytest.fixture
def gift(alice_page):
    return give(page=alice_page, amount_minor=4_000)


def note_url(gift) -> str:
    return reverse("campaigns:thanks_note", args=[gift.public_id])


def notes(subject: str = "A thank-you from"):
    """The thank-you notes sent (the gifts' own emails may go out in the same batch)."""
    return [m for m in mail.outbox if m.subject.startswith(subject)]


def test_an_advocate_thanks_a_donor_who_gets_the_note_by_email(
    client, alice, gift, settings, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "Thank your donors (1 waiting)" in dashboard

    listing = client.get(reverse("campaigns:thanks")).content.decode()
    assert "1 gift is waiting for your thanks." in listing
    assert f'href="{note_url(gift)}">Say thanks<span class="visually-hidden"> to Dana Donor, US$40.00</span>' in listing

    form = client.get(note_url(gift)).content.decode()
    assert '<label for="id_note">Your note</label>' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(note_url(gift), {"note": "  Dana, your gift made my week.\nThank you!  "}, follow=True)
    assert response.redirect_chain == [(reverse("campaigns:thanks"), 302)]
    page = response.content.decode()
    assert "Your note is on its way to Dana Donor." in page
    assert "You have thanked every donor so far." in page
    assert "Say thanks" not in page

    [email] = notes()
    assert email.to == ["dana@example.net"]
    assert email.reply_to == [settings.CONTACT_EMAIL]
    assert email.subject == "A thank-you from Alice"
    assert "Alice wrote to thank you for your gift of US$40.00 to their page in Dress for Freedom 2026:" in email.body
    assert "\n\nDana, your gift made my week.\nThank you!\n\n" in email.body
    assert f"{settings.SITE_URL}{gift.page.get_absolute_url()}" in email.body
    assert "alice@example.org" not in email.body  # the advocate's address is not passed on either

    [thanks] = DonorThanks.objects.all()
    assert (thanks.donation_id, thanks.sent_by_id) == (gift.pk, alice.pk)
    assert thanks.note == "Dana, your gift made my week.\nThank you!"
    assert "Thank your donors (" not in client.get(reverse("campaigns:dashboard")).content.decode()


def test_a_gift_gets_one_note_and_the_page_then_shows_it(client, alice, gift, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(note_url(gift), {"note": "Thank you, Dana."})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(note_url(gift), {"note": "Thanks again!"}, follow=True)
    assert again.redirect_chain == [(note_url(gift), 302)]
    shown = again.content.decode()
    assert "You already thanked this donor." in shown
    assert '<blockquote class="note">Thank you, Dana.</blockquote>' in shown
    assert "Send my note" not in shown
    assert notes() == []
    assert list(DonorThanks.objects.values_list("note", flat=True)) == ["Thank you, Dana."]


def test_nobody_else_can_see_or_thank_a_gift(client, alice, bob, bob_page, gift):
    assert client.get(note_url(gift)).status_code == 302  # to sign in first
    assert client.post(note_url(gift), {"note": "Hi"}).status_code == 302

    client.force_login(bob)  # an advocate, but of another page
    assert client.get(note_url(gift)).status_code == 404
    assert client.post(note_url(gift), {"note": "Hi"}).status_code == 404
    assert "Dana Donor" not in client.get(reverse("campaigns:thanks")).content.decode()
    with pytest.raises(DonationError, match="Only the advocate whose page received this gift"):
        send_thanks_note(donation=gift, sender=bob, note="Hi")
    assert not DonorThanks.objects.exists()


def test_unknown_and_declined_gifts_are_not_found(client, alice, alice_page):
    declined = give(page=alice_page, amount_minor=2_500, card="4000000000000002")
    client.force_login(alice)
    assert client.get(note_url(declined)).status_code == 404
    assert client.get("/me/thanks/00000000-0000-0000-0000-000000000000/").status_code == 404
    with pytest.raises(DonationError, match="Only a gift that went through can be thanked."):
        send_thanks_note(donation=declined, sender=alice, note="Thanks")


@pytest.mark.parametrize(
    ("note", "error"),
    [
        ("", "This field is required."),
        ("   \n  ", "This field is required."),
        ("x" * 1001, "Ensure this value has at most 1000 characters (it has 1001)."),
    ],
)
def test_an_empty_or_overlong_note_is_refused_and_nothing_is_sent(
    client, alice, gift, note, error, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(note_url(gift), {"note": note})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not DonorThanks.objects.exists()
    assert notes() == []


def test_the_action_refuses_what_the_form_would(alice, gift):
    with pytest.raises(DonationError, match="Write a few words to send."):
        send_thanks_note(donation=gift, sender=alice, note=" \t ")
    with pytest.raises(DonationError, match="Keep the note under 1000 characters."):
        send_thanks_note(donation=gift, sender=alice, note="x" * 1001)
    assert not DonorThanks.objects.exists()


def test_a_note_with_markup_is_shown_as_text(client, alice, gift):
    client.force_login(alice)
    client.post(note_url(gift), {"note": "<script>alert(1)</script> <b>merci</b>"})
    shown = client.get(note_url(gift)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;merci&lt;/b&gt;" in shown
    assert "<script>alert(1)" not in shown


def test_the_donor_reads_the_note_in_the_language_they_gave_in(alice, alice_page, django_capture_on_commit_callbacks):
    gift = give(page=alice_page, amount_minor=2_000)
    gift.language = "fr"
    gift.save(update_fields=["language"])
    # A name typed with a line break must not break the email's subject.
    alice_page.display_name = "Alice\nLiddell"
    alice_page.save(update_fields=["display_name"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_thanks_note(donation=gift, sender=alice, note="Merci!")
    [email] = notes("Un mot de remerciement")
    assert email.subject == "Un mot de remerciement d’Alice Liddell"
    assert "vous écrit pour vous remercier de votre don de 20,00\xa0$\xa0US" in email.body


def test_the_new_gift_email_links_to_the_thank_you_form(alice, alice_page, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gift = give(page=alice_page, amount_minor=1_500)
    [news] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert f"/me/thanks/{gift.public_id}/" in news.body


@pytest.mark.django_db(transaction=True)
def test_eight_sends_of_one_note_at_once_leave_one_note(alice, alice_page):
    gift = give(page=alice_page, amount_minor=3_000)
    errors = run_in_threads(8, lambda n: send_thanks_note(donation=gift, sender=alice, note=f"Thank you ({n})"))
    assert DonorThanks.objects.filter(donation=gift).count() == 1
    assert len(errors) == 7
    assert {str(error) for error in errors} == {"You already thanked this donor."}


def test_a_captain_thanks_the_donors_of_the_team_page(
    client, campaign, alice, alice_page, charlie, team, settings, django_capture_on_commit_callbacks
):
    from jfa.campaigns.actions import join_team

    team_gift = give(team=team, amount_minor=7_500)
    member_page = join_team(page=make_page(campaign, charlie, country="US"), team=team)
    member_gift = give(page=member_page, amount_minor=1_000)  # Charlie's to thank, not the captain's

    client.force_login(alice)
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert '<a href="/me/thanks/team/">Thank your team\'s donors (1 waiting)</a>' in dashboard
    listing = client.get(reverse("campaigns:thanks_team")).content.decode()
    assert note_url(team_gift) in listing
    assert note_url(member_gift) not in listing
    assert client.get(note_url(member_gift)).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(note_url(team_gift), {"note": "The whole team thanks you."})
    assert response.url == reverse("campaigns:thanks_team")
    [email] = notes()
    assert email.to == ["dana@example.net"]
    assert (
        "Alice, captain of Tie One On, wrote to thank you for your gift of US$75.00 to the team in "
        "Dress for Freedom 2026:" in email.body
    )
    assert f"{settings.SITE_URL}{team.get_absolute_url()}" in email.body

    # A member of the team is not its captain: the team's donors are not theirs to write to.
    client.force_login(charlie)
    assert client.get(reverse("campaigns:thanks_team")).status_code == 404
    assert client.get(note_url(team_gift)).status_code == 404
    assert client.get(note_url(member_gift)).status_code == 200


def test_staff_read_the_note_on_the_gift_and_cannot_change_it(client, staff, alice, gift):
    send_thanks_note(donation=gift, sender=alice, note="Thank you, Dana.")
    client.force_login(staff)
    html = client.get(reverse("admin:donations_donation_change", args=[gift.pk])).content.decode()
    assert "Thank you, Dana." in html
    assert 'name="thanks-0-note"' not in html  # shown, not editable
    notes_admin = reverse("admin:donations_donorthanks_change", args=[gift.thanks.pk])
    assert client.post(notes_admin, {"note": "Changed"}).status_code == 403
    gift.thanks.refresh_from_db()
    assert gift.thanks.note == "Thank you, Dana."
