"""The campaign home shows the newest dress-log photos, linked to their pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from jfa.campaigns.actions import post_dress_log
from jfa.core.testing import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_of_december(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 3, 17, tzinfo=datetime.UTC))


def post(page, day: int, alt: str, caption: str = ""):
    photo = ContentFile(png_bytes(size=(40, 40)), name="d.png")
    return post_dress_log(page=page, day=day, photo=photo, photo_alt=alt, caption=caption)


def test_the_newest_photos_come_first_and_hidden_pages_stay_off(
    client, campaign, alice_page, bob_page, third_of_december
):
    assert "Fresh from the dress log" not in client.get("/").content.decode()  # no photo, no section

    post(alice_page, 1, "Alice in a red dress")
    post(bob_page, 2, "Bob in a green tie", caption="<b>Day two</b>")
    post(alice_page, 3, "Alice in a blue dress")
    cache.clear()  # the home page's boards are cached for a few seconds
    html = client.get("/").content.decode()
    assert html.index("Alice in a blue dress") < html.index("Bob in a green tie") < html.index("Alice in a red dress")
    caption = '<span class="caption">&lt;b&gt;Day two&lt;/b&gt;</span>'  # shown as text, never as markup
    assert f'<a href="/p/{bob_page.slug}/day/2/">Day 2</a> · <a href="/p/{bob_page.slug}/">Bob</a>{caption}' in html

    bob_page.is_published = False
    bob_page.save(update_fields=["is_published"])
    cache.clear()
    html = client.get("/").content.decode()
    assert "Bob in a green tie" not in html
    assert "Alice in a blue dress" in html


def test_a_team_page_shows_its_own_members_photos(client, campaign, team, alice_page, bob_page, third_of_december):
    assert "Fresh from the team" not in client.get(team.get_absolute_url()).content.decode()
    post(alice_page, 2, "Alice in a red dress")  # the captain, on the team
    post(bob_page, 3, "Bob in a green tie")  # on no team
    html = client.get(team.get_absolute_url()).content.decode()
    assert "Fresh from the team's dress log" in html
    assert f'<a href="/p/{alice_page.slug}/day/2/">Day 2</a> · <a href="/p/{alice_page.slug}/">Alice</a>' in html
    assert "Bob in a green tie" not in html

    french = client.get(team.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tout frais du journal des tenues de l’équipe" in french
