from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .countries import CountryChoices, country_name, validate_country
from .models import Task
from .money import CURRENCY_EXPONENTS, Money, MoneyError, parse_amount
from .text import fold
from .widgets import CountryField

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class NoAddOrDelete:
    """For records that only our actions create and nothing removes (gifts, the books' structure):
    the admin may show and perhaps edit them, never add or delete them."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:  # inlines pass obj
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnly(NoAddOrDelete):
    """For what only actions write (journal entries, payment attempts, running totals): staff may
    look, never touch."""

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def moment_filter(
    field: str, *, title: _StrOrPromise, happened: _StrOrPromise, pending: _StrOrPromise
) -> type[admin.SimpleListFilter]:
    """A list filter on a field that records when something happened (a team closed, a report
    resolved, a task done), offering what that means ("Closed", "Open") instead of Django's
    "Empty" and "Not empty" under a heading like "By closed at"."""

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("yes", happened), ("no", pending)]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.filter(**{f"{field}__isnull": self.value() == "no"})

    attributes = {"title": title, "parameter_name": field, "lookups": lookups, "queryset": queryset}
    return type(f"{field.title().replace('_', '')}Filter", (admin.SimpleListFilter,), attributes)


class CountryFilter(admin.SimpleListFilter):
    """A list filter on a country field offering the countries that appear in the list, named in
    the staff member's language and sorted by name ("Allemagne", "Canada"), not as "DE", "CA"."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        codes = model_admin.get_queryset(request).order_by().values_list("country", flat=True).distinct()
        return sorted(((code, country_name(code)) for code in codes if code), key=lambda choice: fold(choice[1]))

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        return queryset.filter(country=self.value()) if self.value() else queryset


# French writes the hour "11 h 04", as the site and the back office's other dates do (jfa/formats).
_SHORT_MOMENTS = {"fr": "j N Y, G\u00a0\\h\u00a0i"}


def moment_column(field: str, description: _StrOrPromise) -> Callable[[Any, Model], str]:
    """An admin method that shows a date and time on one short line in the campaign's time zone,
    the way the staff member's language abbreviates it ("12 Dec. 2026, 11:04", "12 déc. 2026,
    11 h 04") instead of "Dec. 12, 2026, 11:04 a.m.", which took a list column three lines.

    Assign it like :func:`money_column`."""

    @admin.display(description=description, ordering=field)
    def column(model_admin: Any, obj: Model) -> str:
        value = getattr(obj, field)
        pattern = _SHORT_MOMENTS.get((get_language() or "en")[:2], "j N Y, H:i")
        return date_format(timezone.localtime(value), pattern) if value else "—"

    return column


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Queued side effects: staff look here for emails that failed after every retry."""

    list_display = ["name", "queued", "runs_after", "attempts", "done", "last_error"]
    list_filter = ["name", moment_filter("done_at", title=_("status"), happened=_("Done"), pending=_("To do"))]
    search_fields = ["name", "last_error"]
    readonly_fields = [f.name for f in Task._meta.fields]
    # Three times on one short line each, so the list fits a laptop in French too.
    queued = moment_column("created_at", Task._meta.get_field("created_at").verbose_name)
    runs_after = moment_column("run_after", Task._meta.get_field("run_after").verbose_name)
    done = moment_column("done_at", Task._meta.get_field("done_at").verbose_name)

    # A task is queued by the action whose side effect it is; a row typed by hand would name no
    # work a worker knows. Staff may delete one that keeps failing.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class CountryMenus:
    """For ModelAdmins: every country field (the ones ``validate_country`` guards) is a menu of
    countries named in the staff member's language, not a box for a two-letter code."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if validate_country in getattr(db_field, "validators", ()):
            return CountryField(
                label=capfirst(db_field.verbose_name),
                required=not db_field.blank,
                help_text=db_field.help_text,
                choices=CountryChoices(blank="—" if db_field.blank else None),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


def money_column(
    field: str, description: _StrOrPromise, *, currency_field: str = "currency"
) -> Callable[[Any, Model], str]:
    """An admin method that shows an integer minor-units field as money in the staff member's
    language ("CA$45.00", "45,00 $ CA") instead of "4500", sorted by the field itself.

    Assign it in a ModelAdmin's body (``amount = money_column("amount_minor", _("amount"))``) and
    name it in ``list_display`` or ``readonly_fields``.
    """

    @admin.display(description=description, ordering=field)
    def column(model_admin: Any, obj: Model) -> str:
        return Money(getattr(obj, field), getattr(obj, currency_field)).localized()

    return column


def _without_units(label: object) -> str:
    """ "amount (minor units)" -> "amount": the box takes an amount, not a count of cents."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", str(label))


class AmountsForm(forms.ModelForm):
    """An admin form in which staff type amounts as people write them ("30", "30.50", "30,50" in
    French) in the row's currency, while the model keeps integer minor units.

    ``money_fields`` maps each minor-units field to the field holding its currency; make a
    subclass per admin with :func:`amounts_form`.
    """

    money_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        for name, currency_field in self.money_fields.items():
            if name not in self.fields:
                continue
            model_field = self.fields[name]
            self.fields[name] = forms.CharField(
                label=_without_units(model_field.label),
                required=model_field.required,
                help_text=model_field.help_text,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            value = self.initial.get(name)
            currency = self.initial.get(currency_field) or getattr(self.instance, currency_field, None)
            if isinstance(value, int) and currency in CURRENCY_EXPONENTS:
                self.initial[name] = Money(value, currency).as_input(language=language)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, currency_field in self.money_fields.items():
            text = cleaned.get(name)
            if name not in self.fields or text in (None, ""):
                continue
            currency = cleaned.get(currency_field) or getattr(self.instance, currency_field, None)
            if not currency:
                # An amount is read in its currency: without one it cannot be read at all.
                self.add_error(name, _("Choose a currency for this amount."))
                continue
            try:
                cleaned[name] = parse_amount(text, currency).minor
            except MoneyError as error:
                self.add_error(name, str(error))
        return cleaned


def amounts_form(**money_fields: str) -> type[AmountsForm]:
    """``amounts_form(amount_minor="currency")``: an :class:`AmountsForm` for those fields."""
    return type("AmountsForm", (AmountsForm,), {"money_fields": money_fields})
