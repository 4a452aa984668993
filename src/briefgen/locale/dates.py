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
