"""The Formatter: every locale-aware rendering of figures and words for one briefing language."""

from __future__ import annotations

import datetime
from pathlib import Path

from babel import Locale

from briefgen.locale import amounts, changes, dates, plurals, registry, typography
from briefgen.locale.glossary import Noun
from briefgen.locale.numbers import Number, format_number, rounded, to_decimal
from briefgen.vocabulary import BABEL_UNITS, CURRENCIES, QUALIFIERS, UNITS

# (value, unit) or (value, unit, decimals): a figure shown in brackets after another.
Converted = tuple[Number, str] | tuple[Number, str, int | None]


def _whole(value: Number, what: str) -> int:
    """`value` as an int, for figures that must be whole (2016.0 -> 2016)."""
    exact = to_decimal(value)
    if exact != exact.to_integral_value():
        raise ValueError(f"a {what} must be a whole number, got {value!r}")
    return int(exact)


class Formatter:
    """Writes numbers, amounts, dates and plurals as a careful writer of one language would.

    Bound to one language's house style: the shipped style.toml of `lang`
    ("fr": Babel locale fr_FR, "en": en_GB, "de": de_DE), with the keys of
    `locale_dir/<lang>/style.toml` over it when the project has one. A
    language that is unknown or incomplete raises a ConfigError naming the
    first problem (see `registry.language_problems`). Every method is a pure
    function of its arguments: no process-wide locale is read or set, and
    Babel data is looked up once per locale and cached. `decimals` None
    always means "the decimals the stored value has": nothing is rounded
    unless asked, and then half-up.
    """

    def __init__(self, lang: str, locale_dir: Path | None = None):
        self._words = registry.words(lang, locale_dir)
        self.lang = lang
        self.locale_dir = locale_dir
        self._locale = Locale.parse(self._words.locale)
        self.tag = self._words.tag

    def __repr__(self) -> str:
        if self.locale_dir is None:
            return f"Formatter({self.lang!r})"
        return f"Formatter({self.lang!r}, {str(self.locale_dir)!r})"

    # Numbers

    def number(self, value: Number, decimals: int | None = None) -> str:
        """A plain number: "86,55", "180 000" (U+202F) / "86.55", "180,000"; never scaled."""
        return format_number(rounded(to_decimal(value), decimals), self._locale)

    def percent(self, value: Number, decimals: int | None = None) -> str:
        """A value in percent units: "86,55 %" (U+00A0 before %) / "86.55%"."""
        suffix = self._locale.percent_formats[None].suffix[0]
        return self.number(value, decimals) + suffix

    def plural(self, n: Number, one: str, other: str) -> str:
        """`one` or `other` as CLDR rules choose for `n` as written (French 0 and 1,5 are singular)."""
        return plurals.plural(self._locale, to_decimal(n), one, other)

    def ordinal(self, n: int, feminine: bool = False) -> str:
        """"1er", "1re", "20e" / "1st", "2nd", "3rd", "11th", "21st"."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"an ordinal needs an integer, got {type(n).__name__} {n!r}")
        return self.number(n) + plurals.ordinal_suffix(self._locale, self._words.ordinal_suffixes, n, feminine)

    def ordinal_suffixes(self) -> frozenset[str]:
        """The letters this language writes after an ordinal's number ("er", "re", "e" / "st", "nd", "rd", "th")."""
        return frozenset(form for forms in self._words.ordinal_suffixes.values() for form in forms
                         if form and form.isalpha())

    # Figures in words

    def qualifier(self, q: str) -> str:
        """The words before a figure: "plus de" / "more than"; "" for "exact"."""
        try:
            return self._words.qualifiers[q]
        except KeyError:
            raise ValueError(f"unknown qualifier {q!r}; known: {', '.join(QUALIFIERS)}") from None

    def _qualified(self, q: str, text: str) -> str:
        words = self.qualifier(q)
        return f"{words} {text}" if words else text

    def money(self, amount: Number, currency: str, decimals: int | None = None) -> str:
        """An amount in prose: "180 milliards de yuans", "1 milliard d’euros" / "180 billion yuan", "US$25.33 billion".

        From a million up a scale word is used (see `amounts.scale`); `decimals`
        then counts the decimals of the scaled number.
        """
        return amounts.money(self._locale, self._words, to_decimal(amount), currency, decimals)

    def count(self, n: Number, one: str, other: str, qualifier: str = "exact") -> str:
        """A count of things in running text: "cinq ministères", "17 licornes" / "more than 3,000 achievements".

        A count the house style has a word for (`count_words`: two to nine in
        French, one to nine in English) is written in words, as a careful
        writer and most sources write it; tables and key figures keep digits.
        Otherwise U+00A0 joins the number and the noun in French, and from a
        million up a scale word is used when exact ("2 millions de visiteurs").
        """
        value = to_decimal(n)
        word = self._words.count_words.get(int(value)) if value == value.to_integral_value() else None
        if word is not None:
            return self._qualified(qualifier, f"{word} {plurals.plural(self._locale, value, one, other)}")
        text = amounts.counted(self._locale, self._words, value, Noun(one, other), None)
        return self._qualified(qualifier, text)

    def quantity(
        self,
        value: Number | str | datetime.date,
        unit: str,
        qualifier: str = "exact",
        decimals: int | None = None,
        converted: Converted | None = None,
    ) -> str:
        """A whole figure as prose: qualifier, number, unit, and a converted figure in brackets.

        ("more_than", 2000, "mu", converted=(133.33, "ha")) gives "plus de 2 000 mu
        (133,33 hectares)". Units: see `vocabulary.UNITS`. "count" is a bare number (scaled
        from a million up), "percent" a percentage, "growth" a change in percent
        ("en hausse de 50 %"), CNY/USD/EUR money, "mu",
        "ha", "m2", "tonne" measures, "rank" an ordinal, "year" a year written
        without grouping, "date" ISO text at its own precision ("1992",
        "1992-11", "1992-11-18"). `decimals` is ignored by rank, year and date.
        """
        text = self._figure(value, unit, decimals)
        if converted is not None:
            text = f"{text} ({self._figure(*converted)})"
        return self._qualified(qualifier, text)

    def _figure(self, value: Number | str | datetime.date, unit: str, decimals: int | None = None) -> str:
        if unit == "date":
            return dates.iso_text(self._locale, self._words, value)
        if unit == "year":
            return self.year(value)
        if unit == "rank":
            return self.ordinal(_whole(value, "rank"))
        if unit == "percent":
            return self.percent(value, decimals)
        if unit == "growth":
            return self.change_phrase(value, decimals)
        if unit == "count":
            return amounts.counted(self._locale, self._words, to_decimal(value), None, decimals)
        if unit in CURRENCIES:
            return self.money(value, unit, decimals)
        if unit in self._words.units or unit in BABEL_UNITS:
            return amounts.measure(self._locale, self._words, to_decimal(value), unit, decimals)
        raise ValueError(f"unknown unit {unit!r}; known: {', '.join(sorted(UNITS))}")

    def change(self, pct: Number, decimals: int | None = None) -> changes.Change:
        """A percentage change as direction ("up", "down", "flat") and unsigned magnitude ("50 %")."""
        shown = rounded(to_decimal(pct), decimals)
        return changes.change(shown, self.percent)

    def change_phrase(self, pct: Number, decimals: int | None = None) -> str:
        """"en hausse de 50 %", "en baisse de 3 %", "stable" / "up 50%", "down 3%", "unchanged"."""
        result = self.change(pct, decimals)
        return self._words.changes[result.direction].format(percent=result.magnitude)

    # Dates

    def year(self, value: Number | str) -> str:
        """A year as written in prose: "2016", never grouped."""
        text = value if isinstance(value, str) else str(_whole(value, "year"))
        if not (text.isascii() and text.isdigit()):
            raise ValueError(f"not a year: {value!r}")
        return text

    def month(self, value: datetime.date | str) -> str:
        """"novembre 2024" / "November 2024" from a date or "YYYY-MM"."""
        return dates.month_text(self._locale, value)

    def date(self, value: datetime.date | str) -> str:
        """"18 novembre 2024", "1er novembre 2024" / "18 November 2024" from a date or "YYYY-MM-DD"."""
        return dates.day_text(self._locale, self._words, value)

    def stated(self, stated: str) -> str:
        """A publication date as its source states it: "2017", "novembre 2024", "novembre – décembre 2024"."""
        return dates.stated_text(self._locale, self._words, stated)

    def stated_span(self, stated: str) -> tuple[str, str] | None:
        """A span of dates "first/last" (a publication date, a period) as its two written ends ("novembre",
        "décembre 2024"); None for one date."""
        return dates.stated_span(self._locale, self._words, stated)

    def day_span(self, first: datetime.date | str, last: datetime.date | str) -> tuple[str, str]:
        """Two days as a sentence joins them: ("12", "13 novembre 2024"), ("30 novembre", "2 décembre 2024")."""
        return dates.span_ends(self.date(first), self.date(last))

    # Words and text

    def language_name(self, code: str) -> str:
        """The name of a language in this language, from CLDR: "anglais" / "English"."""
        try:
            return self._locale.languages[code]
        except KeyError:
            raise ValueError(f"unknown language code {code!r}") from None

    def capitalize(self, text: str) -> str:
        """`text` with its first letter upper-cased, for a sentence start ("Novembre 2024").

        Leading punctuation is skipped ("« novembre" -> "« Novembre"); text
        that starts with a digit is returned as is ("1er novembre").
        """
        for index, char in enumerate(text):
            if char.isalpha():
                return text[:index] + char.upper() + text[index + 1 :]
            if char.isdigit():
                break
        return text

    def typography(self, text: str) -> str:
        """Running-text typography: the rules the house style names (see `typography.typography`)."""
        return typography.typography(self._words.typography, text)

    def elide(self, word_before: str, next_word: str) -> str:
        """Two words joined, elided where the house style says: "de" + "euros" -> "d’euros"."""
        return typography.elide(self._words.elision, word_before, next_word)
