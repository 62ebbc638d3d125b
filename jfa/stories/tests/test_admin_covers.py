"""A story's cover uploaded by staff is redrawn like an advocate's photo: no camera data survives."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jfa.stories.models import Post

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
IMAGE_DESCRIPTION = 0x010E


def photo_with_camera_data() -> bytes:
    exif = Image.Exif()
    exif[IMAGE_DESCRIPTION] = "Safe house, 12 Hidden Lane"
    exif[GPS_IFD] = {1: "N", 2: (43.0, 39.0, 1.0), 3: "W", 4: (79.0, 23.0, 2.0)}
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), (30, 90, 160)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_cover_uploaded_in_the_admin_loses_its_camera_data_and_is_capped(client, staff):
    raw = photo_with_camera_data()
    assert Image.open(io.BytesIO(raw)).getexif()[IMAGE_DESCRIPTION]  # the upload does carry it
    client.force_login(staff)
    data = {
        "title": "Friday spotlight", "slug": "friday-spotlight", "summary": "", "body": "Rescue.",
        "author": staff.pk, "cover_alt": "A blue sky", "status": Post.Status.DRAFT, "publish_at_0": "",
        "publish_at_1": "", "comments_open": "on",
        "cover_image": SimpleUploadedFile("IMG_0042.jpg", raw, content_type="image/jpeg"),
    }  # fmt: skip
    response = client.post(reverse("admin:stories_post_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    post = Post.objects.get()
    assert post.cover_image.name.startswith("stories/covers/") and "IMG_0042" not in post.cover_image.name
    with post.cover_image.open() as stored:
        image = Image.open(stored)
        assert dict(image.getexif()) == {}
        assert max(image.size) == 1600


def test_saving_a_post_without_a_new_cover_keeps_the_one_it_has(client, staff):
    client.force_login(staff)
    data = {
        "title": "Friday spotlight", "slug": "friday-spotlight", "summary": "", "body": "Rescue.",
        "author": staff.pk, "cover_alt": "A blue sky", "status": Post.Status.DRAFT, "publish_at_0": "",
        "publish_at_1": "", "comments_open": "on",
        "cover_image": SimpleUploadedFile("c.jpg", photo_with_camera_data(), content_type="image/jpeg"),
    }  # fmt: skip
    client.post(reverse("admin:stories_post_add"), data)
    post = Post.objects.get()
    cover = post.cover_image.name
    data.pop("cover_image")
    data["title"] = "Friday spotlight, revised"
    assert client.post(reverse("admin:stories_post_change", args=[post.pk]), data).status_code == 302
    post.refresh_from_db()
    assert post.title == "Friday spotlight, revised" and post.cover_image.name == cover
