"""An address that only takes a form sends a visit to the page the form lives on, saying nothing
was done, instead of an empty "405" error page; other methods are still refused."""

import pytest
from django.urls import reverse

from jfa.stories.actions import post_comment
from jfa.stories.models import Comment, Post
from jfa.stories.tests.factories import guest, make_post

pytestmark = pytest.mark.django_db

NOTHING_DONE = "Nothing was done: that address only takes a form. You can do it here."


def test_an_advocate_signed_out_mid_way_is_brought_back_to_the_team_after_signing_in(client, bob, bob_page, team):
    join = reverse("campaigns:team_join", args=[team.slug])
    # Bob's sign-in lapsed while the team's page was open: "Join this team" asks him to sign in.
    to_sign_in = client.post(join)
    assert to_sign_in["Location"] == f"{reverse('account_login')}?next={join}"

    # Signing in returns him to the address the form went to, now as a visit.
    signed_in = client.post(
        to_sign_in["Location"],
        {"login": "bob@example.org", "password": "correct horse battery staple", "next": join},
        follow=True,
    )
    assert signed_in.redirect_chain[-1][0] == team.get_absolute_url()
    assert signed_in.status_code == 200
    assert NOTHING_DONE in signed_in.content.decode()
    bob_page.refresh_from_db()
    assert bob_page.team is None  # the visit joined nothing: he chooses again, on the team's page

    client.post(join)
    bob_page.refresh_from_db()
    assert bob_page.team == team


def test_a_lapsed_dress_log_post_leads_back_to_the_dashboard(client, alice, alice_page):
    client.force_login(alice)
    response = client.get(reverse("campaigns:dress_log_post"), follow=True)
    assert response.redirect_chain == [(reverse("campaigns:dashboard"), 302)]
    assert NOTHING_DONE in response.content.decode()
    assert not alice_page.dress_log.exists()


def test_the_message_is_in_french_for_french_readers(client, alice, alice_page):
    client.force_login(alice)
    response = client.get(reverse("campaigns:page_visibility"), follow=True, headers={"accept-language": "fr"})
    assert "Rien n’a été fait\u00a0: cette adresse ne reçoit qu’un formulaire." in response.content.decode()
    alice_page.refresh_from_db()
    assert alice_page.is_published


def test_story_forms_lead_back_to_their_story(client):
    story = make_post()
    comment = post_comment(post_id=story.pk, commenter=guest(), body="Thank you for this.")
    story_page = reverse("stories:post", args=[story.slug]) + "#comments"

    assert client.get(reverse("stories:comment", args=[story.slug]))["Location"] == story_page
    assert client.get(reverse("stories:follow", args=[story.slug]))["Location"] == story_page
    for name in ("stories:delete_comment", "stories:report_comment"):
        assert client.get(reverse(name, args=[comment.pk]))["Location"] == story_page
    assert Comment.objects.get().status == comment.status
    assert not story.subscriptions.exists()


def test_a_comment_under_a_story_taken_back_does_not_give_its_address_away(client):
    draft = make_post()
    comment = post_comment(post_id=draft.pk, commenter=guest(), body="Early words.")
    Post.objects.filter(pk=draft.pk).update(status=Post.Status.DRAFT)  # staff took it back
    response = client.get(reverse("stories:report_comment", args=[comment.pk]))
    assert response["Location"] == reverse("stories:index")
    assert draft.slug not in response["Location"]


def test_moderation_and_the_language_switch(client, staff):
    client.force_login(staff)
    assert client.get(reverse("stories:moderate", args=[1]))["Location"] == reverse("stories:moderation")
    assert client.get(reverse("set_language"))["Location"] == reverse("campaigns:home")


def test_other_methods_are_still_refused(client, alice, team):
    client.force_login(alice)
    join = reverse("campaigns:team_join", args=[team.slug])
    assert client.put(join).status_code == 405
    assert client.delete(join)["Allow"] == "POST"
    # A HEAD is answered like the visit it stands for, without leaving a message for later.
    head = client.head(join)
    assert head["Location"] == team.get_absolute_url()
    assert NOTHING_DONE not in client.get(team.get_absolute_url()).content.decode()
