"""What changed between two editions: figures added, revised and withdrawn.

A figure is one observation, known by its fact id and period. The previous
edition's figures come from its manifest when it was built here (so a value
corrected in the facts files since then shows as revised), otherwise from the
facts store as it stood at the previous edition's as-of date.

A manifest is a file like any input: anyone may have edited it. Its figures
are read back only when each is one a topic file could hold (a fact id, a
date for its period, a known unit and qualifier, a value within the facts'
own limits); any other record is skipped and said so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from briefgen.facts import FactStore, Observation
from briefgen.facts.dates import parse_partial_date
from briefgen.facts.record import shown, text_problem
from briefgen.facts.topics import FACT_ID, QUALIFIERS, UNITS  # the vocabulary topic files are read with
from briefgen.facts.validate import value_problem

RECORD_TEXT_LIMIT = 200
"""Most characters in a recorded figure's id, period, source or text value: ids and dates, never prose."""
_RECORD_KEYS = ("id", "period", "value", "unit", "qualifier", "source")


@dataclass(frozen=True)
class Figure:
    """One figure as an edition showed it."""

    fact_id: str
    period: str
    value: object
    unit: str
    qualifier: str
    source_id: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.fact_id, self.period)


@dataclass(frozen=True)
class Revision:
    """A figure whose value or qualifier differs from the previous edition's."""

    old: Figure
    new: Figure


@dataclass(frozen=True)
class Changes:
    """Differences between two editions, each list in fact-id order."""

    added: tuple[Figure, ...]
    revised: tuple[Revision, ...]
    withdrawn: tuple[Figure, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.revised or self.withdrawn)


def figure_of(obs: Observation) -> Figure:
    return Figure(obs.fact_id, obs.period, obs.value, obs.unit, obs.qualifier, obs.source_id)


def figures_of(store: FactStore, published_by: datetime.date | None = None) -> tuple[Figure, ...]:
    """Every figure the store shows, in fact-id then period order; only those published by `published_by` if given."""
    return tuple(figure_of(obs) for fact_id in sorted(store.fact_ids()) for obs in store.series(fact_id)
                 if published_by is None or obs.published <= published_by)


def to_records(figures: tuple[Figure, ...]) -> list[dict]:
    """Figures as plain dicts for the manifest."""
    return [{"id": f.fact_id, "period": f.period, "value": f.value, "unit": f.unit, "qualifier": f.qualifier,
             "source": f.source_id} for f in figures]


def from_records(records: list) -> tuple[tuple[Figure, ...], list[str]]:
    """Figures read back from a manifest, and why each record that is not a valid figure was skipped."""
    figures, problems = [], []
    for index, record in enumerate(records):
        problem = record_problem(record)
        if problem is None:
            figures.append(Figure(*(record[key] for key in _RECORD_KEYS)))
        else:
            problems.append(f"figures[{index}]: {problem}")
    return tuple(figures), problems


def record_problem(record: object) -> str | None:
    """Why `record` is not a figure as `to_records` writes it, or None when it is one."""
    if not isinstance(record, dict):
        return f"{shown(record)} is not a mapping"
    missing = [key for key in _RECORD_KEYS if key not in record]
    if missing:
        return f"{', '.join(missing)} missing"
    for key in ("id", "period", "source"):
        text = record[key]
        if not isinstance(text, str) or not 0 < len(text) <= RECORD_TEXT_LIMIT:
            return f"{key} {shown(text)} is not a text of 1 to {RECORD_TEXT_LIMIT} characters"
        problem = text_problem(text)
        if problem is not None:
            return f"{key} {problem}"
    if not FACT_ID.fullmatch(record["id"]):
        return f"id {shown(record['id'])} is not a fact id"
    if parse_partial_date(record["period"]) is None:
        return f"period {shown(record['period'])} is not a date"
    if not isinstance(record["unit"], str) or record["unit"] not in UNITS:
        return f"unit {shown(record['unit'])} is unknown"
    if record["qualifier"] not in QUALIFIERS:
        return f"qualifier {shown(record['qualifier'])} is unknown"
    value = record["value"]
    if isinstance(value, str) and len(value) > RECORD_TEXT_LIMIT:
        return f"value {shown(value)} is longer than {RECORD_TEXT_LIMIT} characters"
    problem = value_problem(record["unit"], value)
    return None if problem is None else f"value {problem}"


def compare(before: tuple[Figure, ...], after: tuple[Figure, ...]) -> Changes:
    """The changes from `before` to `after`."""
    old = {f.key: f for f in before}
    new = {f.key: f for f in after}
    added = tuple(new[k] for k in sorted(new.keys() - old.keys()))
    withdrawn = tuple(old[k] for k in sorted(old.keys() - new.keys()))
    revised = tuple(Revision(old[k], new[k]) for k in sorted(old.keys() & new.keys())
                    if (old[k].value, old[k].unit, old[k].qualifier) != (new[k].value, new[k].unit, new[k].qualifier))
    return Changes(added, revised, withdrawn)
