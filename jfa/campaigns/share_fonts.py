"""Lettering for the share picture in whatever script a name is written.

Pillow draws a string in one font file and shows a box for every character that font lacks, and
no single font holds every script: DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew) has no
Chinese, Japanese, Korean, Devanagari, Thai or Khmer. So a string is cut into runs, each drawn in
the first font of ``SCRIPT_FONTS`` that has its characters, on one baseline. bin/setup installs
Debian's packages for all of them; a font that is not on the machine is skipped, and a character
no font has is drawn (as a box) in DejaVu Sans. A font with no bold weight is made bold by
drawing its outline thicker.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageDraw, ImageFont, features

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

FONTS = Path("/usr/share/fonts/truetype")
# (regular, bold), in the order they are tried. The first holds the site's own words.
SCRIPT_FONTS: tuple[tuple[str, str], ...] = (
    ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),  # fonts-dejavu-core
    ("wqy/wqy-microhei.ttc", "wqy/wqy-microhei.ttc"),  # fonts-wqy-microhei: Chinese, Japanese, Korean
    # fonts-noto-core: scripts of the places our partners work and of the families our advocates come from
    *(
        (f"noto/NotoSans{script}-Regular.ttf", f"noto/NotoSans{script}-Bold.ttf")
        for script in (
            "Devanagari",
            "Bengali",
            "Gurmukhi",
            "Gujarati",
            "Oriya",
            "Tamil",
            "Telugu",
            "Kannada",
            "Malayalam",
            "Sinhala",
            "Thai",
            "Lao",
            "Khmer",
            "Myanmar",
            "Ethiopic",
            "Armenian",
            "Georgian",
        )
    ),
)

# The site's pages read left to right, so a line does too: an Arabic name keeps its own order
# inside "عائشة is wearing a dress", at the start of the line. Without libraqm Pillow cannot be told.
DIRECTION = "ltr" if features.check("raqm") else None


@dataclass(frozen=True)
class Face:
    """A size and weight of the lettering."""

    size: int
    bold: bool = False

    @property
    def primary(self) -> Font:
        """The font of the site's own words, whose metrics set the line."""
        first = _fonts(self.size, self.bold, first_only=True)
        return first[0].font if first else ImageFont.load_default(self.size)

    def line_height(self) -> int:
        top, bottom = self.primary.getbbox("Ág")[1::2]
        return int(bottom - min(top, 0))

    def length(self, pen: ImageDraw.ImageDraw, text: str) -> float:
        return sum(pen.textlength(run, font=font.font, direction=DIRECTION) for run, font in self.runs(text))

    def draw(self, pen: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fill: tuple[int, int, int]) -> None:
        """Draws ``text`` with the top of the line at ``xy``, every run on the primary font's baseline."""
        x, y = xy
        primary = self.primary
        baseline = y + (primary.getmetrics()[0] if isinstance(primary, ImageFont.FreeTypeFont) else 0)
        for run, font in self.runs(text):
            pen.text(
                (x, baseline),
                run,
                fill,
                font.font,
                "ls",
                direction=DIRECTION,
                stroke_width=font.embolden,
                stroke_fill=fill,
            )
            x += pen.textlength(run, font=font.font, direction=DIRECTION)

    def draw_centred(
        self, pen: ImageDraw.ImageDraw, xy: tuple[float, float], letter: str, fill: tuple[int, int, int]
    ) -> None:
        """One letter (a page's initial) centred on ``xy``, in the font that has it."""
        for _, font in self.runs(letter)[:1]:
            pen.text(xy, letter, fill, font.font, "mm", stroke_width=font.embolden, stroke_fill=fill)

    def runs(self, text: str) -> list[tuple[str, LoadedFont]]:
        """``text`` cut where the font must change: each character in the first font that has it,
        but a space stays in the run it follows, so "김민지의 드레스" is one run."""
        fonts = _fonts(self.size, self.bold, first_only=True)
        if not fonts:
            return [(text, LoadedFont(frozenset(), self.primary))] if text else []
        if any(ord(char) not in fonts[0].characters for char in text):
            fonts = _fonts(self.size, self.bold)
        runs: list[tuple[str, LoadedFont]] = []
        current = fonts[0]
        for char in text:
            if not (char.isspace() and ord(char) in current.characters):
                current = next((font for font in fonts if ord(char) in font.characters), current)
            if runs and runs[-1][1] is current:
                runs[-1] = (runs[-1][0] + char, current)
            else:
                runs.append((char, current))
        return runs


@dataclass(frozen=True)
class LoadedFont:
    characters: frozenset[int]
    font: Font
    # The outline's extra width in pixels when a bold face is drawn in a font with no bold weight.
    embolden: int = 0


@functools.cache
def _fonts(size: int, bold: bool, *, first_only: bool = False) -> tuple[LoadedFont, ...]:
    """The installed fonts of ``SCRIPT_FONTS`` at ``size``, each with the characters it has. The
    others are only read (about 80 ms) for a string the first cannot draw."""
    found = []
    for regular, heavy in SCRIPT_FONTS[:1] if first_only else SCRIPT_FONTS:
        path = FONTS / (heavy if bold else regular)
        if path.exists():
            embolden = max(1, size // 40) if bold and heavy == regular else 0
            found.append(LoadedFont(_characters(path), ImageFont.truetype(str(path), size), embolden))
    return tuple(found)


@functools.cache
def _characters(path: Path) -> frozenset[int]:
    """What the font (the first of a collection) has a glyph for."""
    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap())
