"""Find where an article names the entities names.yaml declares, to guess what each figure is about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from briefgen.facts.model import Name

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


def entity_at(found: list[Mention], sentence_start: int, position: int, sentence_end: int) -> tuple[str | None, bool]:
    """The entity a figure at `position` is about, and whether it is named in the figure's own sentence.

    The last entity named before the figure in its sentence, else the first
    after it there, else the last one named in the sentences before.
    """
    before = [m for m in found if sentence_start <= m.start < position]
    if before:
        return before[-1].entity, True
    after = [m for m in found if position <= m.start < sentence_end]
    if after:
        return after[0].entity, True
    earlier = [m for m in found if m.start < sentence_start]
    return (earlier[-1].entity, False) if earlier else (None, False)
