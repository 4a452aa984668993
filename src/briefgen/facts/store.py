"""The validated facts as seen on one date: lookups by fact id and, for exports, a pandas table of observations.

pandas is imported only when the table is asked for (`facts list`): a build
looks facts up by id and never needs it.
"""

from __future__ import annotations

import dataclasses
import datetime
from types import MappingProxyType
from typing import Iterable, Mapping

from briefgen.errors import FactsError
from briefgen.facts.model import Fact, Name, Observation, RateTable, Source, Statement

FRAME_COLUMNS = (
    "id", "topic", "entity", "period", "value", "unit", "qualifier", "status",
    "source", "published", "quote", "converted_value", "converted_unit", "note",
)  # fmt: skip
"""The frame's columns, followed by one `label_<lang>` column per language the labels are given in."""


class FactStore:
    """Facts, sources and names as they read on `as_of` (everything when `as_of` is None).

    Observations published after `as_of`, and `also` quotes from sources
    published after it, are hidden, as are those sources: a past edition
    rebuilds exactly as it read then. Every fact id stays known, so a template
    naming a fact that has nothing published yet drops its sentence instead of
    failing. Names are reference data and are all kept.
    """

    def __init__(
        self,
        facts: Iterable[Fact],
        sources: Mapping[str, Source],
        names: Mapping[str, Name],
        rates: RateTable | None,
        as_of: datetime.date | None = None,
        statements: Iterable[Statement] = (),
    ):
        self._as_of = as_of
        visible_sources = {k: s for k, s in sources.items() if as_of is None or s.published <= as_of}
        self._sources = MappingProxyType(visible_sources)
        everything = len(visible_sources) == len(sources)  # nothing to hide: the facts as they are
        self._facts = {f.id: f if everything else _as_seen(f, visible_sources) for f in facts}
        self._names = MappingProxyType(dict(names))
        self._statements = {s.id: s for s in statements}
        self._rates = rates
        self._frame = None

    @property
    def as_of(self) -> datetime.date | None:
        """The date the store is seen on; None means everything is visible."""
        return self._as_of

    @property
    def sources(self) -> Mapping[str, Source]:
        """Sources published by `as_of`, by id."""
        return self._sources

    @property
    def names(self) -> Mapping[str, Name]:
        """Named companies, programmes, institutions and places, by id."""
        return self._names

    @property
    def rates(self) -> RateTable | None:
        """The reference exchange rates; None when the store has no rates.yaml."""
        return self._rates

    @property
    def frame(self):
        """A pandas DataFrame, one row per visible observation (FRAME_COLUMNS, then label_<lang>); a copy."""
        if self._frame is None:
            self._frame = _frame(self._facts.values())
        return self._frame.copy()

    def observation_count(self) -> int:
        """How many observations are visible."""
        return sum(len(f.observations) for f in self._facts.values())

    def statement_ids(self) -> tuple[str, ...]:
        """Every statement id in the store, published by `as_of` or not, in file order."""
        return tuple(self._statements)

    def statement(self, statement_id: str) -> Statement | None:
        """The statement, or None when its source is not published by `as_of` (a FactsError if unknown)."""
        try:
            statement = self._statements[statement_id]
        except KeyError:
            raise FactsError(f"unknown statement {statement_id}") from None
        if statement.source_id not in self._sources:
            return None
        return dataclasses.replace(statement, also=tuple(q for q in statement.also if q.source_id in self._sources))

    def fact_ids(self) -> tuple[str, ...]:
        """Every fact id in the store, visible observations or not, in file order."""
        return tuple(self._facts)

    def topics(self) -> tuple[str, ...]:
        """The topics that have facts, sorted."""
        return tuple(sorted({f.topic for f in self._facts.values()}))

    def facts(self, topic: str | None = None) -> tuple[Fact, ...]:
        """The facts of `topic` (all facts when None), in file order, with their visible observations."""
        return tuple(f for f in self._facts.values() if topic is None or f.topic == topic)

    def fact(self, fact_id: str) -> Fact:
        """The fact with its visible observations; a FactsError names an unknown id."""
        try:
            return self._facts[fact_id]
        except KeyError:
            raise FactsError(f"unknown fact {fact_id}") from None

    def series(self, fact_id: str) -> tuple[Observation, ...]:
        """The visible observations of `fact_id`, oldest period first (empty when none)."""
        return self.fact(fact_id).observations

    def latest(self, fact_id: str) -> Observation | None:
        """The visible observation with the latest period; None when nothing is published by `as_of`."""
        series = self.series(fact_id)
        return series[-1] if series else None

    def has(self, fact_id: str) -> bool:
        """Whether `fact_id` has at least one visible observation (False for an unknown id)."""
        return fact_id in self._facts and bool(self._facts[fact_id].observations)


def _as_seen(fact: Fact, sources: Mapping[str, Source]) -> Fact:
    observations = tuple(
        dataclasses.replace(o, also=tuple(q for q in o.also if q.source_id in sources))
        for o in fact.observations
        if o.source_id in sources
    )
    return dataclasses.replace(fact, observations=observations)


def _frame(facts: Iterable[Fact]):
    import pandas as pd

    facts = tuple(facts)
    languages = sorted({lang for fact in facts for lang in fact.label})
    rows = [
        (
            o.fact_id, o.topic, o.entity, o.period, o.value, o.unit, o.qualifier, o.status,
            o.source_id, o.published, o.quote,
            o.converted.value if o.converted else None, o.converted.unit if o.converted else None,
            o.note, *(fact.label.get(lang) for lang in languages),
        )  # fmt: skip
        for fact in facts
        for o in fact.observations
    ]
    # object columns keep values as written (ints stay ints, dates stay dates),
    # so exports print 920 and not 920.0
    columns = [*FRAME_COLUMNS, *(f"label_{lang}" for lang in languages)]
    return pd.DataFrame(rows, columns=columns, dtype=object)
