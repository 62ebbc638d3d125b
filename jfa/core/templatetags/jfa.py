from __future__ import annotations

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from jfa.core.countries import country_name
from jfa.core.money import Money

register = template.Library()


@register.filter
def money(value: Money | None) -> str:
    return value.localized() if isinstance(value, Money) else ""


@register.filter
def money_short(value: Money | None) -> str:
    return value.format_short(language=get_language() or "en") if isinstance(value, Money) else ""


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
