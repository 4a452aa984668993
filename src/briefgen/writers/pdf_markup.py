"""Turn document text and inlines into reportlab Paragraph markup, escaped and unbreakable where it must be.

reportlab's `Paragraph` parses its text as markup, so every character of data
is escaped here and nowhere else. Two more things happen on the way:

- U+202F (narrow no-break space, between French digit groups and inside
  « ») is a breakable space to reportlab, so "180 000 000" could split across
  lines. It becomes U+00A0, which reportlab does not break, set in a smaller
  size so that it keeps the narrow width.
- Runs of characters the main font lacks (Chinese) switch to the fallback font.
"""

from __future__ import annotations

from typing import Callable
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefgen.document import Citation, Emph, Link, Strong, Text
from briefgen.writers.base import UnknownNodeError
from briefgen.writers.pdf_fonts import FontSet

NNBSP = "\u202f"
NBSP = "\u00a0"


def note_key(number: int) -> str:
    """The link target name of sources-list entry `number`."""
    return f"source-{number}"


def attribute(value: str) -> str:
    """`value` escaped for a double-quoted markup attribute."""
    return escape(value, {'"': "&quot;"})


class Markup:
    """Markup builder for one document: knows its fonts, note numbers and link colour."""

    def __init__(self, fonts: FontSet, note_number: Callable[[str], int], link_color: str) -> None:
        self._fonts = fonts
        self._note_number = note_number
        self._link_color = link_color
        # Scale at which a no-break space is as wide as the font's narrow one.
        self._narrow = stringWidth(NNBSP, fonts.regular, 100) / stringWidth(NBSP, fonts.regular, 100)

    def text(self, text: str, size: float) -> str:
        """Plain `text` as markup for a paragraph set in `size` points."""
        narrow = f'<font size="{size * self._narrow:.2f}">{NBSP}</font>'
        out = []
        for run, fallback in self._fonts.runs(text):
            run = escape(run).replace(NNBSP, narrow)
            out.append(f'<font name="{self._fonts.fallback}">{run}</font>' if fallback else run)
        return "".join(out)

    def inlines(self, nodes: tuple, size: float, citations: bool = True) -> str:
        """Inline nodes as markup; `citations=False` drops note calls (contents entries)."""
        out = []
        previous = None
        for node in nodes:
            if isinstance(node, Text):
                out.append(self.text(node.text, size))
            elif isinstance(node, Strong):
                out.append(f"<b>{self.inlines(node.children, size, citations)}</b>")
            elif isinstance(node, Emph):
                out.append(f"<i>{self.inlines(node.children, size, citations)}</i>")
            elif isinstance(node, Link):
                inner = self.inlines(node.children, size, citations)
                out.append(f'<a href="{attribute(node.url)}" color="{self._link_color}">{inner}</a>')
            elif isinstance(node, Citation):
                if citations:
                    # Two calls in a row read as one number ("12") without a separator.
                    separator = "<super>,</super>" if isinstance(previous, Citation) else ""
                    out.append(separator + self.note_call(self._note_number(node.source_id)))
            else:
                raise UnknownNodeError(f"the PDF writer cannot render the inline node {type(node).__name__}")
            previous = node
        return "".join(out)

    def note_call(self, number: int) -> str:
        """A superscript note number linked to its entry in the sources list."""
        return f'<super><a href="#{note_key(number)}" color="{self._link_color}">{number}</a></super>'

    def note_ref(self, number: int) -> str:
        """A bracketed note number "[n]" linked to its entry in the sources list."""
        return f'<a href="#{note_key(number)}" color="{self._link_color}">[{number}]</a>'
