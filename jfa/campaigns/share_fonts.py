"""Lettering for the share picture in whatever script a name is written.

Pillow draws a string in one font file and shows a box for every character that font lacks, and
no single font holds every script: DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew) has no
Chinese, Japanese, Korean, Devanagari, Thai or Khmer. So a string is cut into runs, each drawn in
the first font of ``SCRIPT_FONTS`` that has its characters, on one baseline. bin/setup installs
Debian's packages for all of them; a font that is not on the machine is skipped, and a character
no font has is drawn (as a box) in DejaVu Sans. A font with no bold weight is made bold by
drawing its outline thicker; emoji are drawn in colour, as phones show them.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont, features

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
# fonts-noto-color-emoji, tried last: its pictures are bitmaps drawn at this one size, then scaled.
EMOJI_FONT, EMOJI_SIZE = "noto/NotoColorEmoji.ttf", 109

# The site's pages read left to right, so a line does too: an Arabic name keeps its own order
# inside "عائشة is wearing a dress", at the start of the line. Without libraqm Pillow cannot be told.
DIRECTION = "ltr" if features.check("raqm") else None
_RULER = ImageDraw.Draw(Image.new("RGB", (1, 1)))


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

    def length(self, text: str) -> float:
        return sum(font.length(run) for run, font in self.runs(text))

    def draw(self, image: Image.Image, xy: tuple[float, float], text: str, fill: tuple[int, int, int]) -> None:
        """Draws ``text`` with the top of the line at ``xy``, every run on the primary font's baseline."""
        x, y = xy
        primary = self.primary
        baseline = y + (primary.getmetrics()[0] if isinstance(primary, ImageFont.FreeTypeFont) else 0)
        for run, font in self.runs(text):
            font.draw(image, (x, baseline), run, fill, "ls")
            x += font.length(run)

    def draw_centred(
        self, image: Image.Image, xy: tuple[float, float], letter: str, fill: tuple[int, int, int]
    ) -> None:
        """One letter (a page's initial) centred on ``xy``, in the font that has it."""
        for _, font in self.runs(letter)[:1]:
            font.draw(image, xy, letter, fill, "mm")

    def runs(self, text: str) -> list[tuple[str, LoadedFont]]:
        """``text`` cut where the font must change: each character in the first font that has it.
        A space stays in the run it follows, so "김민지의 드레스" is one run (but not after an
        emoji: the emoji font's space is wide), and so does what joins an emoji to the one before
        it, so "👩‍❤️‍👨" is one picture."""
        fonts = _fonts(self.size, self.bold, first_only=True)
        if not fonts:
            return [(text, LoadedFont(frozenset(), self.primary))] if text else []
        if EMOJI_SELECTOR in text or any(ord(char) not in fonts[0].characters for char in text):
            fonts = _fonts(self.size, self.bold)
        runs: list[tuple[str, LoadedFont]] = []
        current = fonts[0]
        for i, char in enumerate(text):
            # Joiners and selectors are read by the font that shapes the emoji, whatever its own list says.
            spaced = char.isspace() and not current.is_emoji and ord(char) in current.characters
            joined = runs and (_joins(ord(char)) or (text[i - 1] == ZWJ and ord(char) in current.characters))
            if not (spaced or joined):
                # "❤" followed by the emoji selector asks for the picture, not DejaVu's outline.
                wants_emoji = text[i + 1 : i + 2] == EMOJI_SELECTOR
                ordered = sorted(fonts, key=lambda font: not font.is_emoji) if wants_emoji else fonts
                current = next((font for font in ordered if ord(char) in font.characters), current)
            if runs and runs[-1][1] is current:
                runs[-1] = (runs[-1][0] + char, current)
            else:
                runs.append((char, current))
        return runs


ZWJ, EMOJI_SELECTOR = "\u200d", "\ufe0f"


def may_cut(text: str, i: int) -> bool:
    """Whether ``text`` may be cut before ``text[i]`` without parting a letter from its marks
    (a Devanagari vowel sign, a consonant after a virama), an emoji from what joins it, or the
    two halves of a flag."""
    if i <= 0 or i >= len(text):
        return True
    char, before = text[i], text[i - 1]
    if unicodedata.category(char) in ("Mn", "Mc", "Me") or _joins(ord(char)) or before == ZWJ:
        return False
    if unicodedata.combining(before) == VIRAMA:
        return False
    if char in REGIONAL and before in REGIONAL:  # flags are pairs: cut after an even number
        return (i - len(text[:i].rstrip(REGIONAL))) % 2 == 0
    return True


VIRAMA = 9  # the canonical combining class of the marks that join two consonants
REGIONAL = "".join(map(chr, range(0x1F1E6, 0x1F200)))  # the letters two of which make a flag


def _joins(code: int) -> bool:
    """Joiners, presentation selectors, the keycap, skin tones and flag tags: parts of the
    emoji before them."""
    return code in (0x200D, 0xFE0E, 0xFE0F, 0x20E3) or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


@dataclass(frozen=True)
class LoadedFont:
    characters: frozenset[int]
    font: Font
    # The outline's extra width in pixels when a bold face is drawn in a font with no bold weight.
    embolden: int = 0
    # A colour bitmap font is drawn at its own size and scaled by this to the face's.
    scale: float = 1.0

    @property
    def is_emoji(self) -> bool:
        return self.scale != 1.0

    def length(self, text: str) -> float:
        return _RULER.textlength(text, font=self.font, direction=DIRECTION) * self.scale

    def draw(
        self, image: Image.Image, xy: tuple[float, float], text: str, fill: tuple[int, int, int], anchor: str
    ) -> None:
        if not self.is_emoji:
            pen = ImageDraw.Draw(image)
            pen.text(
                xy, text, fill, self.font, anchor, direction=DIRECTION, stroke_width=self.embolden, stroke_fill=fill
            )
            return
        # Drawn in colour on a clear sheet at the bitmaps' size, scaled down and laid on the picture.
        left, top, right, bottom = _RULER.textbbox((0, 0), text, font=self.font, anchor=anchor, embedded_color=True)
        sheet = Image.new("RGBA", (max(1, int(right - left)), max(1, int(bottom - top))))
        ImageDraw.Draw(sheet).text((-left, -top), text, font=self.font, anchor=anchor, embedded_color=True)
        size = (max(1, round(sheet.width * self.scale)), max(1, round(sheet.height * self.scale)))
        sheet = sheet.resize(size, Image.Resampling.LANCZOS)
        image.paste(sheet, (round(xy[0] + left * self.scale), round(xy[1] + top * self.scale)), sheet)


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
    emoji = FONTS / EMOJI_FONT
    if not first_only and emoji.exists():
        found.append(
            LoadedFont(_characters(emoji), ImageFont.truetype(str(emoji), EMOJI_SIZE), scale=size / EMOJI_SIZE)
        )
    return tuple(found)


@functools.cache
def _characters(path: Path) -> frozenset[int]:
    """What the font (the first of a collection) has a glyph for."""
    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap())
