"""Dates as precise as a source states them: a day, a month, a year, or a span of two of these."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pandas as pd

# The shape is checked first so that pandas' lenient parsing ("Nov 2024",
# "20241118") cannot slip in; pandas then checks the calendar and gives the span.
_SHAPE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class PartialDate:
    """A stated date and the days it may stand for, from `start` to `end` inclusive."""

    text: str
    start: datetime.date
    end: datetime.date


def _one(text: str) -> tuple[datetime.date, datetime.date]:
    if not _SHAPE.fullmatch(text):
        raise ValueError(text)
    try:
        period = pd.Period(text)
    except ValueError as error:  # pandas' DateParseError and OutOfBoundsDatetime are ValueErrors
        raise ValueError(text) from error
    return period.start_time.date(), period.end_time.date()


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
