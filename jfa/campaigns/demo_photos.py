"""Dress-log photos for the demo campaign: once December has begun, most demo advocates have posted
a photo for most days so far, as a running campaign would show (the home page's strip, calendars,
streaks, cheers). The photos are drawings of a dress or a tie, made here, each described in its
alternative text. Loading the demo again adds only the days that have begun since."""

from __future__ import annotations

import datetime
import functools
import io
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from .actions import post_dress_log
from .models import AdvocatePage, Campaign, Commitment, DressLogEntry

GARMENT_COLOURS = [
    ("red", (178, 34, 52)),
    ("navy blue", (31, 45, 94)),
    ("emerald green", (16, 120, 84)),
    ("mustard yellow", (214, 162, 36)),
    ("purple", (104, 52, 130)),
    ("black", (30, 30, 34)),
    ("teal", (20, 118, 128)),
    ("coral", (232, 102, 84)),
]
BACKGROUNDS = [
    ("cream", (246, 238, 222)),
    ("pale blue", (214, 228, 240)),
    ("light grey", (226, 226, 228)),
    ("blush pink", (244, 222, 222)),
]
CAPTIONS = [
    "Wore it to the office. Two colleagues asked why, and one of them gave.",
    "School run in a {garment}. The kids approve.",
    "Cold morning, warm cause.",
    "Same outfit, new conversation.",
    "Grocery store, library and hockey practice.",
    "Someone at the bus stop asked. Told them about the 50 million.",
    "Au bureau aujourd’hui\u00a0: trois questions, un don.",
    "",
]
# Every advocate but each fourth posts; each has their own habit, from most days to every day.
SKIPPED_EVERY = 4


@transaction.atomic  # one commit for the lot: on SQLite, hundreds of commits cost seconds
def post_demo_dress_logs(campaign: Campaign, pages: list[AdvocatePage]) -> int:
    """Post the demo's photos for the campaign's days that have begun where it runs (none before
    1 December); returns how many this call posted. Each advocate's days come from a random
    sequence of their own, drawn day by day in order, so a later load makes the same choices for
    the days an earlier one saw and skips those already posted."""
    today = campaign.day_of_campaign()
    if today is None:
        return 0
    posted = set(DressLogEntry.objects.filter(page__in=pages).values_list("page_id", "day"))
    morning = timezone.make_aware(datetime.datetime.combine(campaign.starts_on, datetime.time(9)))
    made = 0
    for i, page in enumerate(pages):
        if i % SKIPPED_EVERY == SKIPPED_EVERY - 1:
            continue
        rng = random.Random(f"{campaign.year}-dress-log-{page.slug}")
        habit = rng.uniform(0.6, 1.0)
        tie = page.commitment == Commitment.TIE
        for day in range(1, today + 1):
            draws = rng.random(), rng.randrange(len(GARMENT_COLOURS)), rng.randrange(len(BACKGROUNDS))
            caption = CAPTIONS[rng.randrange(len(CAPTIONS))].format(garment="tie" if tie else "dress")
            minutes = rng.randrange(8 * 60)
            if draws[0] > habit or (page.pk, day) in posted:
                continue
            photo, alt = _drawing(tie, draws[1], draws[2])
            entry = post_dress_log(page=page, day=day, photo=photo, photo_alt=alt, caption=caption)
            # Posted during that day (9:00 to 17:00), never later than now.
            when = morning + datetime.timedelta(days=day - 1, minutes=minutes)
            DressLogEntry.objects.filter(pk=entry.pk).update(created_at=min(when, timezone.now()))
            made += 1
    return made


def _drawing(tie: bool, colour: int, background: int) -> tuple[ContentFile, str]:
    data = _drawn(tie, colour, background)
    colour_name, background_name = GARMENT_COLOURS[colour][0], BACKGROUNDS[background][0]
    garment = "tie" if tie else "dress"
    article = "An" if colour_name[0] in "aeiou" else "A"
    alt = f"{article} {colour_name} {garment} on a {background_name} background (a drawing for the demo)"
    return ContentFile(data, name="demo.jpg"), alt


@functools.cache
def _drawn(tie: bool, colour: int, background: int) -> bytes:
    """A 480 x 600 JPEG: a dress on a hanger, or a tie under a collar; 64 in all, each drawn once."""
    fill, paper = GARMENT_COLOURS[colour][1], BACKGROUNDS[background][1]
    shade = tuple(max(0, c - 40) for c in fill)
    image = Image.new("RGB", (600, 750), paper)
    pen = ImageDraw.Draw(image)
    x = 300
    if tie:
        collar = [(x - 150, 120), (x, 200), (x + 150, 120), (x + 170, 170), (x, 260), (x - 170, 170)]
        pen.polygon(collar, fill=(250, 250, 250), outline=(200, 200, 200))
        pen.polygon([(x - 34, 190), (x + 34, 190), (x + 22, 250), (x - 22, 250)], fill=shade)
        pen.polygon([(x - 22, 250), (x + 22, 250), (x + 70, 560), (x, 640), (x - 70, 560)], fill=fill)
        for k in range(4):
            pen.line([(x - 40 - k * 6, 340 + k * 70), (x + 40 + k * 6, 300 + k * 70)], fill=shade, width=8)
    else:
        grey = (120, 120, 120)
        pen.arc([x - 30, 40, x + 30, 100], 180, 360, fill=grey, width=6)
        pen.line([(x, 70), (x, 110)], fill=grey, width=6)
        pen.line([(x - 160, 160), (x, 110), (x + 160, 160)], fill=grey, width=8)
        pen.polygon([(x - 110, 150), (x - 80, 150), (x - 60, 220), (x - 95, 220)], fill=fill)
        pen.polygon([(x + 110, 150), (x + 80, 150), (x + 60, 220), (x + 95, 220)], fill=fill)
        pen.polygon([(x - 100, 215), (x + 100, 215), (x + 80, 380), (x - 80, 380)], fill=fill)
        pen.rectangle([x - 82, 370, x + 82, 400], fill=shade)
        pen.polygon([(x - 82, 400), (x + 82, 400), (x + 210, 680), (x - 210, 680)], fill=fill)
        for k in (-2, -1, 0, 1, 2):
            pen.line([(x + k * 28, 410), (x + k * 70, 670)], fill=shade, width=4)
    out = io.BytesIO()
    image.resize((480, 600), Image.Resampling.LANCZOS).save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
