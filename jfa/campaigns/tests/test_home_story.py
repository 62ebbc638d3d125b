"""The campaign home leads to the newest story (a Friday spotlight, in December), in the reader's
language; a story not yet published stays off it."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from jfa.stories.models import Post
from jfa.stories.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_the_home_shows_the_newest_published_story_in_the_readers_language(client, campaign):
    cache.clear()  # the home page's boards are cached for a few seconds, across tests too
    assert "Latest story" not in client.get("/").content.decode()  # no story, no section

    now = timezone.now()
    make_post(title="Last week's spotlight", publish_at=now - datetime.timedelta(days=7))
    newest = make_post(title="Friday spotlight: Safe Passage", body="Traffickers count on *silence*.")
    newest.title_fr, newest.body_fr = "Vendredi à l’honneur : Safe Passage", "Les trafiquants comptent sur le silence."
    newest.save()
    make_post(title="Next Friday's", status=Post.Status.SCHEDULED, publish_at=now + datetime.timedelta(days=1))
    make_post(title="A draft", status=Post.Status.DRAFT)
    cache.clear()  # the home page's boards are cached for a few seconds

    html = client.get("/").content.decode()
    assert f'<h3 lang="en"><a href="{newest.get_absolute_url()}">Friday spotlight: Safe Passage</a></h3>' in html
    assert '<p lang="en">Traffickers count on silence.</p>' in html
    for other in ("Last week&#x27;s spotlight", "Next Friday&#x27;s", "A draft"):
        assert other not in html

    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Dernier récit" in french
    assert f'<h3 lang="fr"><a href="{newest.get_absolute_url()}">Vendredi à l’honneur : Safe Passage</a></h3>' in french
    assert "En anglais seulement" not in french


def test_a_story_only_in_english_says_so_on_the_french_home(client, campaign):
    make_post(title="Only in English", body="Plain words.")
    cache.clear()
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h3 lang="en">' in french and "Only in English" in french
    assert "En anglais seulement pour l’instant" in french
