"""Uploaded photos: checked by content, not by name, and re-encoded before we store them.

Re-encoding drops anything hidden behind the pixels (scripts in a polyglot file, EXIF GPS
positions of where an advocate lives) and caps the size we serve.
"""

from __future__ import annotations

import io
import uuid

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 1600
# Refuse images that would decompress to more pixels than this (a "decompression bomb").
MAX_PIXELS = 40_000_000


def clean_photo(upload: UploadedFile) -> ContentFile:
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("That photo is too large; the limit is %(mb)d MB.") % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise forms.ValidationError(_("Upload a JPEG, PNG, WebP or GIF photo."))
        if width * height > MAX_PIXELS:
            raise forms.ValidationError(_("That photo has too many pixels."))
        upload.seek(0)
        with Image.open(upload) as image:
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            keep_alpha = upright.mode in ("RGBA", "LA", "P") and image_format in {"PNG", "GIF", "WEBP"}
            out = io.BytesIO()
            if keep_alpha:
                upright.convert("RGBA").save(out, format="PNG", optimize=True)
                ext = "png"
            else:
                upright.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
                ext = "jpg"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise forms.ValidationError(_("That file is not a photo we can read.")) from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")


THUMBNAIL_SIDE = 320  # twice the dress log's largest square (160 px), for sharp screens


def square_thumbnail(photo: ContentFile, side: int = THUMBNAIL_SIDE) -> ContentFile:
    """A small square JPEG of an already cleaned photo, cropped to its centre: a calendar of 31
    days or a list of search results then loads a few kilobytes each instead of full photos."""
    photo.seek(0)
    with Image.open(photo) as image:
        side = min(side, *image.size)  # a small photo is cropped, never blown up
        # A JPEG is decoded straight at the smallest scale (1/2, 1/4, 1/8) that still covers the
        # square: a 1600-pixel photo's thumbnail then costs a fraction of a full decode.
        image.draft("RGB", (side, side))
        if image.mode in ("RGB", "L"):
            flat = ImageOps.fit(image.convert("RGB"), (side, side), Image.Resampling.LANCZOS)
        else:
            square = ImageOps.fit(image.convert("RGBA"), (side, side), Image.Resampling.LANCZOS)
            flat = Image.new("RGB", square.size, (255, 255, 255))
            flat.paste(square, mask=square.getchannel("A"))  # a transparent PNG sits on white
    out = io.BytesIO()
    flat.save(out, format="JPEG", quality=82, optimize=True)
    photo.seek(0)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
