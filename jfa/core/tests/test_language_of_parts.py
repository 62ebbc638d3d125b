"""What people write is marked with the language of the page they wrote it on, when a reader
sees it on a page in the other language: a donor's message, a story's comment (WCAG 3.1.2)."""

import pytest
from django.urls import reverse

from jfa.core.testing import gift_form
from jfa.stories.actions import post_comment
from jfa.stories.tests.factories import guest, make_post

pytestmark = pytest.mark.django_db


def test_a_message_given_from_the_french_site_is_marked_french_on_the_english_one(client, alice, alice_page):
    url = reverse("donations:give_to_page", args=[alice_page.slug])
    client.post(url, gift_form(message="Bravo, continue!"), headers={"accept-language": "fr"})

    english = client.get(alice_page.get_absolute_url()).content.decode()
    assert '<blockquote lang="fr">Bravo, continue!</blockquote>' in english
    french = client.get(alice_page.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()
    assert "<blockquote>Bravo, continue!</blockquote>" in french
    client.force_login(alice)
    assert (
        '<blockquote lang="fr">Bravo, continue!</blockquote>'
        in client.get(reverse("campaigns:thanks")).content.decode()
    )


def test_a_comment_keeps_the_language_it_was_written_in(client):
    story = make_post()
    post_comment(post_id=story.pk, commenter=guest(), body="Merci pour ce récit.", language="fr")
    post_comment(post_id=story.pk, commenter=guest(name="Ed", email="ed@example.org"), body="Thank you.")
    post_comment(post_id=story.pk, commenter=guest(name="X", email="x@example.org"), body="Hallo.", language="de")
    from jfa.stories.models import Comment

    Comment.objects.update(status=Comment.Status.APPROVED)
    english = client.get(story.get_absolute_url()).content.decode()
    assert '<div class="comment-body" lang="fr"><p>Merci pour ce récit.</p></div>' in english
    assert '<div class="comment-body"><p>Thank you.</p></div>' in english
    assert Comment.objects.get(body="Hallo.").language == "en"  # not one of the site's languages
