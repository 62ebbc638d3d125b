"""Text helpers: folding for search and sorting, and staff-entered text in two languages."""

from __future__ import annotations

import unicodedata

from django.utils.translation import get_language


def fold(text: str) -> str:
    """Text without accents or case, so "cote" finds "Côté" and "Égypte" sorts with the E's."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def localized(english: str, french: str) -> str:
    """Staff-entered text in the reader's language: the French version on French pages when staff
    wrote one, the English otherwise (a missing translation must never leave a blank)."""
    if french and (get_language() or "en").startswith("fr"):
        return french
    return english


# Characters that open a right-to-left or left-to-right run and leave it open: typed into a name or
# a message, they turn the rest of the line it is shown in backwards ("gave US$30 to" reads
# "ot 03$SU evag"). Marks that only lean one way (U+200E, U+200F) close nothing and stay.
_DIRECTION_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_direction_controls(text: str) -> str:
    return text.translate(_DIRECTION_CONTROLS)
