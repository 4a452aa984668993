"""Read a number as a language writes it: digits with their separators, number words, scales, fractions.

Why by hand around Babel and text2num: a figure in an article is a run of
characters whose exact span matters (the quote is verbatim), so the run is
found here and only its value is left to `babel.numbers.parse_decimal`
(separators of the language) and `text_to_num.text2num` (number words).
"""

from __future__ import annotations

import re
from decimal import Decimal

from briefgen.intake.words import PerLanguage, alternatives, compiled, key, of


def _digits(lang: str) -> re.Pattern:
    """Digits with the language's group separators, or plain digits with its decimal mark (Babel's)."""
    from babel.numbers import get_decimal_symbol

    words = of(lang)
    group = "[" + "".join(re.escape(separator) for separator in words["digits"]["group"]) + "]"
    decimal = re.escape(get_decimal_symbol(lang))
    grouped = rf"\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?"
    # A separator that is a group only in a number without decimals: "1.200" in French, not "1.200,5".
    for alone in words["digits"]["group_alone"]:
        grouped += rf"|\d{{1,3}}(?:{re.escape(alone)}\d{{3}})+(?!{decimal}?\d)"
    return re.compile(rf"(?<![\d.,])(?:{grouped}|\d+(?:{decimal}\d+)?)(?![\d])")


DIGITS = PerLanguage(_digits)
"""A number written in digits, per language; its match is the exact run of the text."""


def _word_pattern(lang: str) -> re.Pattern:
    """A run of number words; the joining word only beside the words that take it.

    After them with spaces ("two hundred and five"), or before them with
    spaces or hyphens ("vingt et un", "vingt-et-un"), as each language writes it.
    """
    table = of(lang)["number_words"]
    word = alternatives(table["words"])
    one = alternatives(table["one"])
    joiners = [r"-", r"\s"]
    if table["and_after"]:
        joiners += [rf"(?<={re.escape(after)})\s{re.escape(table['and'])}\s" for after in table["and_after"]]
    if table["and_before"]:
        joiners.append(rf"[\s-]{re.escape(table['and'])}[\s-](?=(?:{alternatives(table['and_before'])}))")
    joiner = "(?:" + "|".join(joiners) + ")"
    return re.compile(rf"\b(?:(?:{one}){joiner}(?=(?:{word})))?(?:{word})(?:{joiner}(?:{word}|{one}))*\b",
                      re.IGNORECASE)


NUMBER_WORDS = PerLanguage(_word_pattern)
"""A run of number words ("nine", "twenty-five", "deux cent trente"), per language."""

SCALES = PerLanguage(lambda lang: {word: 10 ** power for word, power in of(lang)["scales"].items()})
"""Scale words after a number and their value; French "billion" is 10^12, as French uses it."""


def _fraction_pattern(lang: str) -> re.Pattern:
    table = of(lang)["fractions"]
    return re.compile(rf"\b(?P<num>{alternatives(list(table['numerators']))})[\s-]"
                      rf"(?P<den>{alternatives(list(table['denominators']))})(?=\s+(?:{alternatives(table['of'])}))",
                      re.IGNORECASE)


FRACTIONS = PerLanguage(_fraction_pattern)
"""A fraction of a whole ("one fifth of", "un cinquième d'", "half of" as "a half"): a share."""
HALF = compiled(lambda words: rf"\b(?:{alternatives(words['fractions']['half'])})"
                              rf"(?=\s+(?:{alternatives(words['fractions']['half_before'])}))")
"""Half of a whole without a numerator: "half of", "la moitié des"."""

ORDINAL_WORDS = compiled(lambda words: rf"\b(?:{alternatives(list(words['ordinal_words']))})")
"""An ordinal written in words ("third", "troisième"), a rank only where a ranking is named beside it."""


ONE_SCALED = compiled(lambda words: rf"\b(?:{alternatives(words['number_words']['one'])})"
                                    rf"(?=\s+(?:{alternatives(list(words['scales']))}))")
"""One before a scale word ("un million", "one billion"): the number a scale multiplies."""

ROUND_NUMBERS = compiled(lambda words: rf"\b(?:{alternatives(words['round_numbers']['articles'])})\s+"
                                       rf"(?P<noun>{alternatives(list(words['round_numbers']['values']))})")
"""A noun of a round number after its article ("une centaine", "a dozen"): about that many."""


def round_value(noun: str, lang: str) -> int:
    """The number a round-number noun names: "centaine" → 100."""
    return of(lang)["round_numbers"]["values"][key(noun)]


def ordinal_value(text: str, lang: str) -> int:
    """The rank an ordinal word names: "third" → 3, "Première" → 1."""
    return of(lang)["ordinal_words"][key(text)]


def digits_value(text: str, lang: str) -> Decimal:
    """The value of a run of digits that DIGITS matched in `lang`: "1 200" → 1200, "86,55" → 86.55."""
    from babel.numbers import get_group_symbol, parse_decimal

    separators = of(lang)["digits"]
    for alone in separators["group_alone"]:
        if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(alone)}\d{{3}})+", text):
            text = text.replace(alone, "")
    for separator in separators["group"]:
        text = text.replace(separator, get_group_symbol(lang))
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
    table = of(lang)["fractions"]
    value = Decimal(100 * table["numerators"][key(numerator)]) / table["denominators"][key(denominator)]
    return value.quantize(Decimal("0.000001")).normalize()


def plain(value: Decimal) -> int | float:
    """A Decimal as the store writes it: an int when whole, else a float with the same digits."""
    return int(value) if value == value.to_integral_value() else float(value)
