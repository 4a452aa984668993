"""Write proposals as a draft topic file: YAML in the topic-file format, with a comment on each proposal.

The draft is written whole or not at all (a temporary file beside it, then a
hard link, which also refuses to replace an existing file) and never
overwrites one: a draft may hold a person's edits.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import yaml

from briefgen.errors import WriteError
from briefgen.intake.proposals import Proposal


def _scalar(value) -> str:
    """One YAML scalar on one line, quoted when YAML would read it otherwise (null stays null)."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip().removesuffix("...").strip()


def _flow_scalar(value) -> str:
    """A scalar inside a flow mapping (`{fr: …, en: …}`), where a plain comma would end it: text double-quoted."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else _scalar(value)


def draft_text(source_id: str, topic: str | None, proposals: list[Proposal], languages: tuple[str, ...],
               language: str) -> str:
    """The draft of the figures of `source_id`, written in `language`: new proposals as facts, stored ones as comments.

    Each fact has a label in every one of `languages`: the proposed one in
    the article's language, null in the others; each is flagged, the
    proposed one being the article's words, never a finished label.
    """
    new = [p for p in proposals if p.known_as is None]
    known = [p for p in proposals if p.known_as is not None]
    lines = [
        f"# Figures proposed from source {source_id} by `briefgen facts extract`: {len(new)} new, "
        f"{len(known)} already in the store.",
        "# Each proposal says how sure it is and what a person must check. Fill every null (topic, labels,",
        "# entities, ids), delete what is not a figure, move the facts into facts/<topic>.yaml, then run",
        "# `briefgen facts validate`.",
        f"topic: {_scalar(topic)}",
        "facts:" if new else "facts: []",
    ]
    for proposal in new:
        lines += _fact_lines(proposal, languages, language)
    for proposal in known:
        lines.append(f"# already in the store: {proposal.known_as} ({_scalar(proposal.value)}, {proposal.unit}): "
                     f"{_scalar(proposal.quote)}")
    return "\n".join(lines) + "\n"


def _fact_lines(proposal: Proposal, languages: tuple[str, ...], language: str) -> list[str]:
    label = {lang: proposal.label if lang == language else None for lang in languages}
    checks = [*proposal.checks, *(f"label.{lang}: to write" if text is None else
                                  f"label.{lang}: taken from the article's words; make it a label"
                                  for lang, text in label.items())]
    lines = [f"  # confidence: {proposal.confidence}"]
    lines += [f"  # check: {check}" for check in checks]
    lines += [
        f"  - id: {_scalar(proposal.fact_id)}",
        f"    entity: {_scalar(proposal.entity)}",
        f"    unit: {proposal.unit}",
        "    label: {" + ", ".join(f"{lang}: {_flow_scalar(text)}" for lang, text in label.items()) + "}",
        "    observations:",
        f"      - period: {_scalar(proposal.period)}",
        f"        value: {_scalar(proposal.value)}",
        f"        qualifier: {proposal.qualifier}",
    ]
    if proposal.status != "actual":
        lines.append(f"        status: {proposal.status}")
    if proposal.converted is not None:
        lines.append(f"        converted: {{value: {_scalar(proposal.converted[0])}, unit: {proposal.converted[1]}}}")
    lines += [f"        source: {proposal.source}", f"        quote: {_scalar(proposal.quote)}"]
    return lines


def write_draft(path: Path, text: str) -> None:
    """Write `text` to `path` at once; a WriteError when it exists or cannot be written (nothing is left behind)."""
    if path.exists() or path.is_symlink():
        raise WriteError(f"{path}: a draft is already there; move it away or give another --out")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"{path}: cannot be written ({error.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.link(temporary, path)
    except FileExistsError:
        raise WriteError(f"{path}: a draft is already there; move it away or give another --out") from None
    except OSError as error:
        raise WriteError(f"{path}: cannot be written ({error.strerror})") from None
    finally:
        os.unlink(temporary)
