"""What changed between two editions: figures added, revised and withdrawn.

A figure is one observation, known by its fact id and period. The previous
edition's figures come from its manifest when it was built here (so a value
corrected in the facts files since then shows as revised), otherwise from the
facts store as it stood at the previous edition's as-of date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from briefgen.facts import FactStore, Observation


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


def from_records(records: list[dict]) -> tuple[Figure, ...]:
    """Figures read back from a manifest; records without the needed keys are skipped."""
    keys = ("id", "period", "value", "unit", "qualifier", "source")
    return tuple(Figure(*(r[k] for k in keys)) for r in records if isinstance(r, dict) and all(k in r for k in keys))


def compare(before: tuple[Figure, ...], after: tuple[Figure, ...]) -> Changes:
    """The changes from `before` to `after`."""
    old = {f.key: f for f in before}
    new = {f.key: f for f in after}
    added = tuple(new[k] for k in sorted(new.keys() - old.keys()))
    withdrawn = tuple(old[k] for k in sorted(old.keys() - new.keys()))
    revised = tuple(Revision(old[k], new[k]) for k in sorted(old.keys() & new.keys())
                    if (old[k].value, old[k].unit, old[k].qualifier) != (new[k].value, new[k].unit, new[k].qualifier))
    return Changes(added, revised, withdrawn)
