from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jfa.stories.actions import (
    NotAllowed,
    StoryError,
    TooFast,
    delete_comment,
    edit_comment,
    moderate_comment,
    post_comment,
    report_comment,
)
from jfa.stories.limits import Limit
from jfa.stories.models import ApprovedCommenter, Comment, CommentReport, Post

from .factories import alice, bob, guest, make_post, member, mona

pytestmark = pytest.mark.django_db


def guest_form(**extra):
    return {"name": "Gina", "email": "gina@example.org", "body": "Thank you for this.", "extra_info": "", **extra}


# --- moderation ------------------------------------------------------------------------------


def test_a_first_time_guest_comment_waits_for_approval():
    post = make_post()
    comment = post_comment(post_id=post.pk, commenter=guest(), body="First!")
    assert comment.status == Comment.Status.PENDING


def test_after_one_approval_the_same_guest_is_approved_at_once():
    post = make_post()
    first = post_comment(post_id=post.pk, commenter=guest(), body="First!")
    moderate_comment(comment_id=first.pk, moderator=mona(), decision="approved")
    second = post_comment(post_id=post.pk, commenter=guest(email="GINA@example.org"), body="Me again")
    assert second.status == Comment.Status.APPROVED


def test_approving_one_guest_does_not_trust_another():
    post = make_post()
    first = post_comment(post_id=post.pk, commenter=guest(), body="First!")
    moderate_comment(comment_id=first.pk, moderator=mona(), decision="approved")
    other = post_comment(post_id=post.pk, commenter=guest("Ivan", "ivan@example.org", ip_hash="ip-ivan"), body="Hi")
    assert other.status == Comment.Status.PENDING


def test_signed_in_users_are_trusted_by_account_after_approval_and_staff_at_once():
    post = make_post()
    first = post_comment(post_id=post.pk, commenter=member(alice()), body="Hello")
    assert first.status == Comment.Status.PENDING
    moderate_comment(comment_id=first.pk, moderator=mona(), decision="approved")
    assert post_comment(post_id=post.pk, commenter=member(alice()), body="Again").status == "approved"
    assert post_comment(post_id=post.pk, commenter=member(mona()), body="Staff").status == "approved"


def test_marking_spam_withdraws_the_commenters_trust():
    post = make_post()
    first = post_comment(post_id=post.pk, commenter=guest(), body="Nice")
    moderate_comment(comment_id=first.pk, moderator=mona(), decision="approved")
    later = post_comment(post_id=post.pk, commenter=guest(), body="Buy pills")
    moderate_comment(comment_id=later.pk, moderator=mona(), decision="spam")
    assert not ApprovedCommenter.objects.filter(commenter_key="email:gina@example.org").exists()
    assert post_comment(post_id=post.pk, commenter=guest(), body="More pills").status == "pending"


def test_rejecting_keeps_the_comment_out_of_sight():
    post = make_post()
    comment = post_comment(post_id=post.pk, commenter=guest(), body="Off topic")
    moderate_comment(comment_id=comment.pk, moderator=mona(), decision="rejected")
    assert not Comment.objects.approved().exists()
    assert not ApprovedCommenter.objects.exists()


def test_only_staff_can_moderate():
    comment = post_comment(post_id=make_post().pk, commenter=guest(), body="Hi")
    with pytest.raises(NotAllowed):
        moderate_comment(comment_id=comment.pk, moderator=bob(), decision="approved")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_moderation_queue_is_for_staff_only(client):
    url = reverse("stories:moderation")
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(bob())
    assert client.get(url).status_code == 403
    comment = post_comment(post_id=make_post().pk, commenter=guest(), body="Hi")
    assert client.post(reverse("stories:moderate", args=[comment.pk]), {"decision": "approved"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_staff_approve_from_the_queue_and_the_comment_appears(client):
    post = make_post()
    comment = post_comment(post_id=post.pk, commenter=guest(), body="Waiting patiently")
    assert "Waiting patiently" not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(mona())
    queue = client.get(reverse("stories:moderation")).content.decode()
    assert "Waiting patiently" in queue and "gina@example.org" in queue
    response = client.post(reverse("stories:moderate", args=[comment.pk]), {"decision": "approved"})
    assert response.status_code == 302
    client.logout()
    assert "Waiting patiently" in client.get(post.get_absolute_url()).content.decode()


def test_the_queue_names_who_wrote_each_comment_the_french_way_in_french(client):
    post = make_post()
    post_comment(post_id=post.pk, commenter=guest(), body="En attente")
    client.force_login(mona())
    queue = client.get(reverse("stories:moderation"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Invité\u00a0: gina@example.org" in queue


def test_an_unknown_decision_is_refused():
    comment = post_comment(post_id=make_post().pk, commenter=guest(), body="Hi")
    with pytest.raises(StoryError):
        moderate_comment(comment_id=comment.pk, moderator=mona(), decision="delete-everything")


# --- posting through the page ----------------------------------------------------------------


def test_a_guest_sees_their_own_pending_comment_and_nobody_else_does(client):
    post = make_post()
    response = client.post(reverse("stories:comment", args=[post.slug]), guest_form(body="My first words"))
    assert response.status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert "My first words" in page and "Awaiting moderation" in page
    from django.test import Client

    assert "My first words" not in Client().get(post.get_absolute_url()).content.decode()


def test_a_guests_email_is_never_shown(client):
    post = make_post()
    comment = post_comment(post_id=post.pk, commenter=guest(), body="Visible words")
    moderate_comment(comment_id=comment.pk, moderator=mona(), decision="approved")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Visible words" in page and "Gina" in page
    assert "gina@example.org" not in page


def test_the_honeypot_refuses_the_comment_and_writes_nothing(client):
    post = make_post()
    response = client.post(reverse("stories:comment", args=[post.slug]), guest_form(extra_info="http://spam.example"))
    assert response.status_code == 400
    assert "automated submission" in response.content.decode()
    assert not Comment.objects.exists()


def test_an_overlong_comment_is_refused_with_a_form_error(client):
    post = make_post()
    response = client.post(reverse("stories:comment", args=[post.slug]), guest_form(body="x" * 3001))
    assert response.status_code == 400
    assert "at most 3000 characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_an_overlong_comment_is_refused_by_the_action_too():
    with pytest.raises(StoryError):
        post_comment(post_id=make_post().pk, commenter=guest(), body="x" * 3001)
    assert not Comment.objects.exists()


def test_a_guest_without_name_or_email_gets_form_errors(client):
    post = make_post()
    response = client.post(reverse("stories:comment", args=[post.slug]), guest_form(name="", email="not-an-email"))
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_comments_on_a_draft_are_refused_and_nothing_is_written(client):
    draft = make_post(status=Post.Status.DRAFT)
    assert client.post(reverse("stories:comment", args=[draft.slug]), guest_form()).status_code == 404
    with pytest.raises(StoryError):
        post_comment(post_id=draft.pk, commenter=guest(), body="Early")
    assert not Comment.objects.exists()


def test_comments_on_a_post_not_yet_due_are_refused():
    later = make_post(status=Post.Status.SCHEDULED, publish_at=timezone.now() + datetime.timedelta(days=2))
    with pytest.raises(StoryError):
        post_comment(post_id=later.pk, commenter=guest(), body="Early")
    assert not Comment.objects.exists()


def test_comments_on_a_closed_post_are_refused_with_a_clear_error(client):
    post = make_post(comments_open=False)
    response = client.post(reverse("stories:comment", args=[post.slug]), guest_form())
    assert response.status_code == 400
    assert "Comments are closed" in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_faster_than_the_limit_is_refused(client, settings):
    settings.STORIES_COMMENT_LIMITS = (Limit(count=2, seconds=60),)
    post = make_post()
    url = reverse("stories:comment", args=[post.slug])
    assert client.post(url, guest_form(body="one")).status_code == 302
    assert client.post(url, guest_form(body="two")).status_code == 302
    response = client.post(url, guest_form(body="three"))
    assert response.status_code == 429
    assert "too quickly" in response.content.decode()
    assert Comment.objects.count() == 2


def test_the_rate_limit_counts_per_sender_not_per_site():
    post = make_post()
    now = timezone.now()
    for number in range(3):
        post_comment(post_id=post.pk, commenter=guest(), body=f"gina {number}", now=now)
    with pytest.raises(TooFast):
        post_comment(post_id=post.pk, commenter=guest(), body="gina again", now=now)
    other = guest("Ivan", "ivan@example.org", ip_hash="ip-ivan")
    assert post_comment(post_id=post.pk, commenter=other, body="ivan", now=now)
    # The window passes and Gina may speak again.
    assert post_comment(post_id=post.pk, commenter=guest(), body="later", now=now + datetime.timedelta(minutes=2))


def test_hostile_markup_in_a_comment_is_stored_as_typed_and_shown_harmless(client):
    post = make_post()
    body = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> [ok](https://ijm.org)"
    comment = post_comment(post_id=post.pk, commenter=member(mona()), body=body)
    page = client.get(post.get_absolute_url()).content.decode()
    section = page[page.index(f'id="comment-{comment.pk}"') :]
    section = section[: section.index("</article>")]
    assert "<script>alert(1)" not in section
    assert "javascript:" not in section
    assert "onerror" not in section or "&lt;img" in section
    assert '<a href="https://ijm.org" rel="nofollow ugc noopener">ok</a>' in section


# --- replies ---------------------------------------------------------------------------------


def test_replies_are_one_level_deep():
    post = make_post()
    top = post_comment(post_id=post.pk, commenter=member(mona()), body="Top")
    reply = post_comment(post_id=post.pk, commenter=member(mona()), body="Reply", parent_id=top.pk)
    reply_to_reply = post_comment(post_id=post.pk, commenter=member(mona()), body="Deeper", parent_id=reply.pk)
    assert reply.parent == top
    assert reply_to_reply.parent == top


def test_replying_to_a_comment_on_another_post_is_refused():
    elsewhere = post_comment(post_id=make_post().pk, commenter=member(mona()), body="Elsewhere")
    with pytest.raises(StoryError):
        post_comment(post_id=make_post().pk, commenter=member(mona()), body="Hi", parent_id=elsewhere.pk)


# --- edit and delete -------------------------------------------------------------------------


def test_the_author_can_edit_within_ten_minutes():
    post = make_post()
    start = timezone.now()
    comment = post_comment(post_id=post.pk, commenter=member(alice()), body="Tpyo", now=start)
    edited = edit_comment(
        comment_id=comment.pk, commenter=member(alice()), body="Typo", now=start + datetime.timedelta(minutes=9)
    )
    assert (edited.body, edited.edited_at) == ("Typo", start + datetime.timedelta(minutes=9))


def test_editing_after_ten_minutes_is_refused():
    start = timezone.now()
    comment = post_comment(post_id=make_post().pk, commenter=member(alice()), body="Original", now=start)
    with pytest.raises(NotAllowed):
        edit_comment(
            comment_id=comment.pk,
            commenter=member(alice()),
            body="Changed",
            now=start + datetime.timedelta(minutes=10, seconds=1),
        )
    comment.refresh_from_db()
    assert comment.body == "Original" and comment.edited_at is None


def test_editing_someone_elses_comment_is_refused():
    comment = post_comment(post_id=make_post().pk, commenter=member(alice()), body="Alice's words")
    with pytest.raises(NotAllowed):
        edit_comment(comment_id=comment.pk, commenter=member(bob()), body="Bob's words")
    with pytest.raises(NotAllowed):
        edit_comment(comment_id=comment.pk, commenter=guest(), body="Guest's words")
    comment.refresh_from_db()
    assert comment.body == "Alice's words"


def test_editing_someone_elses_comment_through_the_page_is_not_found(client):
    comment = post_comment(post_id=make_post().pk, commenter=member(alice()), body="Alice's words")
    client.force_login(bob())
    url = reverse("stories:edit_comment", args=[comment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Bob's words"}).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Alice's words"


def test_a_guest_edits_their_comment_from_the_same_browser(client):
    post = make_post()
    client.post(reverse("stories:comment", args=[post.slug]), guest_form(body="Frist"))
    comment = Comment.objects.get()
    url = reverse("stories:edit_comment", args=[comment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "First"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "First"


def test_the_edit_page_refuses_after_the_window_with_a_clear_error(client):
    post = make_post()
    comment = post_comment(
        post_id=post.pk, commenter=member(alice()), body="Old", now=timezone.now() - datetime.timedelta(minutes=11)
    )
    client.force_login(alice())
    response = client.post(reverse("stories:edit_comment", args=[comment.pk]), {"body": "New"})
    assert response.status_code == 403
    assert "10 minutes" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Old"


def test_the_author_deletes_their_comment_and_replies_keep_a_placeholder(client):
    post = make_post()
    top = post_comment(post_id=post.pk, commenter=member(mona()), body="Regrettable")
    post_comment(post_id=post.pk, commenter=member(mona()), body="A reply", parent_id=top.pk)
    client.force_login(mona())
    assert client.post(reverse("stories:delete_comment", args=[top.pk])).status_code == 302
    top.refresh_from_db()
    assert top.body == "" and top.deleted_at is not None
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Regrettable" not in page and "deleted by its author" in page and "A reply" in page


def test_deleting_someone_elses_comment_is_refused():
    comment = post_comment(post_id=make_post().pk, commenter=member(alice()), body="Mine")
    with pytest.raises(NotAllowed):
        delete_comment(comment_id=comment.pk, commenter=member(bob()))
    comment.refresh_from_db()
    assert comment.deleted_at is None


# --- reports ---------------------------------------------------------------------------------


def test_a_reader_reports_a_comment_once(client):
    post = make_post()
    comment = post_comment(post_id=post.pk, commenter=member(mona()), body="Questionable")
    url = reverse("stories:report_comment", args=[comment.pk])
    assert client.post(url, {"reason": "abuse"}).status_code == 302
    assert client.post(url, {"reason": "abuse"}).status_code == 302
    assert CommentReport.objects.count() == 1


def test_three_reports_send_a_comment_back_to_moderation():
    comment = post_comment(post_id=make_post().pk, commenter=member(mona()), body="Questionable")
    for reader in ("ip:a", "ip:b", "ip:c"):
        report_comment(comment_id=comment.pk, reporter_key=reader, reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_report_with_an_unknown_reason_is_refused(client):
    comment = post_comment(post_id=make_post().pk, commenter=member(mona()), body="Fine")
    response = client.post(reverse("stories:report_comment", args=[comment.pk]), {"reason": "<script>"})
    assert response.status_code == 400
    assert not CommentReport.objects.exists()
