"""Plain numbers, percentages, rounding, plurals and ordinals in French and English."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.errors import ConfigError
from briefgen.locale import Formatter

FR = Formatter("fr")
EN = Formatter("en")


def test_binding():
    assert (FR.lang, FR.tag, EN.lang, EN.tag) == ("fr", "fr-FR", "en", "en-GB")


def test_unknown_language_is_refused_as_a_config_error():
    with pytest.raises(ConfigError, match='^locale: language "it" has no house style: briefgen ships de, en, fr; '):
        Formatter("it")


@pytest.mark.parametrize(
    ("value", "decimals", "fr", "en"),
    [
        (86.55, None, "86,55", "86.55"),
        (180000, None, "180\u202f000", "180,000"),
        (2.0, None, "2", "2"),
        (2000, None, "2\u202f000", "2,000"),
        (180e9, None, "180\u202f000\u202f000\u202f000", "180,000,000,000"),
        (Decimal("86.50"), None, "86,50", "86.50"),
        (0.1, None, "0,1", "0.1"),
        (-3, None, "-3", "-3"),
        (1234567.891, None, "1\u202f234\u202f567,891", "1,234,567.891"),
        (2.5, 0, "3", "3"),
        (3.5, 0, "4", "4"),
        (0.125, 2, "0,13", "0.13"),
        (1.005, 2, "1,01", "1.01"),
        (-2.5, 0, "-3", "-3"),
        (-0.004, 2, "0,00", "0.00"),
        (-0.0, None, "0", "0"),
        (7, 2, "7,00", "7.00"),
        (86.55, 1, "86,6", "86.6"),
    ],
)
def test_number(value, decimals, fr, en):
    assert FR.number(value, decimals) == fr
    assert EN.number(value, decimals) == en


def test_number_is_never_rounded_silently():
    assert FR.number(0.123456789) == "0,123456789"
    assert EN.number(Decimal("12345678901234567890123456789.5")) == "12,345,678,901,234,567,890,123,456,789.5"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_number_refuses_non_finite_values(bad):
    with pytest.raises(ValueError, match="cannot write"):
        FR.number(bad)


def test_number_refuses_non_numbers():
    with pytest.raises(TypeError, match="expected a number, got bool True"):
        FR.number(True)
    with pytest.raises(TypeError, match="expected a number, got str '12'"):
        FR.number("12")


@pytest.mark.parametrize("decimals", [-1, 21, 10**6])
def test_decimals_outside_0_to_20_are_refused(decimals):
    with pytest.raises(ValueError, match=f"decimals must be from 0 to 20, got {decimals}"):
        FR.number(12, decimals)
    with pytest.raises(ValueError, match=f"decimals must be from 0 to 20, got {decimals}"):
        FR.money(12_000_000, "CNY", decimals)


def test_twenty_decimals_are_shown():
    assert FR.number(1.5, 20) == "1," + "5" + "0" * 19


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_reads_as_a_french_number(value):
    text = FR.number(value)
    assert "." not in text
    assert " " not in text


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(min_value=0, max_value=6))
def test_any_finite_float_rounds_to_exactly_the_decimals_asked(value, decimals):
    integer, point, fraction = EN.number(value, decimals).partition(".")
    assert (point, len(fraction)) == (("", 0) if decimals == 0 else (".", decimals))


@pytest.mark.parametrize(
    ("value", "decimals", "fr", "en"),
    [
        (86.55, None, "86,55\u00a0%", "86.55%"),
        (50, None, "50\u00a0%", "50%"),
        (12.345, 1, "12,3\u00a0%", "12.3%"),
        (12.35, 1, "12,4\u00a0%", "12.4%"),
        (-3, None, "-3\u00a0%", "-3%"),
    ],
)
def test_percent(value, decimals, fr, en):
    assert FR.percent(value, decimals) == fr
    assert EN.percent(value, decimals) == en


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [
        (0, "licorne", "unicorns"),
        (1, "licorne", "unicorn"),
        (1.5, "licorne", "unicorns"),
        (2, "licornes", "unicorns"),
        (1000000, "licornes", "unicorns"),
        (Decimal("1.0"), "licorne", "unicorns"),
    ],
)
def test_plural(n, fr, en):
    assert FR.plural(n, "licorne", "licornes") == fr
    assert EN.plural(n, "unicorn", "unicorns") == en


@pytest.mark.parametrize(
    ("n", "fr", "fr_feminine", "en"),
    [
        (1, "1er", "1re", "1st"),
        (2, "2e", "2e", "2nd"),
        (3, "3e", "3e", "3rd"),
        (4, "4e", "4e", "4th"),
        (11, "11e", "11e", "11th"),
        (12, "12e", "12e", "12th"),
        (13, "13e", "13e", "13th"),
        (20, "20e", "20e", "20th"),
        (21, "21e", "21e", "21st"),
        (22, "22e", "22e", "22nd"),
        (101, "101e", "101e", "101st"),
        (111, "111e", "111e", "111th"),
        (1000, "1\u202f000e", "1\u202f000e", "1,000th"),
    ],
)
def test_ordinal(n, fr, fr_feminine, en):
    assert FR.ordinal(n) == fr
    assert FR.ordinal(n, feminine=True) == fr_feminine
    assert EN.ordinal(n) == en
    assert EN.ordinal(n, feminine=True) == en


def test_ordinal_needs_an_integer():
    with pytest.raises(TypeError, match="an ordinal needs an integer, got float 1.0"):
        FR.ordinal(1.0)
