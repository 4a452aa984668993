"""Read a number as English or French write it: digits with their separators, number words, scales, fractions.

Why by hand around Babel and text2num: a figure in an article is a run of
characters whose exact span matters (the quote is verbatim), so the run is
found here and only its value is left to `babel.numbers.parse_decimal`
(separators of the language) and `text_to_num.text2num` (number words).
"""

from __future__ import annotations

import re
from decimal import Decimal

# Digits with thousands separators of each language, or plain digits with an optional decimal part.
# English groups with commas (and the no-break spaces some sites use); French with an ordinary,
# no-break (U+00A0) or narrow no-break (U+202F) space, or a dot. A dot followed by exactly three
# digits in French is read as a thousands separator, since French decimals take a comma.
_GROUPED = {
    "en": r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?:\.\d+)?",
    "fr": r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d{1,3}(?:\.\d{3})+(?!,?\d)",
}
_PLAIN = {"en": r"\d+(?:\.\d+)?", "fr": r"\d+(?:,\d+)?"}

DIGITS = {lang: re.compile(rf"(?<![\d.,])(?:{_GROUPED[lang]}|{_PLAIN[lang]})(?![\d])") for lang in _GROUPED}
"""A number written in digits, per language; its match is the exact run of the text."""

_WORDS = {
    "en": ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
           "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"),
    "fr": ("deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt vingts "
           "trente quarante cinquante soixante cent cents"),
}
# "one"/"un"/"une" alone are left out: they are far more often an article or a pronoun than a count.
# "and" joins only after "hundred" (two hundred and five); "et" only before un or onze (vingt et un).
_JOINERS = {"en": r"(?:-|\s|(?<=hundred)\sand\s)", "fr": r"(?:-|\s|[\s-]et[\s-](?=(?:une?|onze)\b))"}
_ONE = {"en": "one", "fr": "une?"}


def _word_pattern(lang: str) -> re.Pattern:
    word = "|".join(sorted(_WORDS[lang].split(), key=len, reverse=True))
    unit = rf"(?:{word}|{_ONE[lang]})"
    return re.compile(rf"\b(?:{_ONE[lang]}{_JOINERS[lang]}(?=(?:{word})\b))?(?:{word})(?:{_JOINERS[lang]}{unit})*\b",
                      re.IGNORECASE)


NUMBER_WORDS = {lang: _word_pattern(lang) for lang in _WORDS}
"""A run of number words ("nine", "twenty-five", "deux cent trente"), per language."""

SCALES = {
    "en": {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12},
    "fr": {"mille": 10**3, "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
           "billion": 10**12, "billions": 10**12},
}
"""Scale words after a number; French "billion" is 10^12, as French uses it."""

_DENOMINATORS = {
    "en": {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
           "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10},
    "fr": {"moitié": 2, "tiers": 3, "quart": 4, "quarts": 4, "cinquième": 5, "cinquièmes": 5, "sixième": 6,
           "sixièmes": 6, "huitième": 8, "huitièmes": 8, "dixième": 10, "dixièmes": 10},
}
_NUMERATORS = {
    "en": {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9},
    "fr": {"la": 1, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "neuf": 9},
}
_OF = {"en": r"\s+of\b", "fr": r"\s+(?:de|des|du|d[’'])"}


def _fraction_pattern(lang: str) -> re.Pattern:
    numerator = "|".join(_NUMERATORS[lang])
    denominator = "|".join(sorted(_DENOMINATORS[lang], key=len, reverse=True))
    return re.compile(rf"\b(?P<num>{numerator})[\s-](?P<den>{denominator})(?={_OF[lang]})", re.IGNORECASE)


FRACTIONS = {lang: _fraction_pattern(lang) for lang in _DENOMINATORS}
"""A fraction of a whole ("one fifth of", "un cinquième d'", "half of" as "a half"): a share."""
HALF = {"en": re.compile(r"\bhalf(?=\s+(?:of|the)\b)", re.IGNORECASE),
        "fr": re.compile(r"\b(?:la\s+)?moitié(?=\s+(?:de|des|du|d[’']))", re.IGNORECASE)}


_ORDINAL_WORDS = {
    "en": {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
           "ninth": 9, "tenth": 10},
    "fr": {"premier": 1, "première": 1, "premiere": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3,
           "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10},
}
ORDINAL_WORDS = {lang: re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)
                 for lang, words in _ORDINAL_WORDS.items()}
"""An ordinal written in words ("third", "troisième"), a rank only where a ranking is named beside it."""


def ordinal_value(text: str, lang: str) -> int:
    """The rank an ordinal word names: "third" → 3, "Première" → 1."""
    return _ORDINAL_WORDS[lang][text.lower()]


def digits_value(text: str, lang: str) -> Decimal:
    """The value of a run of digits that DIGITS matched in `lang`: "1 200" → 1200, "86,55" → 86.55."""
    from babel.numbers import parse_decimal

    if lang == "fr" and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    for space in ("\u00a0", "\u202f", " "):
        text = text.replace(space, "\u202f" if lang == "fr" else ",")
    return parse_decimal(text, locale=lang, strict=False)


def words_value(text: str, lang: str) -> int | None:
    """The value of a run of number words ("twenty-five", "quatre-vingt-dix"), None when it is no number."""
    from text_to_num import text2num

    try:
        return text2num(text.lower(), lang)
    except ValueError:
        return None


def fraction_percent(numerator: str, denominator: str, lang: str) -> Decimal:
    """A fraction as a percent: "one fifth" → 20, "a third" → 33.333333 (six decimals, the store's limit)."""
    value = Decimal(100 * _NUMERATORS[lang][numerator.lower()]) / _DENOMINATORS[lang][denominator.lower()]
    return value.quantize(Decimal("0.000001")).normalize()


def plain(value: Decimal) -> int | float:
    """A Decimal as the store writes it: an int when whole, else a float with the same digits."""
    return int(value) if value == value.to_integral_value() else float(value)
