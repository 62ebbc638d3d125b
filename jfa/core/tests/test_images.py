"""Thumbnails: a centred square of the photo, whatever kind of image it was stored as."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from jfa.core.images import square_thumbnail

RED, GREEN, BLUE = (200, 30, 40), (30, 160, 60), (40, 60, 200)


def striped(mode: str, image_format: str, size: tuple[int, int] = (1600, 1200)) -> ContentFile:
    """A landscape photo: red on the left, green in the middle, blue on the right; the centred
    square holds green only."""
    width, height = size
    image = Image.new("RGB", size, GREEN)
    image.paste(RED, (0, 0, width // 8, height))
    image.paste(BLUE, (width - width // 8, 0, width, height))
    out = io.BytesIO()
    image.convert(mode).save(out, format=image_format, quality=95)
    return ContentFile(out.getvalue(), name=f"photo.{image_format.lower()}")


def close_to(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


@pytest.mark.parametrize(
    ("mode", "image_format"), [("RGB", "JPEG"), ("RGBA", "PNG"), ("P", "PNG"), ("RGB", "WEBP"), ("CMYK", "JPEG")]
)
def test_a_thumbnail_is_the_centred_square_in_colour(mode, image_format):
    with Image.open(square_thumbnail(striped(mode, image_format))) as thumb:
        assert (thumb.format, thumb.mode, thumb.size) == ("JPEG", "RGB", (320, 320))
        # The stripes at the sides fall outside the square; its edges and middle are green.
        for x in (1, 160, 318):
            assert close_to(thumb.getpixel((x, 160)), GREEN), (x, thumb.getpixel((x, 160)))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_still_sharp(monkeypatch):
    cropped_from = []
    fit = ImageOps.fit

    def watched_fit(image, *args, **kwargs):
        cropped_from.append(image.size)
        return fit(image, *args, **kwargs)

    monkeypatch.setattr(ImageOps, "fit", watched_fit)
    with Image.open(square_thumbnail(striped("RGB", "JPEG"))) as thumb:
        assert thumb.size == (320, 320) and close_to(thumb.getpixel((160, 160)), GREEN, tolerance=6)
    # The decoder skipped every other pixel each way: 800 x 600 still covers the 320 square, at a
    # quarter of the work of the full 1600 x 1200.
    assert cropped_from == [(800, 600)]


def test_a_transparent_photo_sits_on_white():
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    image.paste((200, 30, 40, 255), (150, 150, 250, 250))
    out = io.BytesIO()
    image.save(out, format="PNG")
    with Image.open(square_thumbnail(ContentFile(out.getvalue(), name="t.png"))) as thumb:
        assert close_to(thumb.getpixel((5, 5)), (255, 255, 255), tolerance=4)
        assert close_to(thumb.getpixel((160, 160)), RED)
