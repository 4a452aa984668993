"""What the command line runs for `validate` and `list`: text to print and an exit code."""

from __future__ import annotations

import datetime
from pathlib import Path

from briefgen.errors import FactsError, UsageError
from briefgen.facts.derived import conversion_checks
from briefgen.facts.export import FORMATS, to_csv, to_json, to_table
from briefgen.facts.loader import load_store
from briefgen.facts.sources import unregistered_texts

_WRITERS = {"table": to_table, "csv": to_csv, "json": to_json}


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def validate_command(facts_dir: Path, languages: tuple[str, ...] | None = None) -> tuple[str, int]:
    """A report on the facts in `facts_dir` and the exit code: 0 when valid, 1 listing every problem.

    Every label and name must be given in each of `languages` (None: at least one).
    """
    try:
        store = load_store(facts_dir, languages=languages)
    except FactsError as error:
        problems = error.problems or (error.message,)
        lines = [f"{_count(len(problems), 'problem')} in {facts_dir}:"]
        lines += [f"  {p}" for p in problems]
        return "\n".join(lines), 1
    counts = ", ".join(
        _count(n, what)
        for n, what in (
            (len(store.fact_ids()), "fact"),
            (store.observation_count(), "observation"),
            (len(store.sources), "source"),
            (len(store.names), "name"),
        )
    )
    lines = [f"{facts_dir}: valid: {counts}", "conversions given by the sources, with the rate they imply:"]
    for o, check in conversion_checks(store):
        lines.append(f"  {o.fact_id} {o.period}: {check.implied:.4f} {check.ratio_unit} (reference {check.reference})")
    lines += [orphan_note(path) for path in unregistered_texts(facts_dir, {s.file for s in store.sources.values()})]
    return "\n".join(lines), 0


def orphan_note(path: Path) -> str:
    """The note on a stored text no source names: what an add that did not finish leaves, for a person to delete."""
    return (f"note: {path} is a stored text no source of sources.yaml names (an add that did not finish?); "
            "delete it: adding its article again stores it anew")


def list_command(facts_dir: Path, topic: str | None, as_of: datetime.date | None, fmt: str,
                 languages: tuple[str, ...] | None = None) -> str:
    """The observations of `topic` (all when None) visible on `as_of`, as `fmt`: "table", "csv" or "json".

    An invalid store raises FactsError; an unknown topic or format raises UsageError.
    """
    if fmt not in _WRITERS:
        raise UsageError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    store = load_store(facts_dir, as_of, languages)
    if topic is not None and topic not in store.topics():
        raise UsageError(f"unknown topic {topic!r} (known: {', '.join(store.topics())})")
    return _WRITERS[fmt](store, topic)
