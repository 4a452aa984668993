"""Money, measures, counts and whole figures in words, in French and English."""

import datetime

import pytest

from briefgen.locale import QUALIFIERS, UNITS, Formatter

FR = Formatter("fr")
EN = Formatter("en")


@pytest.mark.parametrize(
    ("amount", "currency", "decimals", "fr", "en"),
    [
        (180e9, "CNY", None, "180\u00a0milliards de yuans", "180 billion yuan"),
        (1e9, "CNY", None, "1\u00a0milliard de yuans", "1 billion yuan"),
        (1e9, "EUR", None, "1\u00a0milliard d’euros", "€1 billion"),
        (25.33e9, "USD", None, "25,33\u00a0milliards de dollars", "US$25.33 billion"),
        (7e9, "CNY", None, "7\u00a0milliards de yuans", "7 billion yuan"),
        (145.9e9, "CNY", None, "145,9\u00a0milliards de yuans", "145.9 billion yuan"),
        (5.6e9, "USD", None, "5,6\u00a0milliards de dollars", "US$5.6 billion"),
        (1.5e9, "CNY", None, "1,5\u00a0milliard de yuans", "1.5 billion yuan"),
        (1.6e12, "CNY", None, "1\u202f600\u00a0milliards de yuans", "1.6 trillion yuan"),
        (1e6, "EUR", None, "1\u00a0million d’euros", "€1 million"),
        (2.5e6, "EUR", None, "2,5\u00a0millions d’euros", "€2.5 million"),
        (350000, "CNY", None, "350\u202f000\u00a0yuans", "350,000 yuan"),
        (350000, "USD", None, "350\u202f000\u00a0dollars", "US$350,000"),
        (1, "CNY", None, "1\u00a0yuan", "1 yuan"),
        (0, "EUR", None, "0\u00a0euro", "€0"),
        (1234567, "CNY", None, "1\u202f234\u202f567\u00a0yuans", "1,234,567 yuan"),
        (1234567, "CNY", 1, "1,2\u00a0million de yuans", "1.2 million yuan"),
        (25.335e9, "USD", 2, "25,34\u00a0milliards de dollars", "US$25.34 billion"),
        (999_999_999, "EUR", 0, "1\u00a0milliard d’euros", "€1 billion"),
        (-3e9, "USD", None, "-3\u00a0milliards de dollars", "-US$3 billion"),
    ],
)
def test_money(amount, currency, decimals, fr, en):
    assert FR.money(amount, currency, decimals) == fr
    assert EN.money(amount, currency, decimals) == en


def test_one_billion_is_singular_in_french():
    assert "milliards" not in FR.money(1e9, "CNY")
    assert "milliards" not in FR.money(1.99e9, "CNY")


def test_unknown_currency_is_refused():
    with pytest.raises(ValueError, match="unknown currency 'GBP'; known: CNY, USD, EUR"):
        FR.money(1, "GBP")


@pytest.mark.parametrize(
    ("q", "fr", "en"),
    [
        ("exact", "", ""),
        ("about", "environ", "about"),
        ("nearly", "près de", "nearly"),
        ("more_than", "plus de", "more than"),
        ("at_least", "au moins", "at least"),
    ],
)
def test_qualifier(q, fr, en):
    assert FR.qualifier(q) == fr
    assert EN.qualifier(q) == en


def test_qualifiers_are_the_known_ones():
    assert QUALIFIERS == ("exact", "about", "nearly", "more_than", "at_least")


def test_unknown_qualifier_is_refused():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'; known: exact, about, nearly, more_than, at_least"):
        EN.qualifier("roughly")


@pytest.mark.parametrize(
    ("args", "kwargs", "fr", "en"),
    [
        (
            (2000, "mu", "more_than"),
            {"converted": (133.33, "ha")},
            "plus de 2\u202f000\u00a0mu (133,33\u00a0hectares)",
            "more than 2,000 mu (133.33 hectares)",
        ),
        (
            (180e9, "CNY", "more_than"),
            {"converted": (25.33e9, "USD")},
            "plus de 180\u00a0milliards de yuans (25,33\u00a0milliards de dollars)",
            "more than 180 billion yuan (US$25.33 billion)",
        ),
        (
            (2000, "mu"),
            {"converted": (2000 / 15, "ha", 1)},
            "2\u202f000\u00a0mu (133,3\u00a0hectares)",
            "2,000 mu (133.3 hectares)",
        ),
        ((9, "count"), {}, "9", "9"),
        ((3000, "count", "more_than"), {}, "plus de 3\u202f000", "more than 3,000"),
        ((10_370_000, "count", "about"), {}, "environ 10,37\u00a0millions", "about 10.37 million"),
        ((86.55, "percent"), {}, "86,55\u00a0%", "86.55%"),
        ((12.345, "percent", "nearly", 1), {}, "près de 12,3\u00a0%", "nearly 12.3%"),
        ((1, "ha"), {}, "1\u00a0hectare", "1 hectare"),
        ((1.5, "ha"), {}, "1,5\u00a0hectare", "1.5 hectares"),
        ((2e6, "ha"), {}, "2\u00a0millions d’hectares", "2 million hectares"),
        ((1, "m2"), {}, "1\u00a0mètre carré", "1 square metre"),
        ((45000, "m2", "at_least"), {}, "au moins 45\u202f000\u00a0mètres carrés", "at least 45,000 square metres"),
        ((2.5e6, "m2"), {}, "2,5\u00a0millions de mètres carrés", "2.5 million square metres"),
        ((1, "tonne"), {}, "1\u00a0tonne", "1 tonne"),
        ((0, "tonne"), {}, "0\u00a0tonne", "0 tonnes"),
        ((5000, "tonne"), {}, "5\u202f000\u00a0tonnes", "5,000 tonnes"),
        ((700e6, "tonne", "more_than"), {}, "plus de 700\u00a0millions de tonnes", "more than 700 million tonnes"),
        ((1, "mu"), {}, "1\u00a0mu", "1 mu"),
        ((1, "rank"), {}, "1er", "1st"),
        ((3.0, "rank"), {}, "3e", "3rd"),
        ((2016, "year"), {}, "2016", "2016"),
        ((2016.0, "year"), {}, "2016", "2016"),
        (("2016", "year"), {}, "2016", "2016"),
        (("1992", "date"), {}, "1992", "1992"),
        (("1992-11", "date"), {}, "novembre 1992", "November 1992"),
        (("1992-11-18", "date"), {}, "18 novembre 1992", "18 November 1992"),
        ((datetime.date(1992, 11, 1), "date"), {}, "1er novembre 1992", "1 November 1992"),
    ],
)
def test_quantity(args, kwargs, fr, en):
    assert FR.quantity(*args, **kwargs) == fr
    assert EN.quantity(*args, **kwargs) == en


def test_years_are_never_grouped():
    assert FR.quantity(12016, "year") == "12016"
    assert FR.year(2000) == "2000"
    assert EN.year(2000.0) == "2000"


@pytest.mark.parametrize("bad", [2016.5, "20 16", "MMXVI", -500])
def test_a_year_must_be_whole_digits(bad):
    with pytest.raises(ValueError):
        FR.year(bad)


def test_units_are_the_known_ones():
    assert UNITS == {"count", "percent", "growth", "CNY", "USD", "EUR", "mu", "ha", "m2", "tonne", "rank", "year", "date"}


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unknown unit 'km'; known: CNY, EUR, USD, count, date"):
        FR.quantity(3, "km")


def test_a_rank_must_be_whole():
    with pytest.raises(ValueError, match="a rank must be a whole number, got 2.5"):
        EN.quantity(2.5, "rank")


@pytest.mark.parametrize(
    ("n", "qualifier", "fr", "en"),
    [
        (9, "exact", "neuf licornes", "nine unicorns"),
        (1, "exact", "1\u00a0licorne", "one unicorn"),  # "un" or "une": the noun's gender decides
        (0, "exact", "0\u00a0licorne", "0 unicorns"),
        (2, "more_than", "plus de deux licornes", "more than two unicorns"),
        (10, "exact", "10\u00a0licornes", "10 unicorns"),
        (17, "exact", "17\u00a0licornes", "17 unicorns"),
        (2.5, "exact", "2,5\u00a0licornes", "2.5 unicorns"),
        (3000, "more_than", "plus de 3\u202f000\u00a0licornes", "more than 3,000 unicorns"),
        (2e6, "about", "environ 2\u00a0millions de licornes", "about 2 million unicorns"),
    ],
)
def test_count(n, qualifier, fr, en):
    assert FR.count(n, "licorne", "licornes", qualifier) == fr
    assert EN.count(n, "unicorn", "unicorns", qualifier) == en


def test_count_elides_after_a_scale_word():
    assert FR.count(1.2e6, "habitant", "habitants") == "1,2\u00a0million d’habitants"


def test_growth_reads_as_a_rise_or_a_fall():
    assert FR.quantity(50, "growth") == "en hausse de 50\u00a0%"
    assert FR.quantity(-3, "growth") == "en baisse de 3\u00a0%"
    assert EN.quantity(-3, "growth") == "down 3%"
