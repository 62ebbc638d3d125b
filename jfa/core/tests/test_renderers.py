"""Widgets written out in Python are byte for byte what Django's templates write."""

from __future__ import annotations

import datetime
import decimal
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe

from jfa.core.renderers import _DJANGO_TEMPLATES, _WIDGETS, _WRITERS, FastWidgets

ATTRS = [
    {},
    {"id": "id_amount", "required": True, "aria-describedby": "id_amount_help"},
    {"disabled": False, "autofocus": True, "maxlength": 80, "step": decimal.Decimal("0.01"), "data-x": 1234567},
    {"placeholder": 'He said "hi" & <left>', "class": mark_safe("a&amp;b"), "title": ("a", "b")},
]
VALUES = [None, "", "plain", 'quotes " and <tags> & ampersands', mark_safe("<b>safe</b>"), 25, 1234567.5, 0]

WIDGETS = [
    forms.TextInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.CheckboxInput(),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.ColorInput(),
    forms.SearchInput(),
    forms.TelInput(),
    forms.FileInput(),
    forms.Textarea(),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_a_plain_widget_is_written_as_djangos_template_writes_it(widget, language):
    ours, django = FastWidgets(), DjangoTemplates()
    with translation.override(language):
        for attrs in ATTRS:
            for value in [*VALUES, datetime.date(2026, 12, 3), datetime.datetime(2026, 12, 3, 9, 30)]:
                expected = widget.render("field", value, attrs=attrs, renderer=django)
                assert widget.render("field", value, attrs=attrs, renderer=ours) == expected, (value, attrs)


def test_the_site_renders_forms_with_it_and_every_template_it_replaces_is_djangos_plain_include():
    assert isinstance(get_default_renderer(), FastWidgets)
    assert set(FastWidgets()._writers) == set(_WRITERS)  # no app overrides one of them
    for name in _WRITERS:
        text = (_DJANGO_TEMPLATES / name).read_text().strip()
        if name.endswith(("/input.html", "/textarea.html")):
            continue
        assert text == '{% include "django/forms/widgets/input.html" %}', name


def test_a_widget_template_an_app_overrides_is_rendered_from_its_template(tmp_path, settings):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "attrs.html").write_text("{% for name, value in widget.attrs.items %} data-{{ name }}{% endfor %}")

    class Overridden(FastWidgets):
        @property
        def engine(self):
            return self.backend(
                {
                    "APP_DIRS": True,
                    "DIRS": [tmp_path, Path(forms.__file__).parent / "templates"],
                    "NAME": "overridden",
                    "OPTIONS": {},
                }
            )

    renderer = Overridden()
    assert renderer._writers == {}  # attrs.html is everyone's: nothing is written out in Python
    html = forms.TextInput().render("f", "v", attrs={"id": "x"}, renderer=renderer)
    assert html == '<input type="text" name="f" value="v" data-id>'
    assert _WIDGETS + "text.html" in _WRITERS


def test_without_djangos_widget_templates_nothing_is_written_out_in_python(tmp_path):
    class Elsewhere(FastWidgets):
        @property
        def engine(self):
            return self.backend({"APP_DIRS": False, "DIRS": [tmp_path], "NAME": "elsewhere", "OPTIONS": {}})

    assert Elsewhere()._writers == {}
