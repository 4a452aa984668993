"""Find where an article names the entities names.yaml declares, to guess what each figure is about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from briefgen.facts.model import Name
from briefgen.intake.clauses import Span

# Words a place's name carries beside the place itself: "Haidian district" is also written "Haidian".
_PLACE_WORDS = re.compile(r"^(?:district|province|city|county|ville|région)\s+(?:de\s+|du\s+|d[’'])?|"
                          r"\s+(?:district|province|city|county)$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """Entity `entity` named at [start, end) of the text."""

    start: int
    end: int
    entity: str


def spellings(names: Mapping[str, Name]) -> dict[str, str]:
    """Each way an entity is written (terms aside) (its names in every language, its aliases, a place without "district") → its id."""
    written: dict[str, str] = {}
    for name in names.values():
        if name.kind == "term":
            continue  # a word of the glossary, never what a figure is about
        forms = {*name.written.values(), *name.aliases}
        if name.kind == "place":
            forms |= {_PLACE_WORDS.sub("", form) for form in forms}
        for form in forms:
            if len(form) > 1:
                written.setdefault(form, name.id)
    return written


def mentions(text: str, written: Mapping[str, str]) -> list[Mention]:
    """Every mention of an entity in `text`, the longest spelling winning where two overlap."""
    if not written:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(form) for form in sorted(written, key=len, reverse=True))
                         + r")(?!\w)")
    return [Mention(m.start(), m.end(), written[m.group()]) for m in pattern.finditer(text)]


def entity_at(found: list[Mention], sentence: Span, clause: Span, position: int) -> tuple[str | None, str | None]:
    """The entity a figure at `position` is about, and what a person must check about it (None when nothing).

    The last entity named before the figure in its own clause, else the
    first its sentence names: the sentence's subject more often than a
    whole named after the figure ("…, 30 percent of the province's output").
    Where the sentence names several, the guess is flagged; without one
    there, it is the last one named before, flagged too.
    """
    here = [m for m in found if sentence.start <= m.start < sentence.end]
    if not here:
        earlier = [m for m in found if m.start < sentence.start]
        return (earlier[-1].entity, "entity: not named in the sentence") if earlier else (None, "entity: none found")
    before = [m for m in here if clause.start <= m.start < position]
    chosen = before[-1] if before else here[0]
    others = sorted({m.entity for m in here} - {chosen.entity})
    if not others:
        return chosen.entity, None
    where = "named before it in its clause" if before else "the sentence names first"
    return chosen.entity, f"entity: the sentence also names {', '.join(others)}; the one {where} is proposed"
