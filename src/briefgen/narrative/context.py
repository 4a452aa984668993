"""What templates see of the facts store: `facts.park.companies` and friends.

Templates name facts by their dotted id as attributes. An id that the store
does not know is an error at render time (the template and line are added by
the environment). A fact that exists but has nothing published by the build's
as-of date is falsy, so a template drops its sentence with `{% if %}`;
printing it anyway is an error rather than a silent "None".
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.errors import TemplateError
from briefgen.facts import FactStore, Observation


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


class FactsNamespace:
    """Attribute access over dotted fact ids: `facts.park.vr.companies`."""

    def __init__(self, store: FactStore, prefix: str = "", ids: frozenset[str] | None = None):
        self._store = store
        self._prefix = prefix
        self._ids = ids if ids is not None else frozenset(store.fact_ids())

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        fact_id = f"{self._prefix}{name}"
        if fact_id in self._ids:
            return FactView(fact_id, self._store.latest(fact_id), self._store)
        if any(i.startswith(fact_id + ".") for i in self._ids):
            return FactsNamespace(self._store, fact_id + ".", self._ids)
        raise UnknownFactError(f"unknown fact {fact_id}")

    def __getitem__(self, fact_id: str) -> FactView:
        if fact_id not in self._ids:
            raise UnknownFactError(f"unknown fact {fact_id}")
        return FactView(fact_id, self._store.latest(fact_id), self._store)
