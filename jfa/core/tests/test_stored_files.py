"""Uploaded photos live in the database: written with the row that shows them, served by any app
process at /media/, and kept by browsers and CDNs for an hour, then asked about again: a photo
removed must stop being served soon after."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from jfa.campaigns.models import AdvocatePage
from jfa.core import testing
from jfa.core.models import StoredFile
from jfa.core.storage import DatabaseStorage
from jfa.core.testing import png_bytes

pytestmark = pytest.mark.django_db


def png(color=(200, 30, 60)) -> SimpleUploadedFile:
    return SimpleUploadedFile("me.png", png_bytes(color=color), content_type="image/png")


def page_form(**overrides):
    return testing.page_form(**{"photo_alt": "Charlie in a tie", **overrides})


def test_a_page_photo_is_served_from_the_database_and_kept_for_an_hour(client, campaign, charlie):
    client.force_login(charlie)
    assert client.post(reverse("campaigns:page_setup"), page_form(photo=png())).status_code == 302
    page = AdvocatePage.objects.get()
    stored = StoredFile.objects.get(name=page.photo.name)
    assert page.photo.url == f"/media/{stored.name}"
    assert stored.content_type == "image/jpeg" and stored.size == len(stored.content)
    # Beside it, the square thumbnail the page's portrait and search results show.
    assert set(StoredFile.objects.values_list("name", flat=True)) == {page.photo.name, page.photo_thumbnail.name}

    client.logout()  # anyone may see a published page's photo
    response = client.get(page.photo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(response.content)).size == (40, 30)
    thumbnail = client.get(page.photo_thumbnail.url)
    assert Image.open(io.BytesIO(thumbnail.content)).size == (30, 30)  # square, and never blown up
    assert (
        f'<img class="portrait" src="{page.photo_thumbnail.url}"'
        in client.get(page.get_absolute_url()).content.decode()
    )


def test_a_refused_form_leaves_no_photo_behind(client, campaign, charlie):
    client.force_login(charlie)
    response = client.post(reverse("campaigns:page_setup"), page_form(photo=png(), goal="0"))
    assert response.status_code == 400
    assert not AdvocatePage.objects.exists()
    assert not StoredFile.objects.exists()


def test_a_photo_is_written_in_the_transaction_of_the_change_that_stores_it():
    """A change that fails after its photo was stored (say, two tabs creating the same page at
    once) takes the photo back with it, where a file on disk would have stayed."""
    with pytest.raises(RuntimeError), transaction.atomic():
        DatabaseStorage().save("pages/2026/raced.jpg", ContentFile(b"jpeg"))
        raise RuntimeError("the page's own save failed")
    assert not StoredFile.objects.exists()


def test_a_replaced_photo_is_removed_with_the_change(client, campaign, charlie):
    client.force_login(charlie)
    client.post(reverse("campaigns:page_setup"), page_form(photo=png()))
    page = AdvocatePage.objects.get()
    old_url = page.photo.url

    edit = reverse("campaigns:page_edit", args=[page.slug])
    assert client.post(edit, page_form(photo=png(color=(10, 120, 60)), slug=page.slug)).status_code == 302
    page.refresh_from_db()
    assert page.photo.url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(page.photo.url).status_code == 200
    assert StoredFile.objects.count() == 2  # the new photo and its thumbnail, nothing of the old


def test_a_kept_copy_that_asks_again_is_told_unchanged_or_gone(client, campaign, charlie):
    client.force_login(charlie)
    client.post(reverse("campaigns:page_setup"), page_form(photo=png()))
    page = AdvocatePage.objects.get()
    url = page.photo.url
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == "public, max-age=3600"
    other = client.get(page.photo_thumbnail.url, HTTP_IF_NONE_MATCH=etag)  # another file's tag
    assert other.status_code == 200 and other["ETag"] != etag
    # The advocate replaces the photo: a browser or CDN holding the old one hears it is gone.
    edit = reverse("campaigns:page_edit", args=[page.slug])
    client.post(edit, page_form(photo=png(color=(10, 120, 60)), slug=page.slug))
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_an_unknown_name_is_not_found(client):
    assert client.get("/media/pages/2026/nothing-here.jpg").status_code == 404


def test_a_file_that_is_not_a_photo_downloads_instead_of_opening(client):
    name = DatabaseStorage().save("stories/covers/notes.html", ContentFile(b"<script>alert(1)</script>"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"


def test_the_storage_keeps_names_apart_and_answers_like_any_django_storage():
    storage = DatabaseStorage()
    first = storage.save("pages/2026/a.jpg", ContentFile(b"one"))
    second = storage.save("pages/2026/a.jpg", ContentFile(b"two"))
    assert first == "pages/2026/a.jpg" and second != first  # never overwritten: caches stay right
    assert storage.exists(second) and storage.size(second) == 3
    with storage.open(second) as handle:
        assert handle.read() == b"two"
    assert storage.listdir("pages") == (["2026"], [])
    assert sorted(storage.listdir("pages/2026")[1]) == sorted(["a.jpg", second.rsplit("/", 1)[1]])
    storage.delete(first)
    assert not storage.exists(first)
    with pytest.raises(FileNotFoundError):
        storage.open(first)


def test_an_advocate_removes_their_photo_and_the_page_falls_back_to_their_initial(client, campaign, charlie):
    client.force_login(charlie)
    client.post(reverse("campaigns:page_setup"), page_form(photo=png()))
    page = AdvocatePage.objects.get()
    old_url = page.photo.url
    edit = reverse("campaigns:page_edit", args=[page.slug])
    assert "Remove my photo" in client.get(edit).content.decode()

    both = client.post(edit, page_form(photo=png(), remove_photo="on", slug=page.slug))
    assert both.status_code == 400
    assert "Either choose a new photo or remove the one you have, not both." in both.content.decode()
    assert StoredFile.objects.count() == 2

    assert client.post(edit, page_form(photo_alt="", remove_photo="on", slug=page.slug)).status_code == 302
    page.refresh_from_db()
    assert not page.photo and page.photo_alt == ""
    assert not StoredFile.objects.exists()
    assert client.get(old_url).status_code == 404
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'class="portrait placeholder"' in html
    assert "Remove my photo" not in client.get(edit).content.decode()  # nothing left to remove
