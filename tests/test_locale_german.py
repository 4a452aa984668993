"""German house style: figures, dates, changes, typography and UI strings."""

import datetime

import pytest

from briefgen.locale import Change, Formatter, translations

DE = Formatter("de")
NBSP = "\u00a0"


def test_binding():
    assert (DE.lang, DE.tag) == ("de", "de-DE")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (86.55, None, "86,55"),
        (1500, None, "1.500"),
        (180e9, None, "180.000.000.000"),
        (1234567.891, None, "1.234.567,891"),
        (2.5, 0, "3"),
        (-3, None, "-3"),
    ],
)
def test_number(value, decimals, expected):
    assert DE.number(value, decimals) == expected


def test_percent_takes_a_no_break_space():
    assert DE.percent(86.55) == f"86,55{NBSP}%"
    assert DE.percent(12.35, 1) == f"12,4{NBSP}%"


@pytest.mark.parametrize(
    ("amount", "currency", "decimals", "expected"),
    [
        (1.5e9, "EUR", None, f"1,5{NBSP}Milliarden Euro"),
        (1e9, "EUR", None, f"1{NBSP}Milliarde Euro"),
        (18e9, "CNY", None, f"18{NBSP}Milliarden Yuan"),
        (5.6e9, "USD", None, f"5,6{NBSP}Milliarden US-Dollar"),
        (25.335e9, "USD", 2, f"25,34{NBSP}Milliarden US-Dollar"),
        (1.6e12, "CNY", None, f"1,6{NBSP}Billionen Yuan"),
        (1e6, "EUR", None, f"1{NBSP}Million Euro"),
        (2.5e6, "EUR", None, f"2,5{NBSP}Millionen Euro"),
        (350000, "USD", None, f"350.000{NBSP}US-Dollar"),
        (1, "EUR", None, f"1{NBSP}Euro"),
        (999_999_999, "EUR", 0, f"1{NBSP}Milliarde Euro"),
        (-3e9, "USD", None, f"-3{NBSP}Milliarden US-Dollar"),
    ],
)
def test_money(amount, currency, decimals, expected):
    assert DE.money(amount, currency, decimals) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [("exact", ""), ("about", "etwa"), ("nearly", "fast"), ("more_than", "mehr als"), ("at_least", "mindestens")],
)
def test_qualifier(q, expected):
    assert DE.qualifier(q) == expected


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((2e6, "count"), {}, f"2{NBSP}Millionen"),
        ((10_370_000, "count", "about"), {}, f"etwa 10,37{NBSP}Millionen"),
        ((3000, "count", "more_than"), {}, "mehr als 3.000"),
        ((12.345, "percent", "nearly", 1), {}, f"fast 12,3{NBSP}%"),
        (
            (180e9, "CNY", "more_than"),
            {"converted": (25.33e9, "USD")},
            f"mehr als 180{NBSP}Milliarden Yuan (25,33{NBSP}Milliarden US-Dollar)",
        ),
        ((2000, "mu", "more_than"), {"converted": (133.33, "ha")}, f"mehr als 2.000{NBSP}Mu (133,33{NBSP}Hektar)"),
        # CLDR writes "1,5 Hektar" with a plain space but "1 Tonne" with U+00A0: the house space is used for both.
        ((1.5, "ha"), {}, f"1,5{NBSP}Hektar"),
        ((45000, "m2", "at_least"), {}, f"mindestens 45.000{NBSP}Quadratmeter"),
        ((1, "tonne"), {}, f"1{NBSP}Tonne"),
        ((5000, "tonne"), {}, f"5.000{NBSP}Tonnen"),
        ((700e6, "tonne", "more_than"), {}, f"mehr als 700{NBSP}Millionen Tonnen"),
        ((2e6, "ha"), {}, f"2{NBSP}Millionen Hektar"),
        ((20, "rank"), {}, "20."),
        ((2016, "year"), {}, "2016"),
        (("1992-11", "date"), {}, "November 1992"),
        ((datetime.date(2026, 12, 1), "date"), {}, "1. Dezember 2026"),
        ((50, "growth"), {}, f"plus 50{NBSP}%"),
        ((-3, "growth"), {}, f"minus 3{NBSP}%"),
    ],
)
def test_quantity(args, kwargs, expected):
    assert DE.quantity(*args, **kwargs) == expected


@pytest.mark.parametrize(("n", "expected"), [(1, "1."), (2, "2."), (20, "20."), (101, "101."), (1000, "1.000.")])
def test_ordinal_is_a_dot(n, expected):
    assert DE.ordinal(n) == expected
    assert DE.ordinal(n, feminine=True) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, f"0{NBSP}Einhörner"),
        (1, f"1{NBSP}Einhorn"),
        (2, "zwei Einhörner"),
        (12, "zwölf Einhörner"),
        (13, f"13{NBSP}Einhörner"),
        (2e6, f"2{NBSP}Millionen Einhörner"),
    ],
)
def test_count(n, expected):
    assert DE.count(n, "Einhorn", "Einhörner") == expected


def test_dates():
    assert DE.date("2024-11-18") == "18. November 2024"
    assert DE.date(datetime.date(2026, 12, 1)) == "1. Dezember 2026"
    assert DE.month("2026-12") == "Dezember 2026"
    assert DE.month(datetime.date(2024, 12, 30)) == "Dezember 2024"


@pytest.mark.parametrize(
    ("pct", "decimals", "phrase", "change"),
    [
        (50, None, f"plus 50{NBSP}%", Change("up", f"50{NBSP}%")),
        (-3, None, f"minus 3{NBSP}%", Change("down", f"3{NBSP}%")),
        (-0.04, 1, "unverändert", Change("flat", f"0,0{NBSP}%")),
    ],
)
def test_change(pct, decimals, phrase, change):
    assert DE.change_phrase(pct, decimals) == phrase
    assert DE.change(pct, decimals) == change


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qingdao's Hafen", "Qingdao’s Hafen"),
        ("Warum? Darum: so", "Warum? Darum: so"),
        ("„Zitat“ und « nicht »", "„Zitat“ und « nicht »"),
        ("siehe https://example.org/it's", "siehe https://example.org/it's"),
    ],
)
def test_typography_only_curls_apostrophes(text, expected):
    assert DE.typography(text) == expected


def test_german_does_not_elide():
    assert DE.elide("de", "euros") == "de euros"


def test_language_names_and_capitals():
    assert DE.language_name("en") == "Englisch"
    assert DE.capitalize(DE.change_phrase(50)) == f"Plus 50{NBSP}%"


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Contents", "Inhalt"),
        ("Sources", "Quellen"),
        ("Notes", "Anmerkungen"),
        ("Figure", "Abbildung"),
        ("Table", "Tabelle"),
        ("Source", "Quelle"),
        ("Key figures", "Kennzahlen"),
        ("Language", "Sprache"),
        ("Edition of", "Ausgabe vom"),
    ],
)
def test_ui_strings(msgid, expected):
    assert translations("de").gettext(msgid) == expected


def test_ui_strings_fill_in():
    german = translations("de")
    assert german.gettext("Page {page} of {total}").format(page=2, total=9) == "Seite 2 von 9"
    assert german.ngettext("{n} point", "{n} points", 1).format(n=1) == f"1{NBSP}Prozentpunkt"
    assert german.ngettext("{n} place lost", "{n} places lost", 3).format(n=3) == f"3{NBSP}Plätze verloren"
    assert german.gettext("Edition of") + " " + DE.date("2024-11-18") == "Ausgabe vom 18. November 2024"
