"""Turn document text and inlines into reportlab Paragraph markup, escaped and unbreakable where it must be.

reportlab's `Paragraph` parses its text as markup, so every character of data
is escaped here and nowhere else. Two more things happen on the way: no-break
spaces become the font's stand-ins, so reportlab never breaks a line inside
"180 000 000" (see pdf_fonts), and runs of characters the main font lacks
(Chinese) switch to the fallback font.
"""

from __future__ import annotations

import re
from html import escape as _escape
from typing import Callable

from briefgen.document import Citation, Emph, Link, Strong, Superscript, Text
from briefgen.writers.base import UnknownNodeError
from briefgen.writers.pdf_fonts import FontSet


def note_key(number: int) -> str:
    """The link target name of sources-list entry `number`."""
    return f"source-{number}"


def escape(text: str) -> str:
    """`text` with &, < and > escaped for markup (xml.sax.saxutils would import urllib.request, 7 ms)."""
    return _escape(text, quote=False)


def attribute(value: str) -> str:
    """`value` escaped for a double-quoted markup attribute."""
    return escape(value).replace('"', "&quot;")


class Markup:
    """Markup builder for one document: knows its fonts, note numbers and link colour."""

    def __init__(self, fonts: FontSet, note_number: Callable[[str], int], link_color: str) -> None:
        self._fonts = fonts
        self._note_number = note_number
        self._link_color = link_color

    def text(self, text: str) -> str:
        """Plain `text` as markup."""
        out = []
        for run, fallback in self._fonts.runs(text):
            run = escape(run)
            out.append(f'<font name="{self._fonts.fallback}">{run}</font>' if fallback
                       else self._fonts.unbreakable(run))
        return "".join(out)

    def inlines(self, nodes: tuple, citations: bool = True) -> str:
        """Inline nodes as markup; `citations=False` drops note calls (contents entries)."""
        out = []
        previous = None
        for node in nodes:
            if isinstance(node, Text):
                out.append(self.text(node.text))
            elif isinstance(node, Superscript):
                out.append(f"<super>{self.text(node.text)}</super>")
            elif isinstance(node, Strong):
                out.append(f"<b>{self.inlines(node.children, citations)}</b>")
            elif isinstance(node, Emph):
                out.append(f"<i>{self.inlines(node.children, citations)}</i>")
            elif isinstance(node, Link):
                inner = self.inlines(node.children, citations)
                # "#anchor" goes to that heading, whose link target pdf_template.outline_key names "h-anchor".
                url = f"#h-{re.sub(r'[^A-Za-z0-9_-]+', '-', node.url[1:]).strip('-')}" if node.url.startswith("#") \
                    else node.url
                out.append(f'<a href="{attribute(url)}" color="{self._link_color}">{inner}</a>')
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
