"""Find where an article names the entities names.yaml declares, to guess what each figure is about."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from briefgen.facts.model import Name
from briefgen.intake import words
from briefgen.intake.clauses import Span
from briefgen.intake.words import alternatives



def _place_words(languages: Iterable[str]) -> re.Pattern:
    """The words a place's name carries beside the place itself, in any of `languages`: "Haidian district" is
    also written "Haidian", "ville de Lyon" "Lyon"."""
    places = [words.of(lang)["places"] for lang in languages]
    before = alternatives([word for table in places for word in table["before"]])
    after = alternatives([word for table in places for word in table["after"]])
    return re.compile(rf"^(?:{before})\s*|\s+(?:{after})$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """Entity `entity` named at [start, end) of the text."""

    start: int
    end: int
    entity: str


SUBJECT_SHARE = 10
"""A kind of name is a likely subject when one figure in this many, or more, is about a name of that kind."""


def subject_kinds(names: Mapping[str, Name], entities: Iterable[str]) -> frozenset[str]:
    """The kinds of name the store's figures are mostly about ("place"…), from the `entities` of its facts.

    A figure is guessed to be about a name of one of these kinds: a store whose
    figures are about places keeps a company, a plan or a ranking a sentence
    names from being taken for the subject. A kind counts when at least a tenth
    of the figures are about one of its names (a few figures of an institution
    do not let every institution named in passing win); a store with no fact
    yet allows every kind but terms.
    """
    counts = Counter(names[entity].kind for entity in entities if entity in names)
    total = sum(counts.values())
    kinds = frozenset(kind for kind, count in counts.items() if count * SUBJECT_SHARE >= total)
    return kinds or frozenset(name.kind for name in names.values()) - {"term"}


def spellings(names: Mapping[str, Name], kinds: frozenset[str] | None = None) -> dict[str, str]:
    """Each way an entity of `kinds` is written (its names in every language, its aliases, a place without
    "district") → its id; all kinds but terms when `kinds` is None."""
    written: dict[str, str] = {}
    named_in = {lang for name in names.values() for lang in name.written if words.readable(lang)}
    place_words = _place_words(sorted({*words.shipped_languages(), *named_in}))
    for name in names.values():
        if name.kind == "term" or (kinds is not None and name.kind not in kinds):
            continue  # a word of the glossary, or a kind of name the store's figures are not about
        forms = {*name.written.values(), *name.aliases}
        if name.kind == "place":
            forms |= {place_words.sub("", form) for form in forms}
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
