"""Form fields and widgets of our own."""

from __future__ import annotations

import html
from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .countries import CountryChoices, is_country
from .text import without_direction_controls


class LongSelect(forms.Select):
    """A select for long flat lists (every country), written out in Python.

    Django renders each option through two templates: some 500 template renders for the 250
    countries, on every page with a donation form. Here the options are written once per list
    and language (``_options``) and only the selected one is marked on each render. The HTML is
    the same as Django's select, attribute for attribute; lists with option groups are handed
    back to Django.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = tuple(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        try:
            options, starts = _options(choices, get_language())
        except TypeError:  # a choice that cannot be a cache key: written out for this render only
            options, starts = _options.__wrapped__(choices, get_language())
        # As Django's Select: only the first option matching the value is selected.
        at = min((starts[text] for text in self.format_value(value) if text in starts), default=None)
        if at is not None:
            options = options[:at] + " selected" + options[at:]
        opening = format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        return mark_safe(opening + options + "</select>")  # noqa: S308 — every value escaped in _options


@lru_cache(maxsize=32)
def _options(choices: tuple[tuple[object, object], ...], language: str | None) -> tuple[str, dict[str, int]]:
    """The options of ``choices`` as HTML, none selected, and for each value where its first
    option's opening tag ends (where " selected" goes). ``language`` is part of the key because
    a label may be translated lazily."""
    parts = []
    starts: dict[str, int] = {}
    length = 0
    for option_value, label in choices:
        text = "" if option_value is None else str(option_value)
        # html.escape is what Django's escape() calls, without a SafeString per value.
        opening = f'<option value="{html.escape(text)}"'
        starts.setdefault(text, length + len(opening))
        part = f"{opening}>{html.escape(str(label))}</option>"
        parts.append(part)
        length += len(part)
    return "".join(parts), starts


class CountryField(forms.ChoiceField):
    """Every country, named in the reader's language; checked by a set lookup rather than
    Django's walk through 250 choices on every submitted form."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", CountryChoices())
        kwargs.setdefault("widget", LongSelect(attrs={"autocomplete": "country"}))
        super().__init__(**kwargs)

    def valid_value(self, value: object) -> bool:
        return is_country(value)


class UserText(forms.CharField):
    """What people write for others to read (names, pitches, messages, comments), without the
    direction controls that would garble the line it is shown in (``without_direction_controls``);
    a one-line field also keeps to one line, with single spaces."""

    def to_python(self, value: object) -> str | None:
        text = super().to_python(value)
        if not text:
            return text
        text = without_direction_controls(text)
        if not isinstance(self.widget, forms.Textarea):
            # One line in the browser, so a line break only comes from a crafted post, and would
            # break an email subject the name or title goes into.
            return " ".join(text.split())
        return text.strip() if self.strip else text
