from __future__ import annotations

import datetime

from django import template
from django.conf import settings
from django.forms import BoundField, Form
from django.template.base import FilterExpression, Parser, Token, render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jfa.core.countries import country_name
from jfa.core.money import Money
from jfa.core.text import elide

register = template.Library()


@register.filter
def money(value: Money | None) -> str:
    return value.localized() if isinstance(value, Money) else ""


@register.filter
def money_short(value: Money | None) -> str:
    return value.format_short(language=get_language() or "en") if isinstance(value, Money) else ""


@register.filter(expects_localtime=True)
def calendar_date(value: datetime.date | None, fmt: str = "DATE_FORMAT") -> str:
    """A date in words, like Django's ``date`` filter, except that French writes the first day of a
    month as an ordinal ("le 1er décembre"), which no Django date format can say."""
    if not value:
        return ""
    pattern = formats.get_format(fmt) if fmt.endswith("_FORMAT") else fmt
    if value.day == 1 and (get_language() or "").startswith("fr"):
        pattern = pattern.replace("j", r"1\e\r")
    return date_filter(value, pattern)


# Quebec French names the Eastern zones its own way; any other zone keeps its usual letters.
_FRENCH_ZONES = {"EST": "HNE", "EDT": "HAE"}


@register.filter
def moment(value: datetime.datetime | None) -> str:
    """A date and time with the zone it is told in ("12 décembre 2026 à 13 h 32 HNE"): readers from
    Vancouver to Paris see the site's clock (Toronto's), so it says which one it is."""
    if not value:
        return ""
    local = timezone.localtime(value)
    zone = local.tzname() or ""
    if (get_language() or "").startswith("fr"):
        zone = _FRENCH_ZONES.get(zone, zone)
    # The hour as each language writes it: "1:32 p.m.", "13 h 32" (jfa/formats).
    return f"{calendar_date(local, 'DATETIME_FORMAT')} {zone}".rstrip()


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain user text to escaped paragraphs: HTML in a pitch or message is shown, never run."""
    # linebreaks escapes the text itself when autoescape is on; only its <p>/<br> are markup.
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308


@register.inclusion_tag("core/_progress.html")
def progress_bar(progress: object, label: str) -> dict:
    return {"progress": progress, "label": label}


def _always_answered(field: BoundField) -> bool:
    """A list with no empty choice always sends one of its choices: calling it optional would only
    puzzle the reader."""
    choices = getattr(field.field, "choices", None)
    return choices is not None and all(value != "" for value, _label in choices)


@register.simple_tag
def field_block(field: BoundField) -> SafeString:
    """A form field with its visible label, help and errors, as every form of the site shows its
    fields. Written in Python because a donation form shows ten of them, and a template include
    costs a fifth of a millisecond each. A checkbox comes before its label; an optional field
    says so; help text has the id that the widget's aria-describedby names."""
    classes = "field has-error" if field.errors else "field"
    if getattr(field.field.widget, "input_type", None) == "checkbox":
        control = format_html(
            '<div class="check">{} <label for="{}">{}</label></div>', field, field.id_for_label, field.label
        )
    else:
        optional = (
            ""
            if field.field.required or _always_answered(field)
            else format_html(' <span class="optional">({})</span>', _("optional"))
        )
        control = format_html('<label for="{}">{}{}</label>{}', field.id_for_label, field.label, optional, field)
    help_text = ""
    if field.help_text:
        # The id Django's widgets name in aria-describedby, so screen readers read the help.
        # A list (Django's password rules) cannot sit inside a paragraph.
        tag = "div" if str(field.help_text).lstrip().startswith("<ul") else "p"
        help_text = format_html('<{} class="help" id="{}_helptext">{}</{}>', tag, field.auto_id, field.help_text, tag)
    errors = format_html_join("", '<p class="error" role="alert">{}</p>', ((error,) for error in field.errors))
    if field.errors and field.auto_id:
        # Django's widgets name "<id>_error" in aria-describedby when a field has errors.
        errors = format_html('<div id="{}_error">{}</div>', field.auto_id, errors)
    return format_html('<div class="{}">{}{}{}</div>', classes, control, help_text, errors)


@register.simple_tag
def error_summary(form: Form, heading: str) -> SafeString:
    """What went wrong with a sent form, at its top: a box the page opens on, focused so screen
    readers read it, each problem linked to its field. Empty when the form has no errors.

    A form whose field is drawn by other controls (the donation form's suggested-amount radios)
    names the field to link to instead in ``error_anchors``.
    """
    if not form.errors:
        return mark_safe("")  # noqa: S308 (empty)
    anchors = getattr(form, "error_anchors", {})
    items = [format_html("<li>{}</li>", error) for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items.extend(format_html("<li>{}</li>", error) for error in field.errors)
    for field in form.visible_fields():
        target = form[anchors[field.name]] if field.name in anchors else field
        items.extend(
            format_html(
                '<li><a href="#{}">{}</a></li>',
                target.id_for_label,
                # French puts a no-break space before the colon: the pattern is translated too.
                _("%(label)s: %(problem)s") % {"label": target.label, "problem": error},
            )
            for error in field.errors
        )
    return format_html(
        '<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">'
        '<h2 id="error-summary-title" class="h3">{}</h2><ul>{}</ul></div>',
        heading,
        mark_safe("".join(items)),  # noqa: S308 (each item built by format_html)
    )


@register.simple_tag
def lang_of(language: str) -> str:
    """` lang="fr"` for words written in another language than the page around them, so screen
    readers switch sounds for them (WCAG 3.1.2); nothing when they share the page's language."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    if not language or language[:2] == current:
        return ""
    return format_html(' lang="{}"', language[:2])


@register.filter
def in_language(text: str, language: str) -> SafeString:
    """``text`` in a span saying its language when that is not the page's, for words set inside a
    sentence (a tier's English description on the French site); escaped either way."""
    language_attribute = lang_of(language)
    return format_html("<span{}>{}</span>", language_attribute, text) if language_attribute else format_html("{}", text)


class _ElideNode(template.Node):
    def __init__(self, nodelist: template.NodeList, names: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.names = names

    def render(self, context: template.Context) -> str:
        # The names as the message shows them: escaped, unless the template writes plain text.
        names = [
            render_value_in_context(name.resolve(context, ignore_failures=True) or "", context) for name in self.names
        ]
        return elide(self.nodelist.render(context), *names)


@register.tag("elide")
def elide_tag(parser: Parser, token: Token) -> _ElideNode:
    """``{% elide page.display_name %}{% blocktranslate … %}the page of {{ name }}{% endblocktranslate %}
    {% endelide %}``: a translated message with a name filled in, written "la page d’Alice" on the
    French site. The tag names the names the message holds."""
    names = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not names:
        raise template.TemplateSyntaxError("elide needs the names the message holds")
    nodelist = parser.parse(("endelide",))
    parser.delete_first_token()
    return _ElideNode(nodelist, names)
