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
