"""Checked topic files kept between runs as plain data: one file-cache entry per file, trusted only after checks.

Reading a topic file means parsing its YAML and checking every field against
the sources, names and rates; a monthly run changes few of a store's files.
What the check of a file without problems gave is kept in the file cache's
`facts/` folder, under a name made of the file's name and sha256 and of all
else the check depends on: briefgen's checking code, the Python and PyYAML
it runs on, and what it was checked against (`Known`: the sources with their
texts, the rates, the names declared, the languages every text must be given
in). An unchanged file is read back, not parsed again; a change to any of
those gives another name, so the file is checked again.

Entries are JSON, never pickles: reading one runs no code. The file cache
checks an entry's sha256 and that it is a regular file of bounded size (see
`filecache`); `decode` then checks every field's type and every link (each
source cited is known, each entity declared, each language given) and
refuses the entry, which reads as a miss, at the first thing that is not
what `encode` writes. Only a file whose check found no problem is kept, so
every problem is found and worded by the readers, on every run.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import json
import math
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Callable

from briefgen import __version__
from briefgen.digests import tree_digest
from briefgen.facts.model import Conversion, Fact, Observation, Quote, Statement
from briefgen.facts.validate import FIGURE_LIMIT, Known
from briefgen.filecache import FileCache, digest, package_identity
from briefgen.vocabulary import CONVERTIBLE, QUALIFIERS, STATUSES, UNITS

KIND = "facts"

Entries = list[tuple[str, int, object]]
"""A topic file's records as `topics.read_topic` gives them: (id, line, Fact or Statement), in file order."""

# The fields of each record an entry holds, in the order of its rows, with the
# JSON types each may take; and the fields a row takes from its context (the
# file, its fact, the source cited).
_NONE = type(None)
FACT_ROW = {"id": (str,), "line": (int,), "entity": (str,), "unit": (str,), "label": (dict,), "note": (_NONE, str),
            "comparable": (bool,), "observations": (list,)}
FACT_CONTEXT = ("topic",)
OBSERVATION_ROW = {"period": (str,), "value": (int, float, str, list), "qualifier": (str,), "source_id": (str,),
                   "quote": (str,), "converted": (_NONE, list), "status": (str,), "also": (list,),
                   "note": (_NONE, str), "scope": (dict,)}
OBSERVATION_CONTEXT = ("fact_id", "topic", "entity", "unit", "published")
STATEMENT_ROW = {"id": (str,), "line": (int,), "entity": (str,), "text": (dict,), "source_id": (str,),
                 "quote": (str,), "also": (list,), "note": (_NONE, str)}
STATEMENT_CONTEXT = ("topic", "published")


def _signatures(row: dict[str, tuple[type, ...]]) -> frozenset[tuple[type, ...]]:
    """Every tuple of types a row's fields may have: a row is checked with one look-up."""
    return frozenset(itertools.product(*row.values()))


_FACT_TYPES, _OBSERVATION_TYPES, _STATEMENT_TYPES = map(_signatures, (FACT_ROW, OBSERVATION_ROW, STATEMENT_ROW))
_QUALIFIERS, _STATUSES = frozenset(QUALIFIERS), frozenset(STATUSES)


class Refused(Exception):
    """A kept entry is not what `encode` writes: it is treated as missing."""


@functools.cache
def _code_digest() -> str:
    """What decides a check besides the files: briefgen's facts code and vocabulary, Python (Unicode) and PyYAML."""
    package = Path(__file__).resolve().parent
    code = tree_digest([*sorted(package.glob("*.py")), package.parent / "vocabulary.py"])
    return digest(__version__, sys.version, code, package_identity("yaml"))


def _known_digest(known: Known) -> str:
    """Everything of `known` a topic file's check reads, in an order that does not depend on the process."""
    return digest(sorted(known.sources.items()), sorted(known.texts.items()), known.rates, sorted(known.unusable),
                  sorted(known.entities), known.languages)


class KeptTopics:
    """The kept checks of topic files read against `known`; with the cache off, every file is checked."""

    def __init__(self, known: Known) -> None:
        self._files = FileCache(KIND)
        self._known = known
        self._context = None if self._files.folder is None else digest(_code_digest(), _known_digest(known))

    def read(self, path: Path, check: Callable[[], Entries], problems: list[str]) -> Entries:
        """What `check()` gives for the topic file at `path`, read back when this very file was kept.

        `check` appends its problems to `problems`. Its result is kept when it
        added none, every id in the file is different (a repeated one is
        reported on every run), and the file read the same before and after.
        """
        content = None if self._context is None else _content(path)
        if content is None:
            return check()
        name = f"{digest(self._context, path.name, hashlib.sha256(content).hexdigest())}.json"
        entries = self._get(name, path.stem)
        if entries is not None:
            return entries
        count = len(problems)
        entries = check()
        if (len(problems) == count and all(isinstance(item, (Fact, Statement)) for _, _, item in entries)
                and len({entry_id for entry_id, _, _ in entries}) == len(entries) and _content(path) == content):
            self._files.put(name, json.dumps(encode(entries), ensure_ascii=False, separators=(",", ":")).encode())
        return entries

    def _get(self, name: str, topic: str) -> Entries | None:
        raw = self._files.get(name)
        if raw is None:
            return None
        try:
            return decode(json.loads(raw, parse_constant=_refuse_constant), topic, self._known)
        except (Refused, ValueError, TypeError, RecursionError):  # not JSON, or JSON of another shape
            return None


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _refuse_constant(text: str) -> float:
    raise Refused  # NaN and Infinity: no checked figure is one


def encode(entries: Entries) -> dict:
    """A checked topic file's records as plain data: rows of the fields in FACT_ROW and STATEMENT_ROW."""
    facts = [_row(record, FACT_ROW, line) for _, line, record in entries if isinstance(record, Fact)]
    statements = [_row(record, STATEMENT_ROW, line) for _, line, record in entries if isinstance(record, Statement)]
    return {"facts": facts, "statements": statements}


def _row(record: object, fields: tuple[str, ...], line: int | None = None) -> list:
    return [line if field == "line" else _plain(getattr(record, field)) for field in fields]


def _plain(value: object) -> object:
    """A field's value as JSON holds it: a conversion as [value, unit], a quote as [source, text], a day as [day]."""
    if isinstance(value, Observation):
        return _row(value, OBSERVATION_ROW)
    if isinstance(value, Quote):
        return [value.source_id, value.text]
    if isinstance(value, Conversion):
        return [value.value, value.unit]
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, MappingProxyType):
        return dict(value)
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    return value


def decode(data: object, topic: str, known: Known) -> Entries:
    """`encode`'s data as `read_topic` gives it for the file of `topic`; Refused when it is anything else.

    Every record cites a source of `known` (its publication day is the
    source's), is about a declared entity and gives its texts in every
    language of `known`.
    """
    if not (type(data) is dict and data.keys() == {"facts", "statements"}
            and type(data["facts"]) is list and type(data["statements"]) is list):
        raise Refused
    return _Decoder(topic, known).entries(data["facts"], data["statements"])


class _Decoder:
    """The records of one entry, each checked as it is rebuilt; the checks are written out, as this runs per figure."""

    def __init__(self, topic: str, known: Known) -> None:
        self.topic = topic
        self.sources = known.sources
        self.entities = known.entities
        self.languages = frozenset(known.languages or ())
        self.seen: set[str] = set()

    def entries(self, facts: list, statements: list) -> Entries:
        entries: Entries = [self.fact(row) for row in facts]
        entries += [self.statement(row) for row in statements]
        return entries

    def fact(self, row: object) -> tuple[str, int, Fact]:
        if not (type(row) is list and tuple(map(type, row)) in _FACT_TYPES):
            raise Refused
        fact_id, line, entity, unit, label, note, comparable, items = row
        self.head(fact_id, line, entity)
        if unit not in UNITS or not items:
            raise Refused
        observations = tuple([self.observation(item, fact_id, entity, unit) for item in items])
        if len(observations) > 1 and not all(a.period < b.period for a, b in zip(observations, observations[1:])):
            raise Refused  # read_topic sorts them, and refuses a period given twice
        return fact_id, line, Fact(fact_id, self.topic, entity, unit, self.texts(label), observations, note,
                                   comparable)

    def statement(self, row: object) -> tuple[str, int, Statement]:
        if not (type(row) is list and tuple(map(type, row)) in _STATEMENT_TYPES):
            raise Refused
        statement_id, line, entity, text, source_id, quote, also, note = row
        self.head(statement_id, line, entity)
        if source_id not in self.sources:
            raise Refused
        return statement_id, line, Statement(statement_id, self.topic, entity, self.texts(text), source_id, quote,
                                             self.sources[source_id].published, self.quotes(also), note)

    def head(self, record_id: str, line: int, entity: str) -> None:
        """A record's id (new in the file), line and entity (declared in names.yaml)."""
        if record_id in self.seen or line < 1 or entity not in self.entities:
            raise Refused
        self.seen.add(record_id)

    def observation(self, item: object, fact_id: str, entity: str, unit: str) -> Observation:
        if not (type(item) is list and tuple(map(type, item)) in _OBSERVATION_TYPES):
            raise Refused
        period, value, qualifier, source_id, quote, converted, status, also, note, scope = item
        if not (qualifier in _QUALIFIERS and status in _STATUSES and source_id in self.sources):
            raise Refused
        if unit != "date":
            if not _is_figure(value):
                raise Refused
        elif type(value) is list:
            if not (len(value) == 1 and type(value[0]) is str):
                raise Refused
            value = datetime.date.fromisoformat(value[0])  # a ValueError for anything but a day
        elif type(value) not in (str, int):
            raise Refused
        if converted is not None:
            if not (len(converted) == 2 and _is_figure(converted[0]) and type(converted[1]) is str
                    and converted[1] in CONVERTIBLE):
                raise Refused
            converted = Conversion(*converted)
        return Observation(fact_id, self.topic, entity, unit, period, value, qualifier, source_id, quote,
                           self.sources[source_id].published, converted, status, self.quotes(also), note,
                           self.texts(scope) if scope else scope)

    def texts(self, value: dict) -> dict[str, str]:
        """A mapping of language to text: not empty, every text a text, every language of the store given."""
        if not (bool(value) and set(map(type, value.values())) == {str} and value.keys() >= self.languages):
            raise Refused
        return value

    def quotes(self, value: list) -> tuple[Quote, ...]:
        quotes = []
        for item in value:
            if not (type(item) is list and len(item) == 2 and type(item[0]) is str and item[0] in self.sources
                    and type(item[1]) is str):
                raise Refused
            quotes.append(Quote(*item))
        return tuple(quotes)


def _is_figure(value: object) -> bool:
    """A number as a checked figure is: an int or a finite float, within the figures a briefing states."""
    return (type(value) is int or (type(value) is float and math.isfinite(value))) and abs(value) < FIGURE_LIMIT
