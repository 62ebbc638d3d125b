"""Text helpers: folding for search and sorting, staff-entered text in two languages, and French
elision before names filled into a message."""

from __future__ import annotations

import re
import unicodedata

from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language


def fold(text: str) -> str:
    """Text without accents or case, so "cote" finds "Côté" and "Égypte" sorts with the E's."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def localized(english: str, french: str) -> str:
    """Staff-entered text in the reader's language: the French version on French pages when staff
    wrote one, the English otherwise (a missing translation must never leave a blank)."""
    return french if localized_language(french) == "fr" else english


def localized_language(french: str) -> str:
    """The language ``localized`` answers in, for the ``lang`` of text that may be the English
    standing in for a French version staff did not write."""
    return "fr" if french and (get_language() or "en").startswith("fr") else "en"


# Characters that open a right-to-left or left-to-right run and leave it open: typed into a name or
# a message, they turn the rest of the line it is shown in backwards ("gave US$30 to" reads
# "ot 03$SU evag"). Marks that only lean one way (U+200E, U+200F) close nothing and stay.
_DIRECTION_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_direction_controls(text: str) -> str:
    return text.translate(_DIRECTION_CONTROLS)


# "de" and "que" before a word that opens on a vowel sound lose their e in French: "la page
# d’Alice", "en tant qu’Uma". A translator writes it so around fixed words, but not around a name
# filled in later, so a message with a name in it passes through ``elide`` once filled, told which
# names it holds. Only a "de" right before one of those names gives way: a name of its own may hold
# one ("João de Almeida"), and nobody's name is ours to respell. The name may sit inside markup
# ("de <a href=…>Alice</a>"). Not before h: French names split between a silent h ("d’Hugo") and
# one that is sounded ("de Haddad"), and "de" is never wrong there; nor before a y that a vowel
# follows, which sounds as a consonant ("de Yusuf", but "d’Yves").
def _opens_on_vowel(name: str) -> bool:
    folded = fold(name[:2])
    if not folded:
        return False
    if folded[0] in "aeiouæœ":
        return True
    return folded[0] == "y" and len(folded) > 1 and folded[1] not in "aeiou"


def _apostrophe(match: re.Match[str]) -> str:
    word, markup, name = match.groups()
    return f"{word[:-1]}’{markup}{name}"


def elide(text: str, *names: str) -> str:
    """French ``text`` with "de Alice" written "d’Alice" for each of ``names`` it holds; text in
    any other language unchanged."""
    if not (get_language() or "").startswith("fr"):
        return text
    elided = text
    for name in {name for name in names if name and _opens_on_vowel(name)}:
        pattern = re.compile(rf"\b([Dd]e|[Qq]ue) ((?:<[^<>]*>)*)({re.escape(name)})")
        elided = pattern.sub(_apostrophe, elided)
    # Safe text stays safe: only an "e" and a space gave way to an apostrophe.
    return mark_safe(elided) if isinstance(text, SafeData) else elided  # noqa: S308
