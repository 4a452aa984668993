"""Find what dates a figure in English or French text: years, spans of years, days and months, "last year".

A temporal expression is either the period of a figure near it or, when its
clause states nothing else, a figure itself (unit `year` or `date`): that
choice is the proposal builder's. This module only finds them and reads their value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "en": {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
           "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
           "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12},
    "fr": {"janvier": 1, "janv": 1, "février": 2, "févr": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6,
           "juillet": 7, "juil": 7, "août": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
           "novembre": 11, "nov": 11, "décembre": 12, "déc": 12},
}
# English month names are capitalised (so "may" the verb is no month); French ones are not.
_MONTH = {lang: "|".join(sorted(names, key=len, reverse=True)) for lang, names in _MONTHS.items()}
_EN_MONTH = rf"(?P<month>(?:{_MONTH['en'].title()}))\.?"
_FR_MONTH = rf"(?P<month>(?i:{_MONTH['fr']}))\.?"
_YEAR = r"(?:18|19|20)\d\d"

_DATES = {
    "en": [
        re.compile(rf"\b{_EN_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*(?:and|to|-|–)\s*(?P<day2>\d{{1,2}})\b)?"
                   rf"(?:,?\s+(?P<year>{_YEAR})\b)?"),
        re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_EN_MONTH}(?:,?\s+(?P<year>{_YEAR}))?\b"),
        re.compile(rf"\b{_EN_MONTH}\s+(?:of\s+)?(?P<year>{_YEAR})\b"),
        re.compile(rf"\b{_EN_MONTH}(?!\w)"),
    ],
    "fr": [
        re.compile(rf"\b(?P<day>\d{{1,2}}|1er)(?:\s*(?:et|au|-|–)\s*(?P<day2>\d{{1,2}}))?\s+{_FR_MONTH}"
                   rf"(?:\s+(?P<year>{_YEAR}))?\b"),
        re.compile(rf"\b{_FR_MONTH}\s+(?P<year>{_YEAR})\b"),
        re.compile(rf"(?i:\b(?:en|depuis|dès|fin|début|mi-|d[’']ici)\s*){_FR_MONTH}(?!\w)"),
    ],
}
_END_OF_YEAR = {
    "en": re.compile(rf"\bthe\s+end\s+of\s+(?:this\s+year|the\s+year|(?P<year>{_YEAR}))\b", re.IGNORECASE),
    "fr": re.compile(rf"\bfin\s+(?:(?P<year>{_YEAR})|de\s+l[’']année|de\s+cette\s+année)\b", re.IGNORECASE),
}
_RELATIVE = {
    "en": re.compile(r"\b(?P<which>this|last|next|past)\s+year\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:(?P<this>cette\s+année)|l[’'](?:année|an)\s+(?P<which>dernière|dernier|passée|passé|"
                     r"prochaine|prochain))\b", re.IGNORECASE),
}
_SHIFT = {"this": 0, "last": -1, "past": -1, "next": 1, "dernière": -1, "dernier": -1, "passée": -1, "passé": -1,
          "prochaine": 1, "prochain": 1}
SPAN = re.compile(rf"(?<![\d,.])(?P<first>{_YEAR})\s?[-–/]\s?(?P<last>\d{{4}}|\d{{2}})(?![\d])")
"""Two years joined by a dash or slash: "2021-25", "2021/22", "2025–2027"."""
ISO_DATE = re.compile(rf"(?<![\d,.])(?P<year>{_YEAR})-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>[0-3]\d))?(?![\d])")
YEAR = re.compile(rf"(?<![\d,.])(?P<year>{_YEAR})(?![\d]|[,.]\d)")
"""A year written alone; whether it is one (and not "2000 mu") the figure finder decides."""

# What a year stated for itself follows: "In 1994,", "as early as 2016", "créé en 2020", "dès 2016".
_YEAR_EVENT = {"en": re.compile(r"\b(?:in|since|as\s+early\s+as)\s+$", re.IGNORECASE),
               "fr": re.compile(r"\b(?:en|dès|depuis)\s+$", re.IGNORECASE)}


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
    for match in ISO_DATE.finditer(text):  # a header or a dateline, never a figure of the article
        add(Temporal(match.start(), match.end(), match.group(), None))
    for match in _END_OF_YEAR[lang].finditer(text):
        stated = match["year"]
        when = f"{stated or year}-12"
        add(Temporal(match.start(), match.end(), when, when, guessed=stated is None))
    for pattern in _DATES[lang]:
        for match in pattern.finditer(text):
            for item in _dates(match, lang, year):
                add(item)
    for match in _RELATIVE[lang].finditer(text):
        shift = 0 if match.groupdict().get("this") else _SHIFT[match["which"].lower()]
        add(Temporal(match.start(), match.end(), str(year + shift), None))
    return sorted(found, key=lambda item: item.start)


def _dates(match: re.Match, lang: str, year: int) -> list[Temporal]:
    month = _MONTHS[lang][match["month"].lower().rstrip(".")]
    groups = match.groupdict()
    stated = groups.get("year")
    when = int(stated or year)
    day = groups.get("day")
    if day is None:
        text = f"{when:04d}-{month:02d}"
        return [Temporal(match.start("month"), match.end(), text, text if stated else None, guessed=not stated)]
    first = f"{when:04d}-{month:02d}-{1 if day == '1er' else int(day):02d}"
    if not groups.get("day2"):
        return [Temporal(match.start(), match.end(), first, first, guessed=not stated)]
    second = f"{when:04d}-{month:02d}-{int(groups['day2']):02d}"
    return [Temporal(match.start(), match.end("day"), first, first, guessed=not stated),
            Temporal(match.start("day2"), match.end(), second, second, guessed=not stated)]


def year_of_event(text: str, start: int, lang: str) -> bool:
    """Whether the year at `start` follows what introduces a year stated for itself ("In 1994,", "créé en")."""
    return bool(_YEAR_EVENT[lang].search(text[max(0, start - 40):start]))
