"""An advocate says which language their page is written in; its words are marked with it on
pages in the other language, so screen readers read them with the right sounds (WCAG 3.1.2)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from jfa.campaigns.actions import CampaignError, post_dress_log, update_page
from jfa.campaigns.models import AdvocatePage
from jfa.core.testing import make_page, page_form, png_bytes

pytestmark = pytest.mark.django_db

FRENCH_PITCH = "Je porte une robe chaque jour pour la liberté."


def test_the_set_up_asks_and_starts_from_the_readers_language(client, campaign, charlie):
    client.force_login(charlie)
    form = client.get(reverse("campaigns:page_setup"), headers={"accept-language": "fr"}).content.decode()
    assert '<label for="id_language">Ma page est rédigée en</label>' in form  # a list always answers: not "optional"
    assert '<option value="fr" selected>Français</option>' in form

    client.post(
        reverse("campaigns:page_setup"),
        page_form(title="Charlie porte une cravate", pitch=FRENCH_PITCH, language="fr"),
        headers={"accept-language": "fr"},
    )
    assert AdvocatePage.objects.get(owner=charlie).language == "fr"


def test_a_form_without_the_choice_takes_the_language_it_was_filled_in(client, campaign, charlie):
    client.force_login(charlie)
    client.post(reverse("campaigns:page_setup"), page_form(), headers={"accept-language": "fr"})
    assert AdvocatePage.objects.get(owner=charlie).language == "fr"


def test_french_words_are_marked_french_on_the_english_site_and_not_on_the_french_one(
    client, campaign, charlie, time_machine
):
    page = make_page(campaign, charlie, country="CA", language="fr")
    AdvocatePage.objects.filter(pk=page.pk).update(title="Charlie porte une cravate", pitch=FRENCH_PITCH)
    time_machine.move_to(datetime.datetime(2026, 12, 1, 18, tzinfo=datetime.UTC))
    from django.core.files.base import ContentFile

    post_dress_log(
        page=page,
        day=1,
        photo=ContentFile(png_bytes(), name="d.png"),
        photo_alt="Charlie en cravate",
        caption="Jour un!",
    )
    english = client.get(page.get_absolute_url()).content.decode()
    assert '<h1 lang="fr">Charlie porte une cravate</h1>' in english
    assert f'<div class="pitch" lang="fr"><p>{FRENCH_PITCH}</p></div>' in english
    assert 'alt="Charlie en cravate" lang="fr"' in english
    assert '<span class="caption" lang="fr">Jour un!</span>' in english
    day = client.get(reverse("campaigns:page_day", args=[page.slug, 1])).content.decode()
    assert '<figcaption lang="fr">Jour un!</figcaption>' in day
    cache.clear()  # the home page's boards are kept for a few seconds
    home = client.get(reverse("campaigns:home")).content.decode()
    assert '<span class="caption" lang="fr">Jour un!</span>' in home

    french = client.get(page.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()
    assert "<h1>Charlie porte une cravate</h1>" in french
    assert 'lang="fr">Jour un!' not in french


def test_an_edit_changes_the_language_and_an_unknown_one_is_refused(campaign, alice_page):
    fields = {
        "display_name": "Alice", "title": "Alice", "pitch": "Pitch", "goal_minor": 100_000, "country": "US",
        "commitment": "dress", "photo": None, "photo_alt": "",
    }  # fmt: skip
    assert update_page(page=alice_page, **fields, language="fr").language == "fr"
    with pytest.raises(CampaignError, match="Choose the language your page is written in."):
        update_page(page=alice_page, **fields, language="de")
    alice_page.refresh_from_db()
    assert alice_page.language == "fr"
    assert update_page(page=alice_page, **fields).language == "fr"  # not given: kept


def test_a_team_says_its_language_too(client, campaign, alice, alice_page, time_machine):
    client.force_login(alice)
    form = client.get(reverse("campaigns:team_create"), headers={"accept-language": "fr"}).content.decode()
    assert '<option value="fr" selected>Français</option>' in form
    client.post(
        reverse("campaigns:team_create"),
        {"name": "Les Cravates", "description": "Nous portons la cravate.", "goal": "5000", "currency": "USD",
         "language": "fr"},
    )  # fmt: skip
    team = alice_page.campaign.teams.get(name="Les Cravates")
    assert team.language == "fr"
    english = client.get(team.get_absolute_url()).content.decode()
    assert '<h1 lang="fr">Les Cravates</h1>' in english
    assert '<div class="pitch" lang="fr"><p>Nous portons la cravate.</p></div>' in english

    edit = {"name": "Les Cravates", "description": "We wear ties.", "goal": "5000", "language": "en"}
    client.post(reverse("campaigns:team_edit", args=[team.slug]), edit)
    team.refresh_from_db()
    assert team.language == "en"
    assert "<h1>Les Cravates</h1>" in client.get(team.get_absolute_url()).content.decode()
