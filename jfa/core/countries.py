"""Countries offered in forms: every ISO 3166-1 alpha-2 country, named in the reader's language.

Names come from the Unicode CLDR (through Babel), so "Corée du Sud" and "Côte d'Ivoire" read
as people write them, in every language the site speaks, without a translation of our own to
keep up. A donor or advocate anywhere can say where they are; routing still only cares whether
it is Canada.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

from .text import fold

# CLDR territories with two-letter codes that are not countries in ISO 3166-1: groupings (EU,
# UN), reserved or private-use codes, and islands ISO files under another country. Kosovo (XK)
# stays: it is user-assigned in ISO, but card networks and tax forms use it.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})
# Where nearly every gift and page is: first in every list, before the alphabetical rest.
_FIRST = ("US", "CA")

_ENGLISH = Locale("en")
COUNTRY_CODES: frozenset[str] = frozenset(
    code
    for code in _ENGLISH.territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)


def is_country(code: object) -> bool:
    return isinstance(code, str) and code in COUNTRY_CODES


def country_from_languages(accept_language: str) -> str | None:
    """The country a browser's preferred languages name first, if any: "fr-CA,fr;q=0.9" is CA,
    "zh-Hant-TW" is TW, "fr" or "es-419" name none. A guess to start a form from, never more."""
    for tag, _quality in parse_accept_lang_header(accept_language):
        for subtag in tag.split("-")[1:]:
            if len(subtag) == 2 and is_country(subtag.upper()):
                return subtag.upper()
    return None


def validate_country(code: str) -> None:
    """For model fields: staff typing "ca" or "Canada" in the admin get told, not a page that
    quietly stops routing to IJM Canada."""
    if not is_country(code):
        raise ValidationError(
            _("%(code)s is not a country code: use two capital letters, such as CA or US."), params={"code": code}
        )


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(to_locale(language))
    except (ValueError, UnknownLocaleError):
        return _ENGLISH


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (default: the active one); the code itself if unknown."""
    if not is_country(code):
        return code
    names = _locale(language or get_language() or "en").territories
    return names.get(code) or _ENGLISH.territories[code]


@lru_cache(maxsize=16)
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    named = {code: country_name(code, language) for code in COUNTRY_CODES}
    rest = sorted((code for code in named if code not in _FIRST), key=lambda code: fold(named[code]))
    return tuple((code, named[code]) for code in (*_FIRST, *rest))


class CountryChoices(BaseChoiceIterator):
    """Every country as (code, name) in the language active when iterated, for a form field's
    ``choices``, optionally after a blank choice labelled ``blank``.

    Django hands such an iterator on as it is. A callable's choices are normalized again on every
    pass, pair by pair: most of a millisecond for 250 countries, on every page with a donation form.
    """

    def __init__(self, *, blank: str | None = None) -> None:
        self.blank = blank

    def __iter__(self):
        if self.blank is not None:
            yield ("", self.blank)
        yield from _choices(get_language() or "en")


def country_choices() -> list[tuple[str, str]]:
    """(code, name) for a choice field, in the active language: a callable, so each form gets the
    reader's language rather than the one active when the form class was defined."""
    return list(_choices(get_language() or "en"))
