from __future__ import annotations

from django import template
from django.utils.html import linebreaks

from jfa.core.countries import country_name
from jfa.core.money import Money

register = template.Library()


@register.filter
def money(value: Money | None) -> str:
    return value.format() if isinstance(value, Money) else ""


@register.filter
def money_short(value: Money | None) -> str:
    return value.format_short() if isinstance(value, Money) else ""


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.filter
def paragraphs(text: str) -> str:
    """Plain user text to escaped paragraphs: HTML in a pitch or message is shown, never run."""
    return linebreaks(text, autoescape=True)


@register.inclusion_tag("core/_progress.html")
def progress_bar(progress: object, label: str) -> dict:
    return {"progress": progress, "label": label}
