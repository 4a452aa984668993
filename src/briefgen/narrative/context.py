"""What templates see of the facts store: `facts.park.companies` and friends.

Templates name facts and statements by their dotted id as attributes. An id that the store
does not know is an error at render time (the template and line are added by
the environment). A fact that exists but has nothing published by the build's
as-of date is falsy, so a template drops its sentence with `{% if %}`;
printing it anyway is an error rather than a silent "None".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from briefgen.errors import TemplateError
from briefgen.facts import FactStore, Observation
from briefgen.facts.model import Statement


class UnknownFactError(TemplateError):
    """A template named a fact id the store does not have."""


@dataclass(frozen=True)
class FactView:
    """One fact as a template sees it: its newest visible observation, or none."""

    id: str
    observation: Observation | None
    _store: FactStore  # private: the sandbox refuses names starting with "_", so templates cannot reach it

    def label(self, lang: str) -> str:
        """The fact's label in `lang`."""
        label = self._store.fact(self.id).label.get(lang)
        if label is None:
            raise TemplateError(f"fact {self.id} has no label in {lang}; add `{lang}:` to its label")
        return label

    @property
    def unit(self) -> str:
        """The fact's base unit ("count", "percent", "CNY"…)."""
        return self._store.fact(self.id).unit

    @property
    def entity(self) -> str:
        """The id of the name the fact is about (see `place`)."""
        return self._store.fact(self.id).entity

    @property
    def is_target(self) -> bool:
        """Whether the figure is a target (planned, expected, aimed for) rather than an actual figure."""
        return self.obs.status == "target"

    @property
    def is_span(self) -> bool:
        """Whether the figure covers a span of periods ("2021/2024"): a cumulative figure."""
        return self.obs.is_span

    @property
    def due(self) -> bool:
        """Whether the figure's period has reached its last month by the as-of date.

        A target that is due is no longer written in the future tense
        ("objectif fixé pour 2026", not "d'ici 2026"). A store seen on no
        date (everything visible) counts nothing as due.
        """
        as_of = self._store.as_of
        return as_of is not None and as_of >= last_month_start(self.obs.period)

    def __bool__(self) -> bool:
        return self.observation is not None

    def __str__(self) -> str:
        raise TemplateError(f"fact {self.id} is printed without a filter; use `| figure`")

    @property
    def obs(self) -> Observation:
        """The observation, or an error saying the sentence needs an `{% if %}` guard."""
        if self.observation is None:
            when = f" by {self._store.as_of.isoformat()}" if self._store.as_of else ""
            raise TemplateError(f"fact {self.id} has nothing published{when}; guard its sentence with {{% if %}}")
        return self.observation

    @property
    def value(self):
        """The plain value in its base unit (for comparisons in templates)."""
        return self.obs.value

    @property
    def period(self) -> str:
        return self.obs.period

    @property
    def series(self) -> tuple[FactView, ...]:
        """One view per visible observation, oldest first."""
        return tuple(FactView(self.id, o, self._store) for o in self._store.series(self.id))

    @property
    def first(self) -> FactView:
        """The oldest visible observation (falsy when there is none)."""
        series = self._store.series(self.id)
        return FactView(self.id, series[0] if series else None, self._store)


@dataclass(frozen=True)
class StatementView:
    """One statement as a template sees it: falsy when its source is not published by the as-of date."""

    id: str
    statement: Statement | None
    _store: FactStore  # private, as FactView's: where the statement's source is found

    def __bool__(self) -> bool:
        return self.statement is not None

    def __str__(self) -> str:
        raise TemplateError(f"statement {self.id} is printed without a filter; use `| statement`")


def last_month_start(period: str) -> datetime.date:
    """The first day of the last month a period ("2026", "2026-03", "2021/2024") covers."""
    end = period.split("/")[-1]
    parts = end.split("-")
    year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else 12
    return datetime.date(year, month, 1)


class FactsNamespace:
    """Attribute access over dotted fact and statement ids: `facts.park.vr.companies`."""

    def __init__(self, store: FactStore, prefix: str = "", ids: frozenset[str] | None = None):
        self._store = store
        self._prefix = prefix
        self._ids = ids if ids is not None else frozenset(store.fact_ids()) | frozenset(store.statement_ids())

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        fact_id = f"{self._prefix}{name}"
        if fact_id in self._ids:
            return self[fact_id]
        if any(i.startswith(fact_id + ".") for i in self._ids):
            return FactsNamespace(self._store, fact_id + ".", self._ids)
        raise UnknownFactError(f"unknown fact {fact_id}")

    def __getitem__(self, fact_id: str):
        if fact_id not in self._ids:
            raise UnknownFactError(f"unknown fact {fact_id}")
        if fact_id in self._store.statement_ids():
            return StatementView(fact_id, self._store.statement(fact_id), self._store)
        return FactView(fact_id, self._store.latest(fact_id), self._store)


@dataclass(frozen=True)
class NameView:
    """A name as a template prints it (`{{ names.goertek }}`), in the build's language; `| cite` cites its source."""

    id: str
    text: str
    source_id: str
    visible: bool  # whether the source that names it is published by the as-of date

    def __bool__(self) -> bool:
        return self.visible

    def __str__(self) -> str:
        return self.text


class NamesNamespace:
    """`names.goertek`: a name of the facts store as the build's language writes it, printed literally."""

    def __init__(self, store: FactStore, lang: str):
        self._store = store
        self._lang = lang

    def __getattr__(self, name_id: str) -> NameView:
        if name_id.startswith("_"):
            raise AttributeError(name_id)
        name = self._store.names.get(name_id)
        if name is None:
            raise UnknownFactError(f"unknown name {name_id}; names are declared in names.yaml")
        text = name.written.get(self._lang)
        if text is None:
            raise TemplateError(f"name {name_id} has no text in {self._lang}; add `{self._lang}:` to its name")
        return NameView(name_id, text, name.source_id, name.source_id in self._store.sources)
