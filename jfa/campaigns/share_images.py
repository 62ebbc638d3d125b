"""The picture a shared link shows: a page's or team's name, what it has raised and its progress bar.

A link to a page posted on Facebook, X, LinkedIn or in a chat is shown with its Open Graph image.
The site-wide picture says nothing about the advocate; this one says who, how far along, and
carries their photo, so the post itself asks for the gift.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.db.models.fields.files import FieldFile
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from .models import AdvocatePage, Team
from .queries import Progress
from .share_fonts import Face, may_cut

WIDTH, HEIGHT = 1200, 630  # what Facebook, X and LinkedIn all show uncropped (1.91:1)
MARGIN = 64
PHOTO_SIDE = 420
TEXT_LEFT = MARGIN + PHOTO_SIDE + 56
TEXT_WIDTH = WIDTH - TEXT_LEFT - MARGIN
FOOTER_HEIGHT = 78
TOP_BAR = 12
BAR_HEIGHT = 26

BRAND = (139, 30, 63)  # the site's maroon
BRAND_LIGHT = (194, 24, 91)
INK = (31, 33, 37)
MUTED = (78, 82, 89)  # 7.9:1 on white
TRACK = (233, 226, 222)
PLACEHOLDER = (233, 221, 221)
WHITE = (255, 255, 255)

CACHE_SECONDS = 24 * 3600
# Part of the cache key: change it with the drawing, so no machine serves the old design.
DESIGN = 7


@dataclass(frozen=True)
class ShareCard:
    """Everything drawn on the picture, already in the reader's language: it is also the cache key."""

    kicker: str  # the campaign's name
    headline: str  # the page's title or the team's name
    byline: str  # who, or how many members
    raised: str  # "CA$1,121.50"
    of_goal: str  # "raised of CA$500"
    progress_line: str  # "224% of goal · 16 gifts"
    bar_percent: int  # 0 to 100
    footer: str
    initial: str  # drawn in place of a photo
    photo_name: str = ""  # a stored file's name; it never gets new content

    @property
    def cache_key(self) -> str:
        return f"share-image:{DESIGN}:" + hashlib.sha256(repr(self).encode()).hexdigest()


def page_card(page: AdvocatePage, progress: Progress) -> ShareCard:
    """The picture for an advocate's page, in the active language; once the campaign is over, it
    speaks of that December in the past, as the page does."""
    words = {"name": page.display_name, "what": page.get_commitment_display(), "year": page.campaign.year}
    if page.campaign.has_ended():
        byline = _("%(name)s took up the challenge of wearing %(what)s every day of December %(year)s.") % words
    else:
        byline = _("%(name)s is wearing %(what)s every day of December.") % words
    return _card(page.campaign.name, page.title, byline, progress, page.display_name, portrait(page).name or "")


def portrait(page: AdvocatePage) -> FieldFile:
    """The square thumbnail when the page has one (older pages only have the photo)."""
    return page.photo_thumbnail or page.photo


def team_card(team: Team, progress: Progress) -> ShareCard:
    byline = _("Captain: %(captain)s") % {"captain": team.captain.public_name}
    return _card(team.campaign.name, team.name, byline, progress, team.name, "")


def _card(kicker: str, headline: str, byline: str, progress: Progress, name: str, photo_name: str) -> ShareCard:
    line = ngettext("%(p)s%% of goal · %(gifts)s gift", "%(p)s%% of goal · %(gifts)s gifts", progress.gift_count) % {
        "p": progress.percent,
        "gifts": intcomma(progress.gift_count),
    }
    return ShareCard(
        kicker=kicker,
        headline=headline,
        byline=byline,
        raised=progress.shown_text,
        of_goal=_("raised of %(goal)s") % {"goal": progress.goal.format_short(language=get_language() or "en")},
        # Gifts in two currencies make the percentage approximate, as the page itself says.
        progress_line=line if progress.is_exact else f"≈ {line}",
        bar_percent=progress.bar_percent,
        footer=_("%(site)s · 100%% of gifts go to partners who fight slavery") % {"site": settings.SITE_NAME},
        # The name's first letter: "🇨🇦 Ben" is drawn as a B, not as half a flag.
        initial=next((char for char in name if char.isalpha()), name[:1]).upper(),
        photo_name=photo_name,
    )


def share_image(card: ShareCard, photo: FieldFile | None = None) -> bytes:
    """The card as a JPEG, drawn once and then kept in the shared cache until what it shows changes.

    ``photo`` (the page's already cleaned photo) is read only when the picture is not cached.
    """
    cached = cache.get(card.cache_key)
    if cached is not None:
        return cached
    data = draw(card, photo)
    cache.set(card.cache_key, data, CACHE_SECONDS)
    return data


def draw(card: ShareCard, photo: FieldFile | None = None) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, TOP_BAR), fill=BRAND)
    _portrait(image, pen, card, photo)

    column = text_column(card)
    body_top, body_bottom = TOP_BAR, HEIGHT - FOOTER_HEIGHT
    image.paste(column, (TEXT_LEFT, body_top + (body_bottom - body_top - column.height) // 2))

    pen.rectangle((0, body_bottom, WIDTH, HEIGHT), fill=INK)
    footer, footer_face = footer_line(card.footer)
    footer_face.draw(image, (MARGIN, body_bottom + (FOOTER_HEIGHT - footer_face.line_height()) // 2), footer, WHITE)

    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)
    return out.getvalue()


def footer_line(text: str) -> tuple[str, Face]:
    """The footer at the largest size it fits whole (the French one is longer), cut only below that."""
    for size in (26, 24, 22, 20):
        face = Face(size)
        if face.length(text) <= WIDTH - 2 * MARGIN:
            return text, face
    return _clip(text, face, WIDTH - 2 * MARGIN), face


def text_column(card: ShareCard) -> Image.Image:
    """The words and the bar, drawn top-down and cropped to what they take, to be centred beside
    the photo. A long title takes a smaller size, then is cut after two lines."""
    column = Image.new("RGB", (TEXT_WIDTH, HEIGHT), WHITE)
    pen = ImageDraw.Draw(column)
    y = _text(column, card.kicker.upper(), Face(26, bold=True), BRAND, 0, max_lines=1) + 16
    headline_face = _fitting_face(card.headline, sizes=(56, 48, 42), max_lines=2)
    y = _text(column, card.headline, headline_face, INK, y, max_lines=2, line_gap=6) + 8
    y = _text(column, card.byline, Face(24), MUTED, y, max_lines=2) + 28

    amount_face, rest_face = Face(50, bold=True), Face(28)
    raised = _clip(card.raised, amount_face, TEXT_WIDTH)
    amount_face.draw(column, (0, y), raised, INK)
    amount_right = amount_face.length(raised)
    if amount_right + 14 + rest_face.length(card.of_goal) <= TEXT_WIDTH:
        rest_face.draw(column, (amount_right + 14, y + 18), card.of_goal, MUTED)
        y += amount_face.line_height() + 12
    else:  # a long amount or a long French phrase: the goal goes under it
        y = _text(column, card.of_goal, rest_face, MUTED, y + amount_face.line_height() + 4, max_lines=1) + 8

    pen.rounded_rectangle((0, y, TEXT_WIDTH, y + BAR_HEIGHT), radius=BAR_HEIGHT // 2, fill=TRACK)
    filled = round(TEXT_WIDTH * max(0, min(100, card.bar_percent)) / 100)
    if filled:  # a sliver is still drawn as a round cap, so a first gift shows
        pen.rounded_rectangle((0, y, max(filled, BAR_HEIGHT), y + BAR_HEIGHT), radius=BAR_HEIGHT // 2, fill=BRAND_LIGHT)
    y = _text(column, card.progress_line, Face(26), MUTED, y + BAR_HEIGHT + 12, max_lines=1)
    return column.crop((0, 0, TEXT_WIDTH, int(y)))


def _portrait(image: Image.Image, pen: ImageDraw.ImageDraw, card: ShareCard, photo: FieldFile | None) -> None:
    top = TOP_BAR + (HEIGHT - FOOTER_HEIGHT - TOP_BAR - PHOTO_SIDE) // 2
    box = (MARGIN, top, MARGIN + PHOTO_SIDE, top + PHOTO_SIDE)
    mask = Image.new("L", (PHOTO_SIDE, PHOTO_SIDE), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, PHOTO_SIDE - 1, PHOTO_SIDE - 1), radius=28, fill=255)
    if photo:
        try:
            with photo.open("rb"), Image.open(photo) as source:
                square = ImageOps.fit(source.convert("RGB"), (PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
            image.paste(square, box[:2], mask)
            return
        except (UnidentifiedImageError, OSError, ValueError):
            pass  # a photo we cannot read is drawn as the initial, never a broken picture
    pen.rounded_rectangle(box, radius=28, fill=PLACEHOLDER)
    Face(200, bold=True).draw_centred(image, ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), card.initial, BRAND)


def _text(
    image: Image.Image,
    text: str,
    face: Face,
    fill: tuple[int, int, int],
    y: float,
    *,
    max_lines: int,
    line_gap: int = 4,
) -> float:
    """Draws ``text`` wrapped to the text column, at most ``max_lines`` (the last one cut with "…");
    returns the y below it."""
    height = face.line_height()
    for line in _wrap(text, face, TEXT_WIDTH, max_lines):
        face.draw(image, (0, y), line, fill)
        y += height + line_gap
    return y


def _wrap(text: str, face: Face, width: int, max_lines: int) -> list[str]:
    """At most ``max_lines``: whatever is left past them joins the last line, which is then cut with
    "…" (it is wider than a line, or it would not have wrapped)."""
    lines = _greedy_lines(text, face, width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], [piece for line in lines[max_lines - 1 :] for piece in line]]
    return [_clip(_joined(line), face, width) for line in lines]


# Chinese and Japanese are written without spaces and may break between any two characters,
# except before closing punctuation. Korean puts spaces between words, as Latin does.
_NO_SPACES = re.compile(r"[\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CLOSING = frozenset("、。，．！？：；」』）】〉》ー・")


def _pieces(text: str) -> list[tuple[str, str]]:
    """``text`` cut where a line may break, each piece with the space that comes before it."""
    pieces: list[tuple[str, str]] = []
    for space, word in re.findall(r"(\s*)(\S+)", text):
        start = 0
        for i in range(1, len(word)):
            if (_NO_SPACES.match(word[i - 1]) or _NO_SPACES.match(word[i])) and word[i] not in _CLOSING:
                pieces.append((space if start == 0 else "", word[start:i]))
                start = i
        pieces.append((space if start == 0 else "", word[start:]))
    return pieces


def _joined(line: list[tuple[str, str]]) -> str:
    return "".join((" " if space and i else "") + piece for i, (space, piece) in enumerate(line))


def _greedy_lines(text: str, face: Face, width: int) -> list[list[tuple[str, str]]]:
    """Pieces wrapped as they come; a word longer than a line stays whole on a line of its own."""
    lines: list[list[tuple[str, str]]] = []
    for piece in _pieces(text):
        if lines and face.length(_joined([*lines[-1], piece])) <= width:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return lines


def _clip(text: str, face: Face, width: int) -> str:
    """``text`` cut with "…" to ``width``: after the last whole word that fits, when there is one
    (Chinese and Japanese may be cut between any two characters)."""
    if face.length(text) <= width:
        return text
    cut = len(text)
    while cut and (face.length(text[:cut] + "…") > width or not may_cut(text, cut)):
        cut -= 1
    inside_word = cut < len(text) and not any(_NO_SPACES.match(char) for char in text[cut - 1 : cut + 1])
    if inside_word and not text[cut].isspace() and " " in text[:cut].strip():
        cut = text[:cut].rstrip().rindex(" ")
    return text[:cut].rstrip() + "…"


def _fitting_face(text: str, *, sizes: tuple[int, ...], max_lines: int) -> Face:
    """The largest of ``sizes`` at which ``text`` fits in ``max_lines`` without being cut."""
    for size in sizes:
        face = Face(size, bold=True)
        lines = _greedy_lines(text, face, TEXT_WIDTH)
        if len(lines) <= max_lines and all(face.length(_joined(line)) <= TEXT_WIDTH for line in lines):
            return face
    return Face(sizes[-1], bold=True)
