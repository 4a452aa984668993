"""Check a draft of facts (a topic file kept outside the store) against the store, before a person moves it in.

A draft is written in the topic-file format, by hand or by `facts extract`,
and its entries are checked exactly as the store's own, together with them:
sources and quotes, entities, units and qualifiers, labels in every language,
conversions and scopes, and ids not already used in the store. A field left
empty (null or "") is what a person still has to fill, and is reported as
such. Nothing is written: moving reviewed entries into a topic file is the
person's act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.digests import DRAFTS_FOLDER
from briefgen.errors import FactsError
from briefgen.facts.loader import read_facts, topic_files
from briefgen.facts.record import shown, subject
from briefgen.facts.topics import FACT_ID
from briefgen.facts.yamlfile import Located, read_yaml

# A topic is a file of the store, facts/<topic>.yaml: a plain file name, never
# a path, and never one of the store's other files.
_TOPIC_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def is_topic_name(topic: str) -> bool:
    """Whether `topic` can name a topic file a draft moves into: lower-case letters, digits, _ and -, not
    sources, names or rates."""
    return bool(_TOPIC_NAME.fullmatch(topic)) and topic not in {"sources", "names", "rates"}


@dataclass(frozen=True)
class _Empty:
    """A field of the draft left empty: where it is, and how the store's problems name it."""

    line: int
    subject: str
    field: str

    def prefix(self, where: str) -> str:
        return f"{where}:{self.line}: {self.subject}: {self.field} "


def validate_draft(facts_dir: Path, draft: Path, languages: tuple[str, ...] | None = None) -> tuple[str, int]:
    """A report on `draft` checked with the store in `facts_dir`, and the exit code: 0 ready, 1 listing every problem.

    Every label must be given in each of `languages` (None: at least one).
    """
    where = str(draft)
    stored = {path.resolve() for path in topic_files(facts_dir)} if facts_dir.is_dir() else set()
    if draft.resolve() in stored:
        return (f"{where}: is a topic file of the store, not a draft; a draft is kept apart from them "
                f"(in {facts_dir / DRAFTS_FOLDER}, say) until its entries are moved in"), 1
    data, _ = read_yaml(draft, where)  # its problems are the store's too, reported below
    empty = _empty_fields(data) if isinstance(data, Located) else []
    problems = _with_empty_fields(_store_problems(facts_dir, draft, languages), where, empty)
    topic = data.get("topic") if isinstance(data, Located) else None
    target = _target(facts_dir, topic, data, where, problems)
    if not problems and isinstance(data, Located):
        entries = _counted(data)
        if not entries:
            problems.append(f"{where}:1: holds no facts or statements")
        else:
            return f"draft valid: {entries}, ready to {target}", 0
    heading = f"{len(problems)} problem{'' if len(problems) == 1 else 's'} in draft {where} (checked with {facts_dir}):"
    return "\n".join([heading, *(f"  {p}" for p in problems)]), 1


def _store_problems(facts_dir: Path, draft: Path, languages: tuple[str, ...] | None) -> list[str]:
    """Every problem of the store read with the draft, the draft's own included."""
    try:
        read_facts(facts_dir, languages, drafts=(draft,))
    except FactsError as error:
        return list(error.problems or (error.message,))
    return []


def _with_empty_fields(problems: list[str], where: str, empty: list[_Empty]) -> list[str]:
    """The store's problems with every empty field of the draft said once, as a field a person must fill.

    The store's own words for a field left empty ("is missing", "null is not
    a number") are replaced; an empty field the store would accept (a note)
    is still reported, since a draft is ready only once a person has filled
    or deleted it. The draft's problems follow the store's, by line.
    """
    prefixes = [field.prefix(where) for field in empty]
    kept = [p for p in problems if not any(p.startswith(prefix) for prefix in prefixes)]
    own = [p for p in kept if p.startswith(f"{where}:")]
    own += [f"{prefix}is empty — fill it" for prefix in dict.fromkeys(prefixes)]
    own.sort(key=lambda p: _line(p, where))
    return [p for p in kept if not p.startswith(f"{where}:")] + own


def _line(problem: str, where: str) -> int:
    number = problem[len(where) + 1:].split(":", 1)[0]
    return int(number) if number.isdigit() else 0


def _target(facts_dir: Path, topic: object, data: object, where: str, problems: list[str]) -> str:
    """What moving the draft in means: "move into facts/<topic>.yaml" or "start …"; a bad topic is a problem."""
    if not isinstance(topic, str) or not topic.strip():
        return ""  # already reported: the topic is missing or empty
    line = data.line_of("topic")
    if not is_topic_name(topic):
        problems.append(f"{where}:{line}: topic file: topic {shown(topic)} cannot name a topic file of the store "
                        "(lower-case letters, digits, _ and -; not sources, names or rates)")
        return ""
    path = facts_dir / f"{topic}.yaml"
    return f"move into {path}" if path.is_file() else f"start {path}, a new topic"


def _counted(data: Located) -> str:
    counts = [(len(data.get(key) or []), name) for key, name in (("facts", "fact"), ("statements", "statement"))]
    return " and ".join(f"{n} {name}{'' if n == 1 else 's'}" for n, name in counts if n)


def _empty_fields(data: Located) -> list[_Empty]:
    """Every field of the draft left empty, its topic's and its entries', named as the store's problems name fields.

    An observation's fields are named alone (`quote`), a nested mapping's
    with its field (`label.fr`, `converted.value`), a list's items by
    position (`also[0].quote`).
    """
    found = []
    top = "topic file"  # how the store's problems name the file's own fields
    if "topic" in data and _is_empty(data["topic"]):
        found.append(_Empty(data.line_of("topic"), top, "topic"))
    for key, kind in (("facts", "fact"), ("statements", "statement")):
        entries = data.get(key)
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, Located):
                _walk(entry, subject(kind, entry.get("id"), FACT_ID), "", found)
    return found


def _walk(mapping: Located, named: str, prefix: str, found: list[_Empty]) -> None:
    for key, value in mapping.items():
        field = f"{prefix}{key}"
        if _is_empty(value):
            found.append(_Empty(mapping.line_of(key), named, field))
        elif isinstance(value, Located):
            _walk(value, named, f"{field}.", found)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Located):
                    _walk(item, named, "" if key == "observations" else f"{field}[{index}].", found)


def _is_empty(value: object) -> bool:
    """A field left for a person: null, or a text of nothing but spaces (an empty list is the store's to judge)."""
    return value is None or (isinstance(value, str) and not value.strip())
