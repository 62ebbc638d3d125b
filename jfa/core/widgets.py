"""Form fields and widgets of our own."""

from __future__ import annotations

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .countries import country_choices, is_country


class LongSelect(forms.Select):
    """A select for long flat lists (every country), written out in Python.

    Django renders each option through two templates: some 500 template renders for the 250
    countries, on every page with a donation form. The HTML is the same as Django's select,
    attribute for attribute; lists with option groups are handed back to Django.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            # As Django's Select: only the first option matching the value is selected.
            selected = text in chosen
            if selected:
                chosen.clear()
            # html.escape is what Django's escape() calls, without a SafeString per value.
            value_html, label_html = html.escape(text), html.escape(str(label))
            options.append(f'<option value="{value_html}"{" selected" if selected else ""}>{label_html}</option>')
        opening = format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        return mark_safe(opening + "".join(options) + "</select>")  # noqa: S308 — every value escaped above


class CountryField(forms.ChoiceField):
    """Every country, named in the reader's language; checked by a set lookup rather than
    Django's walk through 250 choices on every submitted form."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", country_choices)
        kwargs.setdefault("widget", LongSelect(attrs={"autocomplete": "country"}))
        super().__init__(**kwargs)

    def valid_value(self, value: object) -> bool:
        return is_country(value)
