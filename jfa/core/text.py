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
