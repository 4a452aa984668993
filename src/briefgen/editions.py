"""The calendar of editions: which edition a month is, where its files go, and what an earlier one showed."""

from __future__ import annotations

import calendar
import datetime
import os
from pathlib import Path

from briefgen.changes import Figure, figures_of
from briefgen.errors import ConfigError
from briefgen.facts import FactStore
from briefgen.manifest import recorded_figures
from briefgen.narrative.assemble import Edition


def edition_for(period: datetime.date, as_of: datetime.date | None) -> Edition:
    """The edition of `period`: facts as of the month's last day unless told otherwise.

    The issue date is the first of the month, or the day of SOURCE_DATE_EPOCH
    when set, so rebuilding an edition gives the same files.
    """
    last_day = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            issued = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    else:
        issued = period
    return Edition(period=period, as_of=as_of or last_day, issued=issued)


def month_folder(out_dir: Path, period: datetime.date) -> Path:
    """The folder of a month's edition: out/2026-11."""
    return out_dir / f"{period.year:04d}-{period.month:02d}"


def output_path(out_dir: Path, period: datetime.date, briefing_id: str, lang: str, suffix: str) -> Path:
    """Where a file goes: out/2026-11/<briefing id>-2026-11-fr.pdf."""
    folder = month_folder(out_dir, period)
    return folder / f"{briefing_id}-{folder.name}-{lang}{suffix}"


def edition_figures(store: FactStore, out_dir: Path, period: datetime.date) -> tuple[Figure, ...]:
    """The figures of `period`'s edition: from its manifest when built here, else `store` as it stood then.

    `store` must see at least as far as that edition did (a later as-of date).
    """
    recorded = recorded_figures(month_folder(out_dir, period))
    return recorded if recorded is not None else figures_then(store, period)


def figures_then(store: FactStore, period: datetime.date) -> tuple[Figure, ...]:
    """The figures `period`'s edition would have shown built from `store` on its own as-of date."""
    return figures_of(store, published_by=edition_for(period, None).as_of)
