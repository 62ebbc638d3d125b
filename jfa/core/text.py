"""Text helpers shared by search and sorting."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Text without accents or case, so "cote" finds "Côté" and "Égypte" sorts with the E's."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
