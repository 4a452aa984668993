"""Dates as precise as a source states them: a day, a month, a year, or a span of two of these."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

# Only these shapes are dates: no "Nov 2024", no "20241118".
_SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """A stated date and the days it may stand for, from `start` to `end` inclusive."""

    text: str
    start: datetime.date
    end: datetime.date


def _one(text: str) -> tuple[datetime.date, datetime.date]:
    shape = _SHAPE.fullmatch(text)
    if not shape:
        raise ValueError(text)
    year, month, day = (int(part) if part else None for part in shape.groups())
    if month is None:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    elif day is None:
        if not 1 <= month <= 12:
            raise ValueError(text)
        start = datetime.date(year, month, 1)
        end = start.replace(day=calendar.monthrange(year, month)[1])
    else:
        start = end = datetime.date(year, month, day)  # a ValueError for a day the calendar does not have
    return start, end


def parse_partial_date(value: object) -> PartialDate | None:
    """Read "2024", "2024-11", "2024-11-18" or a span "2024-11/2024-12"; None if it is none of these.

    YAML turns an unquoted 2024-11-18 into a date and 2024 into a number; both
    are accepted as the day or year they are.
    """
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return PartialDate(value.isoformat(), value, value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return _parse_text(value)


@functools.lru_cache(maxsize=4096)
def _parse_text(value: str) -> PartialDate | None:
    """`parse_partial_date` of a text, once per distinct text: a store repeats few periods many times."""
    try:
        if "/" in value:
            first, last = value.split("/", 1)
            start, _ = _one(first)
            _, end = _one(last)
            if end < start:
                return None
        else:
            start, end = _one(value)
    except ValueError:
        return None
    return PartialDate(value, start, end)
