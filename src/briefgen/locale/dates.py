"""Years, months and days in words, from date objects or ISO 8601 text."""

from __future__ import annotations

import datetime
import re
from babel import Locale
from babel.dates import format_date

from briefgen.locale.glossary import Words

DateLike = datetime.date | str

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _from_text(value: str, pattern: re.Pattern) -> datetime.date:
    """The date `value` names in `pattern`'s precision (the first day for a month)."""
    match = pattern.fullmatch(value)
    if match is not None:
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]) if pattern is _DAY else 1)
        except ValueError:
            pass
    raise ValueError(f"not an ISO date: {value!r}")


def parse_month(value: DateLike) -> datetime.date:
    """The first day of the month named by a date or by "YYYY-MM" / "YYYY-MM-DD" text."""
    if isinstance(value, str) and _MONTH.fullmatch(value):
        return _from_text(value, _MONTH)
    return parse_day(value).replace(day=1)


def parse_day(value: DateLike) -> datetime.date:
    """The date named by a date or by "YYYY-MM-DD" text (a datetime gives its date)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return _from_text(value, _DAY)
    raise TypeError(f"expected a date or ISO text, got {type(value).__name__} {value!r}")


def month_text(locale: Locale, value: DateLike) -> str:
    """"novembre 2024" / "November 2024" (pattern "MMMM y": y is the calendar year, YYYY would be the week year)."""
    return format_date(parse_month(value), "MMMM y", locale=locale)


def day_text(locale: Locale, words: Words, value: DateLike) -> str:
    """"18 novembre 2024" / "18 November 2024"; French writes the first "1er novembre 2024"."""
    day = parse_day(value)
    return format_date(day, words.first_day_pattern if day.day == 1 else words.date_pattern, locale=locale)


def iso_text(locale: Locale, words: Words, value: DateLike) -> str:
    """An ISO date at the precision it was given: "1992", "novembre 1992", "18 novembre 1992"."""
    if isinstance(value, str) and _YEAR.fullmatch(value):
        return value
    if isinstance(value, str) and _MONTH.fullmatch(value):
        return month_text(locale, value)
    return day_text(locale, words, value)


def span_ends(first: str, last: str) -> tuple[str, str]:
    """Two written dates with the words they end alike kept on the last only.

    ("12 novembre 2024", "13 novembre 2024") gives ("12", "13 novembre 2024"),
    ("novembre 2024", "décembre 2024") ("novembre", "décembre 2024"); dates
    with nothing in common, or whose first would be left empty, are kept
    whole. Babel's intervals (CLDR) would abbreviate the month of a span of
    days ("12–13 nov. 2024"), which running text does not do.
    """
    head, tail = first.split(" "), last.split(" ")
    shared = 0
    while shared < len(head) - 1 and shared < len(tail) and head[-1 - shared] == tail[-1 - shared]:
        shared += 1
    return (" ".join(head[: len(head) - shared]) if shared else first), last


def stated_span(locale: Locale, words: Words, stated: str) -> tuple[str, str] | None:
    """A span of dates "first/last" (a publication date, a period) as its two written ends; None for one date."""
    if "/" not in stated:
        return None
    first, last = stated.split("/", 1)
    return span_ends(iso_text(locale, words, first), iso_text(locale, words, last))


def stated_text(locale: Locale, words: Words, stated: str) -> str:
    """A publication date at the precision the source states: "2017", "novembre 2024", "18 novembre 2024",
    or a span "novembre – décembre 2024"."""
    ends = stated_span(locale, words, stated)
    return iso_text(locale, words, stated) if ends is None else " \u2013 ".join(ends)
