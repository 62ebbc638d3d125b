"""Countries offered in forms (ISO 3166-1 alpha-2), names translatable."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

COUNTRIES: dict[str, "StrOrPromise"] = {
    "US": _("United States"),
    "CA": _("Canada"),
    "AU": _("Australia"),
    "BE": _("Belgium"),
    "BO": _("Bolivia"),
    "BR": _("Brazil"),
    "CH": _("Switzerland"),
    "DE": _("Germany"),
    "DO": _("Dominican Republic"),
    "ES": _("Spain"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "GH": _("Ghana"),
    "GT": _("Guatemala"),
    "HT": _("Haiti"),
    "IE": _("Ireland"),
    "IN": _("India"),
    "IT": _("Italy"),
    "JP": _("Japan"),
    "KE": _("Kenya"),
    "KH": _("Cambodia"),
    "KR": _("South Korea"),
    "MX": _("Mexico"),
    "NG": _("Nigeria"),
    "NL": _("Netherlands"),
    "NO": _("Norway"),
    "NZ": _("New Zealand"),
    "PH": _("Philippines"),
    "SE": _("Sweden"),
    "SG": _("Singapore"),
    "TH": _("Thailand"),
    "UG": _("Uganda"),
    "ZA": _("South Africa"),
}
COUNTRY_CHOICES = [(code, name) for code, name in COUNTRIES.items()]


def country_name(code: str) -> str:
    return str(COUNTRIES.get(code, code))
