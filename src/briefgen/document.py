"""The format-neutral document model that every writer renders.

A `Document` is built once per language from facts and templates; writers only
read it. Every string in it is final text: numbers are already formatted for
the locale, UI labels already translated, and nothing is markup. Nodes are
frozen dataclasses whose children are tuples, checked when they are built, so
a writer can trust what it is given.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, fields
from typing import Union

from briefgen.errors import BriefgenError


class DocumentError(BriefgenError):
    """A document node was built with children of the wrong kind (a bug)."""

    category = "document"


def _check_children(owner: object, name: str, children: object, kinds: tuple) -> None:
    if not isinstance(children, tuple):
        raise DocumentError(f"{type(owner).__name__}.{name} must be a tuple, got {type(children).__name__}")
    for child in children:
        if not isinstance(child, kinds):
            allowed = ", ".join(k.__name__ for k in kinds)
            raise DocumentError(
                f"{type(owner).__name__}.{name} holds a {type(child).__name__}; expected one of {allowed}"
            )


def _check_text(owner: object, name: str, value: object) -> None:
    if not isinstance(value, str):
        raise DocumentError(f"{type(owner).__name__}.{name} must be text, got {type(value).__name__}")


# --- inlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain text, shown exactly as given (never parsed as markup)."""

    text: str

    def __post_init__(self) -> None:
        _check_text(self, "text", self.text)


@dataclass(frozen=True)
class Superscript:
    """Text set raised and smaller, as the suffix of an ordinal ("e" in "20e").

    It is a property of the text, not a separate word: "20" followed by
    Superscript("e") reads, copies and searches as "20e".
    """

    text: str

    def __post_init__(self) -> None:
        _check_text(self, "text", self.text)


@dataclass(frozen=True)
class Strong:
    """Bold text."""

    children: tuple

    def __post_init__(self) -> None:
        _check_children(self, "children", self.children, INLINE_TYPES)


@dataclass(frozen=True)
class Emph:
    """Italic text."""

    children: tuple

    def __post_init__(self) -> None:
        _check_children(self, "children", self.children, INLINE_TYPES)


@dataclass(frozen=True)
class Link:
    """A hyperlink to an external address."""

    children: tuple
    url: str

    def __post_init__(self) -> None:
        _check_children(self, "children", self.children, INLINE_TYPES)
        _check_text(self, "url", self.url)


@dataclass(frozen=True)
class Citation:
    """A reference to an entry of `Document.sources`, shown as a numbered note."""

    source_id: str

    def __post_init__(self) -> None:
        _check_text(self, "source_id", self.source_id)


Inline = Union[Text, Superscript, Strong, Emph, Link, Citation]
INLINE_TYPES = (Text, Superscript, Strong, Emph, Link, Citation)

# A number (digit groups and decimals allowed) followed by the letters of its suffix.
_ORDINAL = re.compile(r"(\d(?:[\d\u00a0\u202f.,']*\d)?)([^\W\d_]+)")


def split_ordinal(ordinal: str) -> tuple[str, str]:
    """A formatted ordinal as its number and the suffix typography raises.

    "20e" -> ("20", "e"), "1re" -> ("1", "re"), "21st" -> ("21", "st"). A
    suffix that is not letters is not raised and stays with the number:
    "20." -> ("20.", ""), as is text that is no ordinal.
    """
    match = _ORDINAL.fullmatch(ordinal)
    return (match[1], match[2]) if match else (ordinal, "")


def ordinal_inlines(ordinal: str, text: str | None = None) -> tuple:
    """`text` as inlines, with the suffix of each whole-word `ordinal` in it raised.

    `text` defaults to the ordinal itself: ordinal_inlines("20e") is
    (Text("20"), Superscript("e")). In a longer text, such as a date
    ordinal_inlines("1er", "1er novembre 2026"), only that ordinal changes;
    an ordinal with nothing to raise ("20.") leaves the text as one Text.
    """
    text = ordinal if text is None else text
    number, suffix = split_ordinal(ordinal)
    if not suffix:
        return (Text(text),) if text else ()
    out: list = []
    position = 0
    for match in re.finditer(rf"(?<!\w){re.escape(ordinal)}(?!\w)", text):
        out += [Text(text[position:match.start()] + number), Superscript(suffix)]
        position = match.end()
    if position < len(text):
        out.append(Text(text[position:]))
    return tuple(node for node in out if not (isinstance(node, Text) and not node.text))


# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A section heading; `anchor` is a stable id for bookmarks and the contents."""

    level: int
    inlines: tuple
    anchor: str

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise DocumentError(f"Heading.level must be 1, 2 or 3, got {self.level!r}")
        _check_children(self, "inlines", self.inlines, INLINE_TYPES)
        _check_text(self, "anchor", self.anchor)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    inlines: tuple

    def __post_init__(self) -> None:
        _check_children(self, "inlines", self.inlines, INLINE_TYPES)


@dataclass(frozen=True)
class BulletList:
    """A bulleted list; each item is a tuple of inlines."""

    items: tuple

    def __post_init__(self) -> None:
        _check_children(self, "items", self.items, (tuple,))
        for item in self.items:
            _check_children(self, "items[]", item, INLINE_TYPES)


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure: its formatted value, what it measures, and its source."""

    value: str
    label: tuple
    source_id: str

    def __post_init__(self) -> None:
        _check_text(self, "value", self.value)
        _check_children(self, "label", self.label, INLINE_TYPES)
        _check_text(self, "source_id", self.source_id)


@dataclass(frozen=True)
class KeyFigures:
    """A panel of headline figures."""

    items: tuple

    def __post_init__(self) -> None:
        _check_children(self, "items", self.items, (KeyFigure,))


@dataclass(frozen=True)
class Table:
    """A table of already formatted cells.

    `align` gives "left" or "right" per column (numbers align right);
    `sources` are the ids of the sources its figures come from.
    """

    header: tuple
    rows: tuple
    caption: str
    sources: tuple
    align: tuple = ()

    def __post_init__(self) -> None:
        _check_children(self, "header", self.header, (str,))
        _check_children(self, "rows", self.rows, (tuple,))
        for row in self.rows:
            _check_children(self, "rows[]", row, (str,))
            if len(row) != len(self.header):
                raise DocumentError(f"Table row has {len(row)} cells, header has {len(self.header)}")
        _check_text(self, "caption", self.caption)
        _check_children(self, "sources", self.sources, (str,))
        _check_children(self, "align", self.align, (str,))
        if self.align and len(self.align) != len(self.header):
            raise DocumentError("Table.align must give one alignment per column")
        if any(a not in ("left", "right") for a in self.align):
            raise DocumentError("Table.align values are 'left' or 'right'")


@dataclass(frozen=True)
class Image:
    """A rendered chart: PNG for raster targets, SVG for vector ones, size in centimetres.

    A build draws only the formats its writers use, so either may be None.
    """

    png: bytes | None
    svg: bytes | None
    width_cm: float
    height_cm: float

    def __repr__(self) -> str:  # keep dumps and error messages readable
        sizes = ", ".join(f"{name}={len(data)} bytes" for name, data in (("png", self.png), ("svg", self.svg))
                          if data is not None)
        return f"Image({sizes}, {self.width_cm}x{self.height_cm} cm)"


@dataclass(frozen=True)
class Figure:
    """A chart with its caption, alternative text and sources."""

    image: Image
    caption: str
    alt_text: str
    sources: tuple

    def __post_init__(self) -> None:
        if not isinstance(self.image, Image):
            raise DocumentError("Figure.image must be an Image")
        _check_text(self, "caption", self.caption)
        _check_text(self, "alt_text", self.alt_text)
        _check_children(self, "sources", self.sources, (str,))


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


BLOCK_TYPES = (Heading, Paragraph, BulletList, KeyFigures, Table, Figure, PageBreak)


# --- document ----------------------------------------------------------------


@dataclass(frozen=True)
class Branding:
    """Organisation name, colours as "#RRGGBB", and an optional logo (PNG bytes)."""

    organisation: str
    primary_color: str = "#1F3A5F"
    accent_color: str = "#C8102E"
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Meta:
    """What the document is: shown on the cover and stored as file metadata.

    `language` is a BCP 47 tag such as "fr-FR"; `edition_date` is the issue
    date as the reader sees it, as inlines (an ordinal day, "1er novembre",
    raises its suffix), `issued` the same date for file metadata (it is
    fixed by the period, so rebuilding gives the same file). `labels` holds
    translated UI strings the writers need: "contents", "sources", "notes",
    "page_of" (with {page} and {total}), "figure", "table", "source",
    "key_figures", "language", "edition", "contact", "language_name" (the
    edition's language in words, "français") and "colon" (": ", or "\u00a0: "
    in French). The cover says what the document is: `kind` ("Briefing note
    for a delegation visit"), `contact` (whom to ask, "" for no one named)
    and `classification` (how it may be passed on, "" when it is not marked).
    """

    title: str
    subtitle: str
    language: str
    period: str
    edition_date: tuple
    issued: datetime.date
    organisation: str
    keywords: tuple = ()
    labels: tuple = ()  # (key, text) pairs; see `label()`
    branding: Branding | None = None
    page_size: str = "A4"  # or "letter"
    kind: str = ""
    contact: str = ""
    classification: str = ""

    def __post_init__(self) -> None:
        _check_children(self, "edition_date", self.edition_date, INLINE_TYPES)

    def label(self, key: str) -> str:
        """The translated UI string for `key`; a missing key is a bug."""
        for name, text in self.labels:
            if name == key:
                return text
        raise DocumentError(f"the document has no UI label {key!r}")


@dataclass(frozen=True)
class SourceEntry:
    """One entry of the sources list, already formatted for the reader."""

    id: str
    title: str
    publisher: str
    date: str
    language: str
    url: str = ""


@dataclass(frozen=True)
class Document:
    """A whole briefing: metadata, blocks in reading order, and cited sources.

    Every citation in the blocks must name a listed source; the note number of
    a source is its position in `sources`, starting at 1.
    """

    meta: Meta
    blocks: tuple
    sources: tuple = field(default=())

    def __post_init__(self) -> None:
        _check_children(self, "blocks", self.blocks, BLOCK_TYPES)
        _check_children(self, "sources", self.sources, (SourceEntry,))
        known = {s.id for s in self.sources}
        missing = sorted(set(cited_source_ids(self.blocks)) - known)
        if missing:
            raise DocumentError(f"cited sources are not in the sources list: {', '.join(missing)}")

    def in_note_order(self, source_ids: tuple) -> list[str]:
        """`source_ids` in the order of their note numbers, as a "Sources: [1], [3], [7]" line lists them."""
        return sorted(source_ids, key=self.note_number)

    def note_number(self, source_id: str) -> int:
        """The 1-based note number of a source."""
        for number, entry in enumerate(self.sources, start=1):
            if entry.id == source_id:
                return number
        raise DocumentError(f"unknown source {source_id!r}")


def cited_source_ids(blocks: tuple) -> list[str]:
    """Source ids in order of first citation in `blocks` (text, key figures, tables, figures)."""
    seen: dict[str, None] = {}

    def visit(node: object) -> None:
        if isinstance(node, Citation):
            seen.setdefault(node.source_id, None)
        elif isinstance(node, KeyFigure):
            visit(node.label)
            seen.setdefault(node.source_id, None)
        elif isinstance(node, (Table, Figure)):
            for sid in node.sources:
                seen.setdefault(sid, None)
        elif isinstance(node, tuple):
            for child in node:
                visit(child)
        elif hasattr(node, "__dataclass_fields__"):
            for f in fields(node):
                visit(getattr(node, f.name))

    visit(blocks)
    return list(seen)


def texts(node: object):
    """Every string in `node` (a document or any part of it), chart SVGs included: e.g. to choose fonts."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, Image):
        if node.svg is not None:
            yield node.svg.decode("utf-8", "replace")
    elif isinstance(node, (tuple, list)):
        for child in node:
            yield from texts(child)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from texts(key)
            yield from texts(value)
    elif hasattr(node, "__dataclass_fields__"):
        for f in fields(node):
            yield from texts(getattr(node, f.name))


def plain_text(inlines: tuple) -> str:
    """The text of inlines without citations or formatting (for bookmarks and alt text)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Superscript)):
            parts.append(node.text)
        elif isinstance(node, (Strong, Emph, Link)):
            parts.append(plain_text(node.children))
    return "".join(parts)


def dump(document: Document) -> str:
    """A readable text dump, one node a line, for golden tests and debugging."""
    lines = [f"Document {document.meta.language} {document.meta.title!r} {document.meta.period!r}"]

    def inl(nodes: tuple) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, Superscript):
                out.append(f"^{node.text}^")
            elif isinstance(node, Strong):
                out.append(f"**{inl(node.children)}**")
            elif isinstance(node, Emph):
                out.append(f"_{inl(node.children)}_")
            elif isinstance(node, Link):
                out.append(f"[{inl(node.children)}]({node.url})")
            elif isinstance(node, Citation):
                out.append(f"[^{document.note_number(node.source_id)}]")
        return "".join(out)

    for block in document.blocks:
        if isinstance(block, Heading):
            lines.append(f"Heading{block.level} #{block.anchor}: {inl(block.inlines)}")
        elif isinstance(block, Paragraph):
            lines.append(f"Paragraph: {inl(block.inlines)}")
        elif isinstance(block, BulletList):
            lines.extend(f"  - {inl(item)}" for item in block.items)
        elif isinstance(block, KeyFigures):
            for item in block.items:
                lines.append(f"KeyFigure: {item.value} | {inl(item.label)} [^{document.note_number(item.source_id)}]")
        elif isinstance(block, Table):
            lines.append(f"Table: {block.caption}")
            lines.append("  | " + " | ".join(block.header) + " |")
            lines.extend("  | " + " | ".join(row) + " |" for row in block.rows)
        elif isinstance(block, Figure):
            lines.append(f"Figure: {block.caption} (alt: {block.alt_text})")
        elif isinstance(block, PageBreak):
            lines.append("PageBreak")
    for number, entry in enumerate(document.sources, start=1):
        lines.append(f"Source {number}: {entry.title} — {entry.publisher}, {entry.date} ({entry.language})")
    return "\n".join(lines) + "\n"
