import pytest
from hypothesis import given
from hypothesis import strategies as st

from jfa.core.money import Money, MoneyError, parse_amount, split_largest_remainder


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("50", 5000), ("50.5", 5050), ("50.25", 5025), ("1,000.25", 100025), ("$20", 2000), (" 7 ", 700), ("0.01", 1)],
)
def test_parse_amount_reads_what_people_type(typed, minor):
    assert parse_amount(typed, "USD") == Money(minor, "USD")


@pytest.mark.parametrize("typed", ["-5", "abc", "1e3", "12.345", "", "5..0", "NaN", "Infinity", "1/2", "10.000001"])
def test_parse_amount_refuses_what_is_not_an_exact_amount(typed):
    with pytest.raises(MoneyError):
        parse_amount(typed, "USD")


@pytest.mark.parametrize("typed", ["10000000000000", "99999999999999999999999", "1,000,000,000,000,000.00"])
def test_parse_amount_says_a_huge_amount_is_too_large_not_that_it_is_no_number(typed):
    with pytest.raises(MoneyError, match="That amount is too large"):
        parse_amount(typed, "USD", language="en")


@pytest.mark.parametrize(
    ("typed", "language", "minor"),
    [
        # A decimal comma is a decimal comma, in any language: never 25,50 read as 2,550.
        ("25,50", "fr", 2550),
        ("25,5", "fr", 2550),
        ("25,50", "en", 2550),
        ("1\u00a0000,50", "fr", 100050),
        ("1\u202f000,50 $", "fr", 100050),
        ("1 000", "fr", 100000),
        ("1.000,50", "fr", 100050),
        ("1,000.50", "fr", 100050),
        ("1,000", "en", 100000),
        ("12,345,678", "en", 1234567800),
        ("CA$25", "en", 2500),
        ("25,00 $ CA", "fr", 2500),
        ("25 cad", "en", 2500),
    ],
)
def test_parse_amount_reads_decimal_commas_and_grouping(typed, language, minor):
    assert parse_amount(typed, "CAD", language=language) == Money(minor, "CAD")


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("1,000", "fr"),  # a thousand, or one with three decimals? Asked, never guessed.
        ("1,0000", "en"),
        ("1,00,000", "en"),
        ("25,50,1", "fr"),
        ("1.00,5", "fr"),
        ("1,00.5", "en"),
        ("25,", "fr"),
        (",50", "fr"),
        ("1.000", "en"),  # a thousand where dots group digits, one dollar elsewhere
        ("1.000", "fr"),
        ("12.500.000", "en"),
        ("US$25", "en"),  # another currency's mark is not quietly dropped
        ("25 USD", "fr"),
    ],
)
def test_parse_amount_refuses_ambiguous_separators(typed, language):
    with pytest.raises(MoneyError):
        parse_amount(typed, "CAD", language=language)


def test_parse_amount_refuses_an_unknown_currency():
    with pytest.raises(MoneyError):
        parse_amount("10", "EUR")


def test_money_refuses_floats_and_mixed_currencies():
    with pytest.raises(MoneyError):
        Money(10.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        Money(100, "USD") + Money(100, "CAD")


def test_money_formats_with_grouping_and_sign():
    assert Money(123456789, "CAD").format() == "CA$1,234,567.89"
    assert Money(-5, "USD").format() == "-US$0.05"
    assert Money(5000, "USD").format_short() == "US$50"
    assert Money(5050, "USD").format_short() == "US$50.50"


def test_money_is_written_the_french_way_in_french():
    assert Money(112150, "CAD").format(language="fr") == "1\u202f121,50\u00a0$\u00a0CA"
    assert Money(5000, "USD").format_short(language="fr") == "50\u00a0$\u00a0US"


def test_split_gives_every_cent_to_someone():
    assert split_largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    assert split_largest_remainder(1001, [50, 30, 20]) == [501, 300, 200]


@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12),
)
def test_split_always_sums_to_the_whole(total, weights):
    if sum(weights) == 0:
        with pytest.raises(MoneyError):
            split_largest_remainder(total, weights)
        return
    parts = split_largest_remainder(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)


@pytest.mark.parametrize("language", ["en", "fr"])
@given(minor=st.integers(min_value=1, max_value=10**12))
def test_an_amount_written_for_a_form_reads_back_exactly(language, minor):
    money = Money(minor, "CAD")
    typed = money.as_input(language=language)
    assert parse_amount(typed, "CAD", language=language) == money
    assert parse_amount(money.format(language=language), "CAD", language=language) == money
