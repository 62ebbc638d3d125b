"""The form renderer: Django's, with the plainest widgets written out in Python.

Django renders every widget through its template engine: an ``<input>`` is three templates
(``text.html`` includes ``input.html``, which includes ``attrs.html``), about a third of a
millisecond each, so the ten fields of a donation form cost several milliseconds on every
advocate and team page. Here every ``<input>`` and ``<textarea>`` is written by a few lines of
Python that produce the same bytes as Django's templates (a test compares them widget by
widget). Any other widget, and any of these whose template an app overrides, goes through the
templates as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
# Django's own copies of the templates written out here (overridden ones are used as they are).
_DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"


# What a template's {{ value }} does with a value (localize, then escape unless safe), with the
# default context the form renderer's engine gives: read, never changed.
_CONTEXT = Context(autoescape=True)


def _text(value: object) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: object) -> str:
    """``{{ value|stringformat:'s' }}``: "%s" of the value, escaped unless the value was safe."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % value  # noqa: UP031 — stringformat's own spelling, which str() differs from for a few types
    return text if isinstance(value, SafeData) else str(conditional_escape(text))


def _attrs(attrs: Mapping[str, object]) -> str:
    """``attrs.html``: False leaves an attribute out, True writes its name alone."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Mapping) -> str:
    """``input.html``, which every <input> widget's template includes."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: Mapping) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


_INPUTS = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "checkbox",
    "date",
    "datetime",
    "time",
    "color",
    "search",
    "tel",
    "file",
)
_WRITERS: dict[str, Callable[[Mapping], str]] = {
    **{f"{_WIDGETS}{name}.html": _input for name in _INPUTS},
    f"{_WIDGETS}textarea.html": _textarea,
}


class FastWidgets(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = self._writers.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context["widget"])

    @cached_property
    def _writers(self) -> dict[str, Callable[[Mapping], str]]:
        """The writers whose templates, and the templates they include, are Django's own."""
        own = {name for name in (*_WRITERS, f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html") if self._is_djangos(name)}
        if not {f"{_WIDGETS}input.html", f"{_WIDGETS}attrs.html"} <= own:
            return {}
        return {name: write for name, write in _WRITERS.items() if name in own}

    def _is_djangos(self, template_name: str) -> bool:
        try:
            origin = self.get_template(template_name).origin.name
        except TemplateDoesNotExist:
            return False
        return Path(origin).is_relative_to(_DJANGO_TEMPLATES)
