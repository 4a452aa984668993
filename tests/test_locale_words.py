"""Dates, changes, language names and capitalization in French and English."""

import datetime

import pytest

from briefgen.locale import Change, Formatter

FR = Formatter("fr")
EN = Formatter("en")


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        ("2024-11", "novembre 2024", "November 2024"),
        ("2024-11-18", "novembre 2024", "November 2024"),
        (datetime.date(2024, 11, 18), "novembre 2024", "November 2024"),
        # 2024-12-30 falls in week-year 2025: the pattern must use the calendar year.
        (datetime.date(2024, 12, 30), "décembre 2024", "December 2024"),
        ("2021-01", "janvier 2021", "January 2021"),
    ],
)
def test_month(value, fr, en):
    assert FR.month(value) == fr
    assert EN.month(value) == en


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        ("2024-11-18", "18 novembre 2024", "18 November 2024"),
        (datetime.date(2024, 11, 1), "1er novembre 2024", "1 November 2024"),
        (datetime.datetime(2024, 12, 30, 23, 59), "30 décembre 2024", "30 December 2024"),
        ("2024-02-02", "2 février 2024", "2 February 2024"),
    ],
)
def test_date(value, fr, en):
    assert FR.date(value) == fr
    assert EN.date(value) == en


@pytest.mark.parametrize("bad", ["2024-13", "2024-11-31", "Nov 2024", "2024/11/18", "20241118", "2024"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError, match="not an ISO date"):
        FR.date(bad)


@pytest.mark.parametrize("bad", ["2024-13", "2024-00", "2024"])
def test_bad_months_are_refused(bad):
    with pytest.raises(ValueError, match="not an ISO date"):
        EN.month(bad)


def test_a_date_must_be_a_date_or_text():
    with pytest.raises(TypeError, match="expected a date or ISO text, got int 2024"):
        FR.date(2024)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("novembre 2024", "Novembre 2024"),
        ("« novembre", "« Novembre"),
        ("1er novembre", "1er novembre"),
        ("été", "Été"),
        ("", ""),
    ],
)
def test_capitalize(text, expected):
    assert FR.capitalize(text) == expected


@pytest.mark.parametrize(
    ("pct", "decimals", "direction", "fr", "en"),
    [
        (50, None, "up", "50\u00a0%", "50%"),
        (-3, None, "down", "3\u00a0%", "3%"),
        (-3.25, 1, "down", "3,3\u00a0%", "3.3%"),
        (0, None, "flat", "0\u00a0%", "0%"),
        (0.04, 1, "flat", "0,0\u00a0%", "0.0%"),
        (-0.04, 1, "flat", "0,0\u00a0%", "0.0%"),
    ],
)
def test_change(pct, decimals, direction, fr, en):
    assert FR.change(pct, decimals) == Change(direction, fr)
    assert EN.change(pct, decimals) == Change(direction, en)


@pytest.mark.parametrize(
    ("pct", "decimals", "fr", "en"),
    [
        (50, None, "en hausse de 50\u00a0%", "up 50%"),
        (-3, None, "en baisse de 3\u00a0%", "down 3%"),
        (12.5, 0, "en hausse de 13\u00a0%", "up 13%"),
        (0, None, "stable", "unchanged"),
        (-0.04, 1, "stable", "unchanged"),
    ],
)
def test_change_phrase(pct, decimals, fr, en):
    assert FR.change_phrase(pct, decimals) == fr
    assert EN.change_phrase(pct, decimals) == en


def test_a_fall_never_shows_a_minus_sign():
    assert "-" not in FR.change_phrase(-3)
    assert "-" not in EN.change(-3).magnitude


@pytest.mark.parametrize(
    ("code", "fr", "en"),
    [("en", "anglais", "English"), ("fr", "français", "French"), ("zh", "chinois", "Chinese")],
)
def test_language_name(code, fr, en):
    assert FR.language_name(code) == fr
    assert EN.language_name(code) == en


def test_unknown_language_code_is_refused():
    with pytest.raises(ValueError, match="unknown language code 'xx-nope'"):
        EN.language_name("xx-nope")


@pytest.mark.parametrize("lang, stated, expected", [
    ("fr", "2024-11/2024-12", "novembre – décembre 2024"),
    ("en", "2024-11/2024-12", "November – December 2024"),
    ("en", "2023-11/2024-02", "November 2023 – February 2024"),
    ("fr", "2024-11-01/2024-11-03", "1er – 3 novembre 2024"),
    ("de", "2024-11-12/2024-11-13", "12. – 13. November 2024"),
    ("fr", "2017", "2017"),
    ("fr", "2024-11-18", "18 novembre 2024"),
])
def test_a_stated_publication_date_keeps_its_precision_and_says_a_shared_year_once(lang, stated, expected):
    assert Formatter(lang).stated(stated) == expected
