"""Money as integer minor units with an ISO 4217 currency. Never a float.

Every amount in the system is a :class:`Money` or a pair of columns (``*_minor`` integer plus
``currency``). Parsing from user input goes through :func:`parse_amount`, which refuses anything
that is not an exact number of minor units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Currencies the campaign accepts, with their minor-unit exponent (ISO 4217).
CURRENCY_EXPONENTS: dict[str, int] = {"USD": 2, "CAD": 2}
CURRENCY_SYMBOLS: dict[str, str] = {"USD": "US$", "CAD": "CA$"}
# French writes the symbol after the amount, with a space: 1 234,50 $ CA.
# No-break spaces: an amount never wraps inside its currency sign ("14 264,00 $" / "US").
CURRENCY_SYMBOLS_FR: dict[str, str] = {"USD": "$\u00a0US", "CAD": "$\u00a0CA"}
CURRENCY_CHOICES = [(code, code) for code in CURRENCY_EXPONENTS]


class MoneyError(ValueError):
    """An amount that cannot be represented exactly, or two currencies mixed."""


@dataclass(frozen=True, slots=True)
class Money:
    minor: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise MoneyError(f"minor units must be an int, got {type(self.minor).__name__}")
        if self.currency not in CURRENCY_EXPONENTS:
            raise MoneyError(f"unsupported currency {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise MoneyError(f"cannot mix {self.currency} with {getattr(other, 'currency', other)}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS[self.currency]

    def as_decimal(self) -> Decimal:
        return Decimal(self.minor).scaleb(-self.exponent)

    def format(self, *, symbol: bool = True, language: str = "en", cents: bool = True) -> str:
        """'CA$1,234.50' in English, '1 234,50 $ CA' in French; done on integers, no float anywhere.

        ``cents=False`` drops a zero fractional part ('CA$50' rather than 'CA$50.00').
        """
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**self.exponent)
        french = language.startswith("fr")
        text = f"{whole:,}".replace(",", "\u202f" if french else ",")
        if self.exponent and (cents or frac):
            text += ("," if french else ".") + str(frac).zfill(self.exponent)
        if not symbol:
            return f"{sign}{text} {self.currency}"
        if french:
            return f"{sign}{text}\u00a0{CURRENCY_SYMBOLS_FR[self.currency]}"
        return f"{sign}{CURRENCY_SYMBOLS[self.currency]}{text}"

    def localized(self) -> str:
        """The amount as the active language writes it: for pages, admin names and pictures."""
        return self.format(language=get_language() or "en")

    def as_input(self, *, language: str = "en") -> str:
        """The amount as a person would type it back into a form: '500', '500.50' or '500,50'.

        No symbol and no grouping, so ``parse_amount`` reads it back exactly in either language.
        """
        whole, frac = divmod(abs(self.minor), 10**self.exponent)
        text = f"{'-' if self.minor < 0 else ''}{whole}"
        if frac:
            text += ("," if language.startswith("fr") else ".") + str(frac).zfill(self.exponent)
        return text

    def format_short(self, *, language: str = "en") -> str:
        """Whole units when there are no cents: 'CA$50' rather than 'CA$50.00'."""
        return self.format(language=language, cents=False)

    def __str__(self) -> str:
        return self.format()


_AMOUNT_RE = re.compile(r"^\d{1,12}(\.\d+)?$")
_TOO_LONG_RE = re.compile(r"^\d{13,}(\.\d+)?$")
# Spaces people (and French number formatting) put inside amounts, and the dollar sign.
_NOISE = str.maketrans("", "", " \u00a0\u202f\u2009$")
_CURRENCY_MARKS = {
    "CAD": (r"\bCAD\b", r"\bCA\s*\$", r"\$\s*CA\b"),
    "USD": (r"\bUSD\b", r"\bUS\s*\$", r"\$\s*US\b"),
}
_DECIMAL_COMMA_RE = re.compile(r"^\d+,\d{1,2}$")
_COMMA_GROUPS_RE = re.compile(r"^\d{1,3}(,\d{3})+$")
_GROUPED_RE = {",": re.compile(r"^\d{1,3}(,\d{3})*$"), ".": re.compile(r"^\d{1,3}(\.\d{3})*$")}


def _plain_number(raw: str, language: str) -> str:
    """The typed amount with "." as its only separator, or raise MoneyError if it is ambiguous.

    "1,000.25" and "1.000,25" are read by whichever separator comes last. A lone comma before one
    or two digits ("25,50") is a decimal comma in any language: stripping it would turn 25,50 into
    2550. A comma before groups of three ("1,000") groups thousands in English; in French it would
    be a decimal comma with three places, so it is refused rather than guessed, as is "1.000".
    """
    if "," in raw and "." in raw:
        decimal = "," if raw.rindex(",") > raw.rindex(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _separator, fraction = raw.rpartition(decimal)
        if not _GROUPED_RE[grouping].match(whole):
            raise MoneyError(_("Enter an amount as a number, such as 50 or 50.25."))
        return whole.replace(grouping, "") + "." + fraction
    if "," in raw:
        if _DECIMAL_COMMA_RE.match(raw):
            return raw.replace(",", ".")
        if _COMMA_GROUPS_RE.match(raw) and not language.startswith("fr"):
            return raw.replace(",", "")
        raise MoneyError(_("Enter an amount as a number, such as 50 or 50.25."))
    return raw


def parse_amount(text: str | int | Decimal, currency: str, *, language: str | None = None) -> Money:
    """Parse what a person typed ("50", "50.5", "1,000.25", "25,50", "$20") into exact minor units.

    ``language`` (default: the active one) only decides what "1,000" means. Refuses negative,
    non-numeric, ambiguous and over-precise input with a message fit to show that person.
    """
    if currency not in CURRENCY_EXPONENTS:
        raise MoneyError(_("We do not accept gifts in %(currency)s.") % {"currency": currency})
    raw = str(text).strip()
    # The marks we print ourselves ("CA$25", "25,00 $ CA", "25 CAD") are for this currency only:
    # "US$25" on a page in CAD stays unreadable rather than becoming CA$25.
    for mark in _CURRENCY_MARKS.get(currency, ()):
        raw = re.sub(mark, "", raw, flags=re.IGNORECASE)
    raw = raw.translate(_NOISE)
    if raw.startswith("-"):
        raise MoneyError(_("Enter an amount greater than zero."))
    raw = _plain_number(raw, language or get_language() or "en")
    if not _AMOUNT_RE.match(raw):
        if _TOO_LONG_RE.match(raw):
            # A number all the same: saying it is not one would puzzle whoever typed it.
            raise MoneyError(_("That amount is too large."))
        raise MoneyError(_("Enter an amount as a number, such as 50 or 50.25."))
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise MoneyError(_("Enter an amount as a number, such as 50 or 50.25.")) from None
    exponent = CURRENCY_EXPONENTS[currency]
    scaled = value.scaleb(exponent)
    # Counted as typed, zeros included: "1.000" is a thousand where dots group digits and one
    # dollar elsewhere, so more places than the currency has are refused, never rounded or guessed.
    if scaled != scaled.to_integral_value() or len(raw.partition(".")[2]) > exponent:
        raise MoneyError(
            _("%(currency)s amounts have at most %(places)d decimal places.")
            % {"currency": currency, "places": exponent}
        )
    return Money(int(scaled), currency)


def split_largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` minor units in proportion to ``weights`` so the parts sum to ``total``.

    Each part gets its floor share; the units left over go one each to the largest remainders
    (ties to the earlier weight), so no cent is created or lost.
    """
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise MoneyError("weights must be non-negative with a positive sum")
    weight_sum = sum(weights)
    floors = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors
