"""Cut a whitespace-normalised article into sentences, and sentences into clauses, keeping every offset.

Regular expressions rather than a trained splitter: the text is already one
line of single spaces (sources.normalise_space), the quote must be an exact
substring of it, and the two languages' abbreviations that end in a dot
before a capital ("Nov. 18", "No. 1", "M. Dupont") are few enough to list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos",
                  "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Co", "Corp", "Inc", "Ltd", "vs", "etc", "U.S", "U.K", "M",
                  "Mme", "MM", "av", "janv", "févr", "avr", "juil", "déc", "p", "pp", "n°", "art")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»’)]?\s+(?=[\"“«‘(]?[A-ZÀ-ÖØ-Þ0-9\-–—•])|(?<=[.!?][\"”»’)])\s+")
_CLAUSE_END = re.compile(r"[,;:]\s+|\s+[–—]\s+")


@dataclass(frozen=True)
class Span:
    """A part of the text at [start, end)."""

    start: int
    end: int


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of text[start:end], each without the space that follows it."""
    end = len(text) if end is None else end
    spans, first = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[first:match.start()]
        word = re.search(r"([\w.°]+)[.]\S*$", before)
        if word and word.group(1) in _ABBREVIATIONS:
            continue
        spans.append(Span(first, match.start()))
        first = match.end()
    if text[first:end].strip():
        spans.append(Span(first, end))
    return spans


def clauses(text: str, sentence: Span) -> list[Span]:
    """The clauses of a sentence: cut at commas, semicolons, colons and dashes outside parentheses and quotes."""
    spans, first, depth = [], sentence.start, 0
    position = sentence.start
    while position < sentence.end:
        char = text[position]
        if char in "(«“":
            depth += 1
        elif char in ")»”" and depth:
            depth -= 1
        elif depth == 0:
            match = _CLAUSE_END.match(text, position, sentence.end)
            if match and match.end() < sentence.end:
                spans.append(Span(first, position))
                first = position = match.end()
                continue
        position += 1
    spans.append(Span(first, sentence.end))
    return [span for span in spans if text[span.start:span.end].strip()]
