"""Find what dates a figure in a text: years, spans of years, days and months, "last year".

A temporal expression is either the period of a figure near it or, when its
clause states nothing else, a figure itself (unit `year` or `date`): that
choice is the proposal builder's. This module only finds them and reads their value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.intake.numbers import words_value
from briefgen.intake.words import PerLanguage, alternatives, key, of

_YEAR = r"(?:18|19|20)\d\d"


def _month(lang: str, group: str = "month") -> str:
    """The month names of `lang`, as the named `group`; capitalised ones only as written ("May", not "may" the verb)."""
    words = of(lang)
    if words["dates"]["capitalised_months"]:
        return rf"(?P<{group}>(?:{alternatives([name.title() for name in words['months']])}))\.?"
    return rf"(?P<{group}>(?i:{alternatives(list(words['months']))}))\.?"


def _dates(lang: str) -> list[re.Pattern]:
    """The shapes of a date in `lang`, filled with its words.

    The order of day and month is the one thing words cannot say, so the two
    orders are written here: "November 18 and 19, 2024" (month_day, which
    also reads "18 November 2024") and "18 et 19 novembre 2024" (day_month).
    """
    dates = of(lang)["dates"]
    month = _month(lang)
    joiner = rf"(?:{alternatives(dates['day_joiners'])}|-|–)"
    if dates["order"] == "month_day":
        suffix = rf"(?:{alternatives(dates['day_suffixes'])})?" if dates["day_suffixes"] else ""
        month_of = rf"(?:(?:{alternatives(dates['month_of'])})\s+)?"
        return [
            re.compile(rf"\b{month}\s+(?P<day>\d{{1,2}}){suffix}\b(?:\s*{joiner}\s*(?P<day2>\d{{1,2}})\b)?"
                       rf"(?:,?\s+(?P<year>{_YEAR})\b)?"),
            re.compile(rf"\b(?P<day>\d{{1,2}})\s+{month}(?:,?\s+(?P<year>{_YEAR}))?\b"),
            re.compile(rf"\b{month}\s+{month_of}(?P<year>{_YEAR})\b"),
            re.compile(rf"\b{month}(?!\w)"),
        ]
    first = "".join(f"|{re.escape(word)}" for word in dates["first_day"])
    return [
        re.compile(rf"\b(?P<day>\d{{1,2}}{first})(?:\s*{joiner}\s*(?P<day2>\d{{1,2}}))?\s+{month}"
                   rf"(?:\s+(?P<year>{_YEAR}))?\b"),
        re.compile(rf"\b{month}\s+(?P<year>{_YEAR})\b"),
        re.compile(rf"(?i:\b(?:{alternatives(dates['month_introducers'])})\s*){month}(?!\w)"),
    ]


_DATES = PerLanguage(_dates)


def _end_of_year(lang: str) -> re.Pattern:
    years = of(lang)["years"]
    return re.compile(rf"\b(?:{alternatives(years['end_of_this_year'])}|(?:{alternatives(years['end_of'])})\s+"
                      rf"(?P<year>{_YEAR})\b)", re.IGNORECASE)


_END_OF_YEAR = PerLanguage(_end_of_year)
_RELATIVE = PerLanguage(lambda lang: re.compile(rf"\b(?P<which>{alternatives(list(of(lang)['years']['relative']))})",
                                                re.IGNORECASE))
"""A year named from the publication's: "last year", "l'an dernier"."""
def _year_to_date(lang: str) -> re.Pattern:
    """A part of a year from January: "the first seven months of 2024", "les trois premiers trimestres"."""
    table, years = of(lang)["year_to_date"], of(lang)["years"]
    count = r"(?P<count>\d{1,2}|[^\W\d_][\w-]*)"
    first, first_one = alternatives(table["first"]), alternatives(table["first_one"])
    unit = rf"(?P<unit>{alternatives(table['months'])}|{alternatives(table['quarters'])})"
    counted = (rf"(?:{first})\s+{count}\s+{unit}" if table["order"] == "first_count"
               else rf"{count}\s+(?:{first})\s+{unit}")
    part = rf"(?:{first_one})\s+(?P<part>{alternatives(list(table['parts']))})"
    year = rf"(?:(?P<year>{_YEAR})|(?P<which>{alternatives(list(years['relative']))}))"
    return re.compile(rf"\b(?:{counted}|{part})(?:\s+(?:(?:{alternatives(table['of'])})\s*)?{year})?", re.IGNORECASE)


_YEAR_TO_DATE = PerLanguage(_year_to_date)


def _month_range(lang: str) -> re.Pattern:
    """Two months joined as a span: "from January to June 2013", "de janvier à juin", "January-June"."""
    dates = of(lang)["dates"]
    flags = "" if dates["capitalised_months"] else "(?i)"  # "De janvier à juin" as well
    joined = rf"(?:\s+(?:{alternatives(dates['range_to'])})\s+|\s?[-–]\s?)"
    return re.compile(rf"{flags}\b(?:(?:{alternatives(dates['range_from'])})\s*)?{_month(lang, 'first')}{joined}"
                      rf"{_month(lang, 'last')}(?:,?\s+(?P<year>{_YEAR}))?\b")


_MONTH_RANGE = PerLanguage(_month_range)


def _months_to_date(match: re.Match, lang: str) -> int | None:
    """How many months from January the part `match` names; None when its count is no number from 1 to 12."""
    table = of(lang)["year_to_date"]
    if match["part"]:
        return table["parts"][key(match["part"])]
    written = match["count"]
    count = int(written) if written.isdigit() else words_value(written, lang)
    if count is None:
        return None
    per = 3 if key(match["unit"]) in map(key, table["quarters"]) else 1
    return count * per if 1 <= count * per <= 12 else None


SPAN = re.compile(rf"(?<![\d,.])(?P<first>{_YEAR})\s?[-–/]\s?(?P<last>\d{{4}}|\d{{2}})(?![\d])")
"""Two years joined by a dash or slash: "2021-25", "2021/22", "2025–2027"."""
ISO_DATE = re.compile(rf"(?<![\d,.])(?P<year>{_YEAR})-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>[0-3]\d))?(?![\d])")
YEAR = re.compile(rf"(?<![\d,.])(?P<year>{_YEAR})(?![\d]|[,.]\d)")
"""A year written alone; whether it is one (and not "2000 mu") the figure finder decides."""

# What a year stated for itself follows: "In 1994,", "as early as 2016", "créé en 2020", "dès 2016".
_YEAR_EVENT = PerLanguage(lambda lang: re.compile(rf"\b(?:{alternatives(of(lang)['years']['event_before'])})\s+$",
                                                  re.IGNORECASE))


@dataclass(frozen=True)
class Temporal:
    """A temporal expression at [start, end): the period it names and, when it can be a figure, its value.

    `period` is what an observation's period would be ("2019", "2021/2025",
    "2024-11"); `value` is the year (an int) or date (a text) a proposal
    would hold, None when it can only date a figure (a month without its
    year, "last year", a span). `guessed` is true when the year came from
    the publication, not from the text.
    """

    start: int
    end: int
    period: str
    value: int | str | None
    guessed: bool = False


def _span_years(match: re.Match) -> tuple[int, int] | None:
    first, last = int(match["first"]), match["last"]
    end = int(last) if len(last) == 4 else int(match["first"][:2] + last)
    return (first, end) if first < end <= first + 50 else None


def find_temporal(text: str, lang: str, year: int) -> list[Temporal]:
    """Every temporal expression of `text` but bare years, leftmost and longest first; `year` is the publication's."""
    found: list[Temporal] = []
    taken: list[tuple[int, int]] = []

    def add(item: Temporal) -> None:
        if not any(start < item.end and item.start < end for start, end in taken):
            found.append(item)
            taken.append((item.start, item.end))

    for match in SPAN.finditer(text):
        years = _span_years(match)
        if years is not None:
            add(Temporal(match.start(), match.end(), f"{years[0]}/{years[1]}", None))
    for match in _YEAR_TO_DATE[lang].finditer(text):
        months = _months_to_date(match, lang)
        if months is not None:
            if match["which"]:
                when, guessed = year + of(lang)["years"]["relative"][key(match["which"])], False
            else:
                when, guessed = int(match["year"] or year), match["year"] is None
            period = f"{when}-01/{when}-{months:02d}" if months < 12 else str(when)
            add(Temporal(match.start(), match.end(), period, None, guessed=guessed))
    for match in _MONTH_RANGE[lang].finditer(text):
        months = of(lang)["months"]
        first, last = (months[match[end].lower().rstrip(".")] for end in ("first", "last"))
        if first < last:
            when = int(match["year"] or year)
            add(Temporal(match.start(), match.end(), f"{when}-{first:02d}/{when}-{last:02d}", None,
                         guessed=match["year"] is None))
    for match in ISO_DATE.finditer(text):  # a header or a dateline, never a figure of the article
        add(Temporal(match.start(), match.end(), match.group(), None))
    for match in _END_OF_YEAR[lang].finditer(text):
        stated = match["year"]
        when = f"{stated or year}-12"
        add(Temporal(match.start(), match.end(), when, when, guessed=stated is None))
    for pattern in _DATES[lang]:
        for match in pattern.finditer(text):
            for item in _dated(match, lang, year):
                add(item)
    for match in _RELATIVE[lang].finditer(text):
        shift = of(lang)["years"]["relative"][key(match["which"])]
        add(Temporal(match.start(), match.end(), str(year + shift), None))
    return sorted(found, key=lambda item: item.start)


def _dated(match: re.Match, lang: str, year: int) -> list[Temporal]:
    month = of(lang)["months"][match["month"].lower().rstrip(".")]
    groups = match.groupdict()
    stated = groups.get("year")
    when = int(stated or year)
    day = groups.get("day")
    if day is None:
        text = f"{when:04d}-{month:02d}"
        return [Temporal(match.start("month"), match.end(), text, text if stated else None, guessed=not stated)]
    first = f"{when:04d}-{month:02d}-{int(day) if day.isdigit() else 1:02d}"
    if not groups.get("day2"):
        return [Temporal(match.start(), match.end(), first, first, guessed=not stated)]
    second = f"{when:04d}-{month:02d}-{int(groups['day2']):02d}"
    return [Temporal(match.start(), match.end("day"), first, first, guessed=not stated),
            Temporal(match.start("day2"), match.end(), second, second, guessed=not stated)]


def year_of_event(text: str, start: int, lang: str) -> bool:
    """Whether the year at `start` follows what introduces a year stated for itself ("In 1994,", "créé en")."""
    return bool(_YEAR_EVENT[lang].search(text[max(0, start - 40):start]))
