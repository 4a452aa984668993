"""Cut a whitespace-normalised article into sentences, and sentences into clauses, keeping every offset.

Regular expressions rather than a trained splitter: the text is already one
line of single spaces (sources.normalise_space), the quote must be an exact
substring of it, and a language's abbreviations that end in a dot before a
capital ("Nov. 18", "No. 1", "M. Dupont") are few enough to list in its
intake.toml ([sentences] abbreviations).
Where the stored text had a line break (a headline, a paragraph, a list
item), a sentence ends too, unless the next line goes on in lower case (a
line wrapped in the middle of a sentence, as PDF texts are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.intake import words

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»’)]?\s+(?=(?:[\"“‘(]|«[\s\u00a0\u202f]?)?[A-ZÀ-ÖØ-Þ0-9\-–—•])"
                           r"|(?<=[.!?][\"”»’)])\s+")
# A dash: "–", "—", a wire service's "--", or a hyphen between spaces before a capital ("2025 - Le port").
_CLAUSE_END = re.compile(r"[,;:]\s+|\s+(?:[–—]|--)\s+|\s+-\s+(?=[A-ZÀ-ÖØ-Þ])")
DASHES = ("–", "—", " -")
"""What separates a dateline from the text it heads ("HARBOURTON, 12 janvier 2025 – Le port…")."""
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_GOES_ON = re.compile(r"[a-zà-öø-ÿ]")
STOPS = tuple(".!?…;:\"”»)")
"""What a finished sentence (or a line that is no headline) ends with."""


@dataclass(frozen=True)
class Span:
    """A part of the text at [start, end)."""

    start: int
    end: int


def line_breaks(raw: str) -> frozenset[int]:
    """Where `raw` had a line break, as offsets of the space that stands for it in normalise_space(raw).

    Empty when the text cannot be matched word for word (it then reads as one line).
    """
    words = raw.split()
    breaks, offset = set(), 0
    position = 0
    for index, word in enumerate(words):
        found = raw.index(word, position)
        if index and _LINE_BREAK.search(raw, position, found):
            breaks.add(offset - 1)
        position = found + len(word)
        offset += len(word) + 1
    return frozenset(breaks)


def sentences(text: str, start: int = 0, end: int | None = None, breaks: frozenset[int] = frozenset(),
              lang: str | None = None) -> list[Span]:
    """The sentences of text[start:end], each without the space that follows it; `breaks` are line breaks.

    A dot after an abbreviation of `lang` ends no sentence; without `lang`,
    after one of any shipped language.
    """
    abbreviations = _abbreviations(lang)
    end = len(text) if end is None else end
    spans, first = [], start
    for cut, after, at_break in _cuts(text, start, end, breaks):
        before = text[first:cut]
        word = re.search(r"([\w.°]+)[.]\S*$", before)
        if not at_break and word and word.group(1) in abbreviations:
            continue
        if before.strip():
            spans.append(Span(first, cut))
        first = after
    if text[first:end].strip():
        spans.append(Span(first, end))
    return spans


def _abbreviations(lang: str | None) -> frozenset[str]:
    languages = [lang] if lang is not None else words.shipped_languages()
    return frozenset(word for language in languages for word in words.of(language)["sentences"]["abbreviations"])


def _cuts(text: str, start: int, end: int, breaks: frozenset[int]) -> list[tuple[int, int, bool]]:
    """Where sentences may end, as (end, next start, at a line break), in order.

    After a stop before a capital, or at a line break, unless the next line
    goes on in lower case or the line ends in a sentence begun after a stop
    of the same line and left without one (a sentence wrapped, or cut by a
    caption); a line without any stop, a headline, ends at its break.
    """
    inside = sorted(offset for offset in breaks if start < offset < end - 1)
    cuts = [(m.start(), m.end(), any(m.start() <= offset < m.end() for offset in inside))
            for m in _SENTENCE_END.finditer(text, start, end)]
    line_start = start
    for offset in inside:
        in_line = [cut for cut, after, _ in cuts if line_start <= cut and after <= offset]
        if not any(cut <= offset < after for cut, after, _ in cuts):
            unfinished = in_line and not text[:offset].endswith(STOPS)
            if not unfinished and not _GOES_ON.match(text, offset + 1):
                cuts.append((offset, offset + 1, True))
        line_start = offset + 1
    return sorted(cuts)


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
