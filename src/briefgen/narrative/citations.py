"""Where note marks go: one per clause, at its end, each source once, never glued to a number.

Filters cite each figure where it is printed (`{{ fact | figure }}` writes the
figure and its source). Read that way a sentence carries a mark after every
number, on verbs and after years ("in 2016¹", "20th²"), which copy out of a
PDF as "20161". Here the marks of a paragraph or list item are moved to the
end of the clause they are in (before its ".", ";", ":", "!" or "?", or at
the end of the item), each source once and in order of first mention. A
clause whose last word is a number, a year or an ordinal cannot take a mark
without gluing it to the figure: that is refused, so the template ends the
clause on a word.
"""

from __future__ import annotations

import re

from briefgen.document import Citation, Emph, Link, Strong, Text
from briefgen.errors import TemplateError

# A clause ends at one of these marks followed by a space or the end, the
# spaces French typography puts before some of them included.
_CLAUSE_END = re.compile(r"[ \u00a0\u202f]*[.;:!?…](?=\s|$)")
_ENDS_WITH_FIGURE = re.compile(r"(\d[\w\u00a0\u202f.,’']*|\d)$")


def place_citations(inlines: tuple, where: str) -> tuple:
    """`inlines` (a paragraph or a list item) with each note mark moved to the end of its clause.

    Marks inside bold, italic or link text stay where they are.
    """
    out: list = []
    pending: list[str] = []

    def flush(before: str) -> None:
        if not pending:
            return
        _check_not_glued(before, pending, where)
        out.extend(Citation(source_id) for source_id in pending)
        pending.clear()

    for node in inlines:
        if isinstance(node, Citation):
            if node.source_id not in pending:
                pending.append(node.source_id)
        elif isinstance(node, Text):
            text, start = node.text, 0
            for end in _CLAUSE_END.finditer(text):
                if pending:
                    if end.start() > start:
                        out.append(Text(text[start:end.start()]))
                    flush(_text_before(out))
                    start = end.start()
            if start < len(text):
                out.append(Text(text[start:]))
        else:
            out.append(node)
    flush(_text_before(out))
    return tuple(_merged(out))


def _text_before(nodes: list) -> str:
    """The visible text that ends the nodes so far (what a mark would follow)."""
    for node in reversed(nodes):
        if isinstance(node, Text):
            return node.text
        if isinstance(node, (Strong, Emph, Link)):
            return _text_before(list(node.children))
        if isinstance(node, Citation):
            continue
    return ""


def _check_not_glued(before: str, sources: list[str], where: str) -> None:
    words = before.split()
    last_word = words[-1] if words else ""
    if _ENDS_WITH_FIGURE.search(last_word):
        clause = " ".join(words[-8:])
        raise TemplateError(f"{where}: in “…{clause}”, the note mark of {', '.join(sources)} would follow "
                            f"“{last_word}”, a number, year or ordinal; end the clause on a word "
                            "(“In 2016, the district held …”)")


def _merged(nodes: list) -> list:
    """Adjacent text runs joined again, so writers see whole runs."""
    merged: list = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        elif not (isinstance(node, Text) and node.text == ""):
            merged.append(node)
    return merged
