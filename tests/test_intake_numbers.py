"""Numbers as English and French write them: separators, decimal marks, number words, scales, fractions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefgen.intake import numbers


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("1,200", "en", 1200), ("1,500", "en", 1500), ("86.55", "en", Decimal("86.55")), ("5,509", "en", 5509),
    ("1 200", "fr", 1200), ("1\u00a0200", "fr", 1200), ("1\u202f200", "fr", 1200), ("10\u202f000", "fr", 10000),
    ("86,55", "fr", Decimal("86.55")), ("1.200", "fr", 1200), ("133,33", "fr", Decimal("133.33")),
])
def test_digits_are_read_with_the_separators_of_their_language(text, lang, value):
    match = numbers.DIGITS[lang].fullmatch(text)
    assert match is not None
    assert numbers.digits_value(match.group(), lang) == value


def test_a_year_beside_a_number_is_not_glued_to_it_by_a_french_space():
    found = [m.group() for m in numbers.DIGITS["fr"].finditer("En 2023 250 entreprises, dont 2 100 ici")]
    assert found == ["2023", "250", "2 100"]


def test_an_english_list_of_numbers_is_not_read_as_thousands():
    assert [m.group() for m in numbers.DIGITS["en"].finditer("from 80 in 2019 to 20")] == ["80", "2019", "20"]


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("nine", "en", 9), ("twenty-five", "en", 25), ("two hundred and five", "en", 205), ("seven", "en", 7),
    ("neuf", "fr", 9), ("sept", "fr", 7), ("quatre-vingt-dix", "fr", 90), ("vingt et un", "fr", 21),
    ("deux cent trente", "fr", 230),
])
def test_number_words_are_read(text, lang, value):
    match = numbers.NUMBER_WORDS[lang].search(text)
    assert match is not None and match.group() == text
    assert numbers.words_value(match.group(), lang) == value


def test_one_and_un_alone_are_no_count():
    assert numbers.NUMBER_WORDS["en"].search("one of the nation's parks") is None
    assert numbers.NUMBER_WORDS["fr"].search("un parc industriel") is None


def test_two_numbers_in_a_row_stay_two():
    found = [m.group() for m in numbers.NUMBER_WORDS["en"].finditer("six major projects and two tasks")]
    assert found == ["six", "two"]


@pytest.mark.parametrize(("text", "lang", "percent"), [
    ("one fifth of the firms", "en", 20), ("a quarter of them", "en", 25), ("un cinquième d’investissements", "fr", 20),
    ("deux tiers des entreprises", "fr", Decimal("66.666667")),
])
def test_fractions_are_shares_in_percent(text, lang, percent):
    match = numbers.FRACTIONS[lang].search(text)
    assert match is not None
    assert numbers.fraction_percent(match["num"], match["den"], lang) == percent


def test_a_fraction_needs_what_it_is_a_fraction_of():
    assert numbers.FRACTIONS["en"].search("the first half") is None
    assert numbers.HALF["en"].search("in the first half") is None
    assert numbers.HALF["en"].search("half of the employees") is not None


def test_the_french_billion_is_a_million_millions():
    assert numbers.SCALES["fr"]["billion"] == 10**12 and numbers.SCALES["en"]["billion"] == 10**9
    assert numbers.SCALES["fr"]["milliards"] == 10**9


def test_plain_keeps_whole_numbers_whole():
    assert numbers.plain(Decimal("18") * 10**9) == 18000000000 and isinstance(numbers.plain(Decimal("2E+1")), int)
    assert numbers.plain(Decimal("86.55")) == 86.55
