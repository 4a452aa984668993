"""Read names.yaml: companies, programmes, institutions and places in each language, with their aliases."""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.facts.model import NAME_KINDS, Name
from briefgen.facts.record import Record, shown, subject, text_problem
from briefgen.facts.validate import Known
from briefgen.facts.yamlfile import Located, read_yaml

NAMES_FILE = "names.yaml"
_ID = re.compile(r"[a-z][a-z0-9_]*")
_FIELDS = ("id", "kind", "name", "about", "aliases", "source", "quote", "also", "note")
ABOUT_LIMIT = 300  # a line of the who-is-who
NAME_LIMIT = 200  # a name is printed in running text, tables and the annex


def read_names(facts_dir: Path, known: Known, problems: list[str]) -> tuple[dict[str, Name], frozenset[str]]:
    """The names by id, and the ids of every name declared (with a problem or not); problems are appended.

    An absent names.yaml means no names. A name with a problem is left out of
    the first but kept in the second, so facts about it are not also
    reported as being about an undeclared entity.
    """
    path = facts_dir / NAMES_FILE
    if not path.exists():
        return {}, frozenset()
    where = f"{facts_dir.name}/{NAMES_FILE}"
    data, read_problems = read_yaml(path, where)
    problems.extend(read_problems)
    if data is None:
        return {}, frozenset()
    if not isinstance(data, Located) or not isinstance(data.get("names"), list):
        problems.append(f"{where}:1: expected a mapping with a list under `names`")
        return {}, frozenset()
    names: dict[str, Name] = {}
    declared = frozenset(entry["id"] for entry in data["names"]
                         if isinstance(entry, Located) and isinstance(entry.get("id"), str))
    for entry in data["names"]:
        if not isinstance(entry, Located):
            problems.append(f"{where}:{data.line_of('names')}: each name is a mapping, not {shown(entry)}")
            continue
        name = _read_name(entry, where, known, problems, names)
        if name is not None:
            names[name.id] = name
    return names, declared


def _read_name(entry: Located, where: str, known: Known, problems: list[str], seen: dict[str, Name]) -> Name | None:
    count = len(problems)
    record = Record(entry, where, subject("name", entry.get("id"), _ID), problems, _FIELDS)
    name_id = record.text("id")
    if name_id is not None and not _ID.fullmatch(name_id):
        record.problem("id", f"{shown(name_id)} is not a lower-case identifier")
    if name_id in seen:
        record.problem("id", "is used by another name above")
    kind = record.choice("kind", NAME_KINDS)
    written = record.per_language("name", known.languages, NAME_LIMIT)
    about = record.per_language("about", known.languages, ABOUT_LIMIT) if "about" in entry else {}
    aliases = []
    for alias in record.items("aliases", required=False):
        if not isinstance(alias, str) or not alias.strip():
            record.problem("aliases", f"entry {shown(alias)} is not a non-empty text")
        elif (problem := text_problem(alias)) is not None:
            record.problem("aliases", f"entry {problem}")
        else:
            aliases.append(alias)
    source = known.source(record, "source")
    quote = known.quote(record, "quote", source)
    also = known.also(record)
    note = record.text("note", required=False)
    if len(problems) > count or source is None:
        return None
    return Name(name_id, kind, written, tuple(aliases), known.cited(source, quote), quote, also, note, about)
