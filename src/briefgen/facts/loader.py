"""Load a facts folder: read and check every file, then fail once with all problems or return the store.

A topic file whose check is kept in the file cache (see `kept`) is read back
rather than parsed and checked again; drafts are checked every time, and
what spans files (an id used twice) on every load.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from briefgen.errors import FactsError, collect
from briefgen.facts.kept import KeptTopics
from briefgen.facts.model import Fact, Name, RateTable, Source, Statement
from briefgen.facts.names import NAMES_FILE, read_names
from briefgen.facts.rates import RATES_FILE, read_rates
from briefgen.facts.record import subject
from briefgen.facts.sources import SOURCES_FILE, read_sources
from briefgen.facts.store import FactStore
from briefgen.facts.topics import FACT_ID, read_topic
from briefgen.facts.validate import Known

_NOT_TOPICS = {SOURCES_FILE, NAMES_FILE, RATES_FILE}


def topic_files(facts_dir: Path) -> list[Path]:
    """The topic files of a facts folder: every *.yaml but sources, names and rates, sorted."""
    return sorted(p for p in facts_dir.glob("*.yaml") if p.name not in _NOT_TOPICS)


def load_store(facts_dir: Path, as_of: datetime.date | None = None,
               languages: tuple[str, ...] | None = None) -> FactStore:
    """The facts in `facts_dir` as they read on `as_of` (None: everything); see `read_facts`."""
    return read_facts(facts_dir, languages).seen_on(as_of)


@dataclass(frozen=True)
class CheckedFacts:
    """Everything a facts folder holds, read and checked once; each date's view is `seen_on` it."""

    facts: tuple[Fact, ...]
    sources: Mapping[str, Source]
    names: Mapping[str, Name]
    rates: RateTable | None
    statements: tuple[Statement, ...] = ()

    def seen_on(self, as_of: datetime.date | None) -> FactStore:
        """The store as it read on `as_of` (None: everything): a batch of editions reads the folder once."""
        return FactStore(self.facts, self.sources, self.names, self.rates, as_of, self.statements)


def read_facts(facts_dir: Path, languages: tuple[str, ...] | None = None,
               drafts: tuple[Path, ...] = ()) -> CheckedFacts:
    """Read and check every file of `facts_dir`; every label and name must be given in each of `languages`.

    `languages` None (the facts alone, without a project) asks for at least
    one language per label and name. `drafts` are topic files from outside
    the folder, read after its own and checked with them (an id the store
    already uses is refused with where it is used); each is shown by its path
    and its `topic` need not be its file's name.
    Every file is read and checked before anything is returned; a FactsError
    lists all the problems found, each with file, line, fact id and field.
    Nothing is written but the file cache's entries.
    """
    with _no_cycle_collection():
        return _read_facts(Path(facts_dir), languages, drafts)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a store is read, and resumed as it was.

    Reading builds hundreds of thousands of objects (parsed YAML, records,
    kept entries) that are not garbage, so the collections their allocation
    would trigger walk them all again and again for nothing; the little
    cyclic garbage a read leaves is freed once the collector resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_facts(facts_dir: Path, languages: tuple[str, ...] | None, drafts: tuple[Path, ...]) -> CheckedFacts:
    if not facts_dir.is_dir():
        raise FactsError(f"{facts_dir} is not a folder of facts")
    problems: list[str] = []
    sources, texts, unusable = read_sources(facts_dir, problems)
    known = Known(sources, texts, read_rates(facts_dir, problems), frozenset(unusable), languages=languages)
    names, declared = read_names(facts_dir, known, problems)
    known = dataclasses.replace(known, entities=declared)
    facts: dict[str, Fact] = {}
    statements: dict[str, Statement] = {}
    first_seen: dict[str, str] = {}
    files = topic_files(facts_dir)
    if not files:
        problems.append(f"{facts_dir.name}/: no topic files (*.yaml besides {', '.join(sorted(_NOT_TOPICS))})")
    kept = KeptTopics(known)
    readings = [(path, f"{facts_dir.name}/{path.name}", True) for path in files]
    readings += [(path, str(path), False) for path in drafts]
    for path, where, named_by_file in readings:
        check = functools.partial(read_topic, path, where, known, problems, named_by_file)
        for fact_id, line, fact in kept.read(path, check, problems) if named_by_file else check():
            if fact_id in first_seen:
                named = subject("fact", fact_id, FACT_ID)
                problems.append(f"{where}:{line}: {named}: id is already used at {first_seen[fact_id]}")
                continue
            first_seen[fact_id] = f"{where}:{line}"
            if isinstance(fact, Statement):
                statements[fact_id] = fact
            elif fact is not None:
                facts[fact_id] = fact
    collect(problems, FactsError, f"the facts in {facts_dir}")
    return CheckedFacts(tuple(facts.values()), sources, names, known.rates, tuple(statements.values()))
