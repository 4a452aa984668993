"""Amounts in words: numbers with scale words, currencies and units of measure."""

from __future__ import annotations

import decimal
from decimal import Decimal

from babel import Locale
from babel.units import format_unit, get_unit_name

from briefgen.locale.glossary import Noun, Scale, Words
from briefgen.locale.numbers import decimals_of, format_number, number_pattern, rounded, trimmed, wide_context
from briefgen.locale.plurals import plural
from briefgen.locale.typography import elide
from briefgen.vocabulary import BABEL_UNITS

# With decimals=None a scale word is used only when it keeps the figure exact
# in at most this many decimals: 25 330 000 000 -> "25,33 milliards", but
# 1 234 567 stays "1 234 567" rather than "1,234567 million".
MAX_SCALED_DECIMALS = 2


def scale(value: Decimal, decimals: int | None, scales: tuple[Scale, ...]) -> tuple[Decimal, Scale | None]:
    """The number to display and the scale word that goes after it (None: no scale word).

    Scale words apply from a million up. With `decimals` None the largest
    scale that shows the value exactly (see MAX_SCALED_DECIMALS) is taken,
    else none. With `decimals` given, the largest scale not above the value is
    taken and the scaled number rounded half-up; a result that rounds up to
    1 000 moves to the next scale ("1 milliard", not "1 000 millions").
    """
    fitting = [s for s in scales if abs(value) >= Decimal(10) ** s.exponent]
    if decimals is None:
        for candidate in fitting:
            shown = trimmed(value.scaleb(-candidate.exponent, wide_context(value)))
            if decimals_of(shown) <= MAX_SCALED_DECIMALS:
                return rounded(shown), candidate
        return rounded(value), None
    if not fitting:
        return rounded(value, decimals), None
    index = scales.index(fitting[0])
    shown = rounded(value.scaleb(-fitting[0].exponent, wide_context(value)), decimals)
    if abs(shown) >= 1000 and index > 0:
        larger = scales[index - 1]
        return rounded(value.scaleb(-larger.exponent, wide_context(value)), decimals), larger
    return shown, fitting[0]


def _phrase(locale: Locale, words: Words, shown: Decimal, unit_scale: Scale | None, noun: Noun | None) -> str:
    """The displayed number, its scale word and its noun, each in the right number."""
    number = format_number(shown, locale)
    if unit_scale is None:
        return number if noun is None else f"{number}{words.space}{plural(locale, shown, noun.one, noun.other)}"
    text = f"{number}{words.space}{plural(locale, shown, unit_scale.noun.one, unit_scale.noun.other)}"
    if noun is None:
        return text
    # After a scale word the noun is always plural: "1 milliard de yuans", "1 million tonnes".
    return f"{text} {elide(words.elision, words.link, noun.other) if words.link else noun.other}"


def counted(locale: Locale, words: Words, value: Decimal, noun: Noun | None, decimals: int | None) -> str:
    """`value` in words, followed by `noun` in the right number when one is given.

    "9 licornes", "1,5 million d’habitants", "180 milliards de yuans"; with
    no noun, the bare figure ("10,37 millions", "3 000").
    """
    return _phrase(locale, words, *scale(value, decimals, words.scales), noun)


def money(locale: Locale, words: Words, value: Decimal, currency: str, decimals: int | None) -> str:
    """An amount of money in prose: "180 milliards de yuans", "US$25.33 billion", "€350,000"."""
    try:
        style = words.currencies[currency]
    except KeyError:
        raise ValueError(f"unknown currency {currency!r}; known: {', '.join(words.currencies)}") from None
    if not style.symbol:
        return counted(locale, words, value, style.noun, decimals)
    shown, unit_scale = scale(value, decimals, words.scales)
    sign = locale.number_symbols["latn"]["minusSign"] if shown < 0 else ""
    return f"{sign}{style.symbol}{_phrase(locale, words, shown.copy_abs(), unit_scale, None)}"


def measure(locale: Locale, words: Words, value: Decimal, unit: str, decimals: int | None) -> str:
    """A measurement in prose: "2 000 mu", "133,33 hectares", "5 millions de tonnes".

    Units known to CLDR ("ha", "m2", "tonne") are written with Babel's long
    unit form (en_GB: "tonnes", "square metres"), the house style's space
    after the number; the Chinese mu comes from the house style. Above a
    million, the scale word leads ("5 million tonnes").
    """
    if unit in words.units:
        return counted(locale, words, value, words.units[unit], decimals)
    babel_unit = BABEL_UNITS[unit]
    shown, unit_scale = scale(value, decimals, words.scales)
    if unit_scale is not None:
        noun = get_unit_name(babel_unit, length="long", locale=locale)
        return _phrase(locale, words, shown, unit_scale, Noun(noun, noun))
    pattern = number_pattern(str(locale), decimals_of(shown))
    with decimal.localcontext(wide_context(shown)):
        text = format_unit(shown, babel_unit, length="long", format=pattern, locale=locale)
        number = pattern.apply(shown, locale)
    # CLDR mixes spaces within a language (de: "1 Tonne" with U+00A0, "1,5 Hektar" without).
    if text.startswith(number) and text[len(number) : len(number) + 1].isspace():
        return number + words.space + text[len(number) + 1 :]
    return text
