from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.urls import reverse

from jfa.stories.actions import (
    UNSUBSCRIBE_SALT,
    BadLink,
    moderate_comment,
    post_comment,
    subscribe,
    unsubscribe,
    unsubscribe_token,
)
from jfa.stories.models import Subscription

from .factories import alice, guest, make_post, member, mona

pytestmark = pytest.mark.django_db


def _link(message, path_start: str) -> str:
    return re.search(rf"https?://[^\s]+{re.escape(path_start)}[^\s]+", message.body).group(0)


def test_a_guest_follows_replies_after_confirming_by_email(client, django_capture_on_commit_callbacks):
    post = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("stories:comment", args=[post.slug]),
            {"name": "Gina", "email": "gina@example.org", "body": "Following", "follow": "on", "extra_info": ""},
        )
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    [confirmation] = mail.outbox
    assert confirmation.to == ["gina@example.org"]
    confirm_url = _link(confirmation, "/stories/follow/confirm/")
    assert client.get(urlsplit(confirm_url).path).status_code == 302
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_followers_get_an_email_with_a_one_link_unsubscribe(client, django_capture_on_commit_callbacks):
    post = make_post()
    subscribe(post_id=post.pk, email="follower@example.org", confirmed=True)
    subscribe(post_id=post.pk, email="unconfirmed@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(post_id=post.pk, commenter=member(mona()), body="News from the field")
    # The unconfirmed address gets only its (queued) confirmation request, never the news.
    [message] = [m for m in mail.outbox if "News from the field" in m.body]
    assert message.to == ["follower@example.org"]
    assert "News from the field" in message.body
    unsubscribe_url = _link(message, "/stories/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    path = urlsplit(unsubscribe_url).path
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 200
    assert "no longer get emails" in response.content.decode()
    assert not Subscription.objects.filter(email="follower@example.org").exists()


def test_a_pending_comment_notifies_followers_only_once_approved(django_capture_on_commit_callbacks):
    post = make_post()
    subscribe(post_id=post.pk, email="follower@example.org", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(post_id=post.pk, commenter=guest(), body="Awaiting")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        moderate_comment(comment_id=comment.pk, moderator=mona(), decision="approved")
    assert [message.to for message in mail.outbox] == [["follower@example.org"]]


def test_commenters_are_not_emailed_about_their_own_comment(django_capture_on_commit_callbacks):
    post = make_post()
    subscribe(post_id=post.pk, email=alice().email, confirmed=True)
    moderate_comment(
        comment_id=post_comment(post_id=post.pk, commenter=member(alice()), body="one").pk,
        moderator=mona(),
        decision="approved",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(post_id=post.pk, commenter=member(alice()), body="two")
    assert mail.outbox == []


def test_a_forged_unsubscribe_link_is_refused_and_changes_nothing(client):
    post = make_post()
    subscription = subscribe(post_id=post.pk, email="follower@example.org", confirmed=True)
    forged = signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT, key="not-our-key")
    for token in (forged, "garbage", unsubscribe_token(subscription)[:-2] + "xx"):
        url = reverse("stories:unsubscribe", args=[token])
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert "not valid" in response.content.decode()
        with pytest.raises(BadLink):
            unsubscribe(token=token)
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_link_signed_for_another_purpose_cannot_unsubscribe():
    post = make_post()
    subscription = subscribe(post_id=post.pk, email="follower@example.org", confirmed=True)
    other_purpose = signing.dumps({"s": subscription.pk, "e": subscription.email}, salt="jfa.stories.follow-confirm")
    with pytest.raises(BadLink):
        unsubscribe(token=other_purpose)
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_unsubscribing_twice_is_harmless(client):
    subscription = subscribe(post_id=make_post().pk, email="follower@example.org", confirmed=True)
    url = reverse("stories:unsubscribe", args=[unsubscribe_token(subscription)])
    assert client.post(url).status_code == 200
    second = client.post(url)
    assert second.status_code == 200
    assert "already unsubscribed" in second.content.decode()


def test_following_without_commenting_sends_one_confirmation(client, django_capture_on_commit_callbacks):
    post = make_post()
    url = reverse("stories:follow", args=[post.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "reader@example.org", "extra_info": ""})
        client.post(url, {"email": "reader@example.org", "extra_info": ""})
    assert len(mail.outbox) == 1
    assert Subscription.objects.get().email == "reader@example.org"


def test_the_follow_honeypot_writes_nothing(client):
    post = make_post()
    response = client.post(reverse("stories:follow", args=[post.slug]), {"email": "bot@example.org", "extra_info": "x"})
    assert response.status_code == 400
    assert not Subscription.objects.exists()
