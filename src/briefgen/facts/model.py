"""The facts store's records (sources, facts, observations, names, rates) as frozen dataclasses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

NAME_KINDS = frozenset({"place", "company", "institution", "programme", "event", "ranking", "treaty", "term"})
"""What a name is; a `term` is a word the briefing uses that a reader may not know (the glossary lists them)."""

@dataclass(frozen=True)
class Source:
    """A published article stored under facts/sources/.

    `published` is the first day by which the article had certainly appeared
    (the end of the stated month, year or span), so an edition dated before it
    never cites it; `published_from` is the earliest day it may have appeared.
    `via` names the site or wire service the text was read on when it is not
    the publisher's own ("PR Newswire"); `url`, `via` and `note` are None
    when unknown or when there is nothing to add.
    """

    id: str
    title: str
    publisher: str
    published_as_stated: str
    published_from: datetime.date
    published: datetime.date
    language: str
    file: str
    url: str | None = None
    note: str | None = None
    via: str | None = None
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True)
class Article:
    """One article of a source that holds several (a newspaper supplement), cited by its own title.

    `starts` is the article's first words in the source text; the article
    runs to the next article's start, or to the end.
    """

    id: str
    title: str
    starts: str


@dataclass(frozen=True)
class Quote:
    """A verbatim passage of a source supporting a figure or a name."""

    source_id: str
    text: str


@dataclass(frozen=True)
class Conversion:
    """The source's own conversion of a figure into another unit (dollars, hectares)."""

    value: int | float
    unit: str


@dataclass(frozen=True)
class Observation:
    """One figure for one period, as one source states it.

    `value` is a plain number in the fact's base unit, or an ISO date text
    ("1992-11") for the `date` unit. `period` is a year, month or day, or a
    span "2021/2024" for a cumulative figure. `published` is the primary
    source's publication day (see `Source.published`). `converted` is None
    when the source gives no conversion; `note` is None when nothing needs
    saying; `also` holds further quotes, typically the other language's
    edition. `scope` maps each language to the base the source gives the
    figure on ("of large-scale industries"), empty when the label says it all.
    """

    fact_id: str
    topic: str
    entity: str
    unit: str
    period: str
    value: int | float | str
    qualifier: str
    source_id: str
    quote: str
    published: datetime.date
    converted: Conversion | None = None
    status: str = "actual"
    also: tuple[Quote, ...] = ()
    note: str | None = None
    scope: Mapping[str, str] = field(default_factory=dict, compare=False)  # as is: a mapping has no hash

    def __post_init__(self) -> None:
        object.__setattr__(self, "scope", MappingProxyType(dict(self.scope)))

    @property
    def is_span(self) -> bool:
        """Whether the figure covers a span of periods ("2021/2024"): a cumulative figure."""
        return "/" in self.period


@dataclass(frozen=True)
class Statement:
    """A qualitative claim a briefing makes, as its source makes it: written per language, with its quote.

    `text` maps each language to the claim as a sentence or clause of the
    briefing says it; `quote` is the source's own words, verbatim. A template
    prints the text and its citation; it cannot reword it.
    """

    id: str
    topic: str
    entity: str
    text: Mapping[str, str]
    source_id: str
    quote: str
    published: datetime.date
    also: tuple[Quote, ...] = ()
    note: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", MappingProxyType(dict(self.text)))


@dataclass(frozen=True)
class Fact:
    """A figure followed over time: its definition and its observations, oldest period first.

    `entity` is the id of the name (in names.yaml) the figure is about;
    `label` maps each language to a noun phrase naming the figure; `note` is
    None when the definition needs no comment. `comparable` says that the
    observations may be compared although their scopes differ (the fact's
    note says why).
    """

    id: str
    topic: str
    entity: str
    unit: str
    label: Mapping[str, str]
    observations: tuple[Observation, ...]
    note: str | None = None
    comparable: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", MappingProxyType(dict(self.label)))


@dataclass(frozen=True)
class Name:
    """A named company, programme, institution or place, in each language, with its aliases.

    `written` maps each language to the name as that language writes it;
    `about` to what the source says it is (for the who-is-who), empty when
    the briefing does not present it.
    `aliases` are other spellings found in the sources (so "Dapeng VR" and
    "DPVR" are known to be one company); `note` is None when nothing needs saying.
    A fact's entity is a name's id: places and bodies are declared here, so a
    typo cannot invent one.
    """

    id: str
    kind: str
    written: Mapping[str, str]
    aliases: tuple[str, ...]
    source_id: str
    quote: str
    also: tuple[Quote, ...] = ()
    note: str | None = None
    about: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "written", MappingProxyType(dict(self.written)))
        object.__setattr__(self, "about", MappingProxyType(dict(self.about)))

    def in_language(self, language: str) -> str:
        """The name as written in `language` (a KeyError when the store has no such language)."""
        return self.written[language]


@dataclass(frozen=True)
class RatePoint:
    """A reference exchange rate on one day, with who reported it."""

    date: datetime.date
    value: float
    reported_by: str
    url: str | None = None


@dataclass(frozen=True)
class RateTable:
    """Reference rates of `currency` per one `per` (CNY per USD), oldest first.

    `tolerance` is the relative gap allowed between a source's implied rate and
    the references in effect when it was published.
    """

    currency: str
    per: str
    tolerance: float
    note: str
    points: tuple[RatePoint, ...] = field(default=())

    def in_effect(self, start: datetime.date, end: datetime.date) -> tuple[RatePoint, ...]:
        """The points in effect at some day from `start` to `end`: the last one before `start`, then those inside."""
        before = [p for p in self.points if p.date < start]
        inside = [p for p in self.points if start <= p.date <= end]
        return tuple(before[-1:] + inside)
