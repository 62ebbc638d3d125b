"""A story in French: readers of the French site read staff's French version when there is one,
and the English one, marked as English, when there is not. Reply emails follow the language of the
page they were asked for on."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from jfa.stories.actions import post_comment, schedule_fridays, subscribe
from jfa.stories.models import Post, Subscription, Tag

from .factories import make_partner, make_post, make_user, member, mona

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def bilingual_post(**options) -> Post:
    post = make_post(title="Friday spotlight: Safe Passage", body="Traffickers count on **silence**.", **options)
    post.title_fr = "Vendredi à l’honneur : Safe Passage"
    post.summary_fr = "Les trafiquants comptent sur le silence."
    post.body_fr = "Les trafiquants comptent sur le **silence**."
    post.save()
    tag = Tag.objects.create(name="Justice systems", name_fr="Systèmes de justice", slug="justice-systems")
    post.tags.add(tag)
    return post


def test_a_french_reader_reads_the_french_version_everywhere_it_is_shown(client):
    post = bilingual_post()
    detail = client.get(post.get_absolute_url(), **FRENCH).content.decode()
    detail = detail.replace("\u00a0", " ")
    assert '<h1 id="story-title" lang="fr">Vendredi à l’honneur : Safe Passage</h1>' in detail
    assert '<div class="story-body" lang="fr"><p>Les trafiquants comptent sur le <strong>silence' in detail
    assert '<meta property="og:title" content="Vendredi à l’honneur : Safe Passage">' in detail
    assert '<meta property="og:description" content="Les trafiquants comptent sur le silence.">' in detail
    assert '<meta property="og:locale" content="fr_CA">' in detail
    assert ">Systèmes de justice</a>" in detail
    assert "Traffickers" not in detail and "En anglais seulement" not in detail
    index = client.get(reverse("stories:index"), **FRENCH).content.decode().replace("\u00a0", " ")
    assert ">Vendredi à l’honneur : Safe Passage</a></h2>" in index
    assert '<p lang="fr">Les trafiquants comptent sur le silence.</p>' in index
    tag = client.get(reverse("stories:tag", args=["justice-systems"]), **FRENCH).content.decode().replace("\u00a0", " ")
    assert "<h1>Récits avec l’étiquette « Systèmes de justice »</h1>" in tag
    assert "Vendredi à l’honneur : Safe Passage" in tag


def test_an_english_reader_still_reads_the_english_version(client):
    post = bilingual_post()
    detail = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 id="story-title" lang="en">Friday spotlight: Safe Passage</h1>' in detail
    assert '<meta property="og:locale" content="en_CA">' in detail
    assert ">Justice systems</a>" in detail
    assert "Vendredi" not in detail


def test_a_story_without_french_shows_its_english_marked_as_english_on_french_pages(client):
    post = make_post(title="Only in English", body="Plain English words.")
    detail = client.get(post.get_absolute_url(), **FRENCH).content.decode()
    assert '<html lang="fr">' in detail
    # A screen reader reads the story with English sounds, the page around it with French ones.
    assert '<h1 id="story-title" lang="en">Only in English</h1>' in detail
    assert '<div class="story-body" lang="en"><p>Plain English words.</p></div>' in detail
    assert '<meta property="og:locale" content="en_CA">' in detail
    assert "Laisser une réponse" in detail
    # And the reader knows before reading it.
    assert "En anglais seulement pour l’instant" in detail
    index = client.get(reverse("stories:index"), **FRENCH).content.decode()
    assert f'<h2 id="post-{post.pk}-title" lang="en">' in index
    assert "En anglais seulement pour l’instant" in index


def test_the_french_version_is_whole_or_absent():
    post = make_post()
    post.title_fr = "Un titre seul"
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert error.value.message_dict["body_fr"] == ["Write the French body too, or leave the French title empty."]
    post.title_fr, post.body_fr = "", "Un texte seul"
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert error.value.message_dict["title_fr"] == ["Write the French title too, or leave the French body empty."]
    # The table refuses it too, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(body_fr="Un texte seul")
    assert Post.objects.get(pk=post.pk).body_fr == ""


def test_a_french_version_describes_the_cover_in_french_too():
    post = make_post()
    post.cover_image = "stories/covers/kiln.jpg"
    post.cover_alt = "A brick kiln at dawn"
    post.title_fr, post.body_fr = "Un titre", "Un texte"
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert error.value.message_dict["cover_alt_fr"] == ["Describe the cover image in French too."]
    post.cover_alt_fr = "Un four à briques à l’aube"
    post.full_clean()
    assert post.in_language("fr").cover_alt == "Un four à briques à l’aube"
    assert post.in_language("en").cover_alt == "A brick kiln at dawn"


def test_staff_write_the_french_version_in_the_admin(client):
    staff = mona()
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    client.force_login(staff)
    post = make_post(title="Admin story", body="English body")
    url = reverse("admin:stories_post_change", args=[post.pk])
    form = client.get(url).content.decode()
    assert "In French" in form and 'name="title_fr"' in form and 'name="body_fr"' in form
    data = {
        "title": "Admin story",
        "slug": post.slug,
        "summary": "",
        "body": "English body",
        "author": post.author_id,
        "cover_alt": "",
        "title_fr": "Récit de l’administration",
        "summary_fr": "",
        "body_fr": "",
        "cover_alt_fr": "",
        "status": "published",
        "publish_at_0": post.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": post.publish_at.strftime("%H:%M:%S"),
        "comments_open": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Write the French body too, or leave the French title empty." in refused.content.decode()
    assert Post.objects.get(pk=post.pk).title_fr == ""
    saved = client.post(url, {**data, "body_fr": "Texte en français"})
    assert saved.status_code == 302
    post.refresh_from_db()
    assert (post.title_fr, post.body_fr) == ("Récit de l’administration", "Texte en français")


def test_the_feed_comes_in_each_language_at_its_own_address(client):
    bilingual_post()
    french = ET.fromstring(client.get("/stories/feed/fr/").content)  # noqa: S314 - our own feed
    english = ET.fromstring(client.get("/stories/feed/en/", **FRENCH).content)  # noqa: S314 - our own feed
    assert french.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert [e.findtext(f"{ATOM}title") for e in french.iter(f"{ATOM}entry")] == ["Vendredi à l’honneur : Safe Passage"]
    assert [e.findtext(f"{ATOM}summary") for e in french.iter(f"{ATOM}entry")] == [
        "Les trafiquants comptent sur le silence."
    ]
    assert french.findtext(f"{ATOM}title") == "Récits de Justice For All"
    assert [c.get("term") for c in french.iter(f"{ATOM}category")] == ["Systèmes de justice"]
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [e.findtext(f"{ATOM}title") for e in english.iter(f"{ATOM}entry")] == ["Friday spotlight: Safe Passage"]
    assert client.get("/stories/feed/de/").status_code == 404
    # Each page points feed readers at the feed in its own language.
    index = client.get(reverse("stories:index"), **FRENCH).content.decode()
    assert 'href="/stories/feed/fr/" hreflang="fr"' in index


def test_replies_are_emailed_in_the_language_of_the_page_they_were_followed_from(
    client, django_capture_on_commit_callbacks
):
    post = bilingual_post()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("stories:follow", args=[post.slug]), {"email": "Claire@example.org"}, **FRENCH, follow=False
        )
    subscription = Subscription.objects.get()
    assert subscription.language == "fr"
    [confirmation] = mail.outbox
    assert confirmation.subject.replace("\u00a0", " ") == (
        "Confirmez que vous voulez recevoir les réponses à « Vendredi à l’honneur : Safe Passage »"
    )
    subscribe(post_id=post.pk, email="english@example.org", confirmed=True, language="en")
    Subscription.objects.filter(email="claire@example.org").update(confirmed_at=post.publish_at)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(post_id=post.pk, commenter=member(mona()), body="Nouvelles du terrain")
    by_address = {message.to[0]: message for message in mail.outbox}
    french = by_address["claire@example.org"]
    assert french.subject.replace("\u00a0", " ") == "Nouvelle réponse à « Vendredi à l’honneur : Safe Passage »"
    assert "a répondu à « Vendredi à l’honneur : Safe Passage »" in french.body.replace("\u00a0", " ")
    assert by_address["english@example.org"].subject == "New reply on “Friday spotlight: Safe Passage”"


def test_following_again_from_the_other_language_switches_the_emails_to_it():
    post = make_post()
    subscribe(post_id=post.pk, email="sam@example.org", confirmed=True, language="fr")
    subscribe(post_id=post.pk, email="sam@example.org", confirmed=True, language="en")
    subscribe(post_id=post.pk, email="sam@example.org", confirmed=True, language="xx")  # unknown: the site's default
    assert list(Subscription.objects.values_list("email", "language")) == [("sam@example.org", "en")]


def test_a_comment_that_follows_records_the_page_language(client):
    post = make_post()
    client.post(
        reverse("stories:comment", args=[post.slug]),
        {"name": "Gina", "email": "gina@example.org", "body": "Je suis", "follow": "on", "extra_info": ""},
        **FRENCH,
    )
    assert Subscription.objects.get().language == "fr"


def test_the_scheduler_writes_a_spotlight_in_both_languages_from_the_partners_profile():
    toronto = zoneinfo.ZoneInfo("America/Toronto")
    bilingual = make_partner("ijm-canada", "International Justice Mission Canada")
    bilingual.summary_fr = "IJM Canada travaille à mettre fin à l’esclavage."
    bilingual.save(update_fields=["summary_fr"])
    english_only = make_partner("ijm", "International Justice Mission")
    first, second = schedule_fridays(
        year=2026,
        partners=[bilingual, english_only],
        author=make_user("editor"),
        now=datetime.datetime(2026, 11, 1, tzinfo=toronto),
    )
    assert (first.title, first.body) == (
        "Friday spotlight: International Justice Mission Canada",
        "International Justice Mission Canada works to end slavery.",
    )
    assert (first.title_fr, first.body_fr) == (
        "Vendredi à l’honneur\u00a0: International Justice Mission Canada",
        "IJM Canada travaille à mettre fin à l’esclavage.",
    )
    # No French profile: no half-French post, the English one for everyone.
    assert (second.title_fr, second.body_fr) == ("", "")
    assert second.in_language("fr").title == "Friday spotlight: International Justice Mission"
    assert Tag.objects.get(slug="spotlight").shown_name == "Spotlight"
    with translation.override("fr"):
        assert Tag.objects.get(slug="spotlight").shown_name == "À l’honneur"
