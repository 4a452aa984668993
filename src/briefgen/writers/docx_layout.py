"""How the DOCX lays out: table column widths, and an estimate of the page each heading falls on.

The contents' page numbers are PAGEREF fields, which LibreOffice computes as
it lays the pages out, and Word when it prints or updates fields (F9); until
then Word shows the number written in the file. That number is estimated
here from the text the writer sets: the height of each block in the style
sheet's sizes (docx_styles), lines broken at an average width per kind of
character of Arial, forced page breaks, blocks kept whole, and footnotes
taking room at the foot of their page. It may be a page early or late where
a block ends near the foot of a page; LibreOffice shows the numbers it
computes, never this estimate.
"""

from __future__ import annotations

from docx.shared import Cm, Emu

from briefgen.document import (
    BulletList,
    Citation,
    Document,
    Figure,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Table,
    plain_text,
)
from briefgen.writers.base import key_figure_columns
from briefgen.writers.docx_styles import BOTTOM_MARGIN, PAGE_SIZES, TEXT_WIDTH, TOP_MARGIN

POINT = 12700  # EMU
CM = 28.35  # points
SIZE = 10.5  # the body text, in points
LINE = 1.15  # a line of Arial is 1.15 times its size
AUTO = LINE * 1.15  # and the style sheet's "auto" spacing (276) makes it 1.15 times that again
NOTE_SIZE = 8.5  # the footnote text, in points, single-spaced with 2 points after
SEPARATOR = 12  # the rule above a page's footnotes
_NARROW, _WIDE = set("fijlrtI.,;:'’!|()[] "), set("mwMW—%")


def column_widths(block: Table) -> list[Emu]:
    """Column widths across the text width, wider for longer content, none under 2 cm."""
    columns = len(block.header)
    longest = [max(len(row[i]) for row in (block.header, *block.rows)) for i in range(columns)]
    minimum = Cm(2)
    spare = max(TEXT_WIDTH - minimum * columns, 0)
    total = sum(longest) or 1
    return [Emu(int(minimum + spare * length / total)) for length in longest]


def _width(text: str, size: float) -> float:
    """The width in points of `text` in Arial at `size`, from an average per kind of character."""
    return size * sum(0.27 if c in _NARROW else 0.86 if c in _WIDE else 0.67 if c.isupper() else 0.54
                      for c in text)


def _lines(text: str, size: float, width: float) -> int:
    """How many lines `text` takes at `width` points, broken between words."""
    lines, used = 1, 0.0
    for word in text.split(" "):
        extent = _width(word + " ", size)
        if used and used + extent > width:
            lines, used = lines + 1, 0.0
        used += extent
    return lines


def _height(text: str, size: float, before: float = 0, after: float = 0, width: float | None = None,
            line: float = AUTO) -> float:
    """The height in points of a paragraph of `text`, `width` points wide (the text width by default)."""
    return before + after + _lines(text, size, TEXT_WIDTH / POINT if width is None else width) * size * line


def _cited(node: object) -> list[str]:
    """The source ids the inlines `node` cite, one per footnote."""
    if isinstance(node, Citation):
        return [node.source_id]
    if isinstance(node, tuple):
        return [source_id for child in node for source_id in _cited(child)]
    return _cited(getattr(node, "children", ()))


class _Flow:
    """Blocks set one after the other down pages `height` points high, with their footnotes at the foot."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.page = 1
        self.used = 0.0
        self.notes = 0
        self.break_pending = False

    def break_before_next(self) -> None:
        self.break_pending = True

    def place(self, height: float, notes: tuple[float, ...] = (), keep: float | None = None) -> int:
        """Set a block and the footnotes it calls (their heights); the page it starts on.

        It goes to a new page unless the `keep` points it must start with
        (all of it by default) fit on this one, with its footnotes.
        """
        if self.break_pending or (self.used and self.used + (height if keep is None else keep)
                                  + self._room(notes) > self.height):
            self.page, self.used, self.notes, self.break_pending = self.page + 1, 0.0, 0, False
        page = self.page
        self.used += height + self._room(notes)
        self.notes += len(notes)
        while self.used > self.height:  # a block longer than the page runs on
            self.page, self.used, self.notes = self.page + 1, self.used - self.height, 0
        return page

    def _room(self, notes: tuple[float, ...]) -> float:
        return sum(notes) + (SEPARATOR if notes and not self.notes else 0)


def estimated_pages(document: Document) -> list[int]:
    """The estimated page of each heading of `document`, in order, then of its sources list."""
    _, page_height = PAGE_SIZES[document.meta.page_size]
    flow = _Flow((page_height - TOP_MARGIN - BOTTOM_MARGIN) / POINT)
    text_width = TEXT_WIDTH / POINT
    entries = {entry.id: f"{entry.title} — {entry.publisher}, {entry.date} ({entry.language})"
               for entry in document.sources}

    given: set[str] = set()  # sources a footnote has given whole; later ones are one short line

    def notes(*sources: str) -> tuple[float, ...]:
        heights = []
        for source_id in sources:
            text = entries[source_id] if source_id not in given else f"{document.meta.label('source')} [99]"
            given.add(source_id)
            heights.append(_height(text, NOTE_SIZE, after=2, line=LINE))
        return tuple(heights)

    headings = [block for block in document.blocks if isinstance(block, Heading)]
    flow.break_before_next()  # the contents, after the cover
    flow.place(_height(document.meta.label("contents"), 16, after=12))
    for level, title in [(b.level, plain_text(b.inlines)) for b in headings] + [(1, document.meta.label("sources"))]:
        flow.place(_height(title, SIZE, 6 if level == 1 else 0, 2, text_width - 0.6 * CM * (level - 1)))
    flow.break_before_next()
    pages = []
    for block in document.blocks:
        if isinstance(block, Heading):
            size, before, after = {1: (16, 18, 8), 2: (13, 14, 4), 3: (11, 10, 3)}[block.level]
            own = _height(plain_text(block.inlines), size * 1.07, before, after)  # bold is wider
            pages.append(flow.place(own, notes(*_cited(block.inlines)), keep=own + 2 * SIZE * AUTO))
        elif isinstance(block, Paragraph):
            flow.place(_height(plain_text(block.inlines), SIZE, after=6), notes(*_cited(block.inlines)),
                       keep=2 * SIZE * AUTO)
        elif isinstance(block, BulletList):
            for item in block.items:
                flow.place(_height(plain_text(item), SIZE, after=3, width=text_width - 18), notes(*_cited(item)))
        elif isinstance(block, KeyFigures) and block.items:
            columns = key_figure_columns(len(block.items))
            column = text_width / columns - 14
            rows = [block.items[i:i + columns] for i in range(0, len(block.items), columns)]
            panel = sum(11 + max(_height(item.value, 18 if columns < 4 else 14, width=column, line=LINE)
                                 + _height(plain_text(item.label), 9, 2, width=column, line=LINE) for item in row)
                        for row in rows)
            cited = [item.source_id for item in block.items] + [s for item in block.items for s in _cited(item.label)]
            flow.place(_height("x", 9, 12, 4) + panel + _height("", 8, 3, 12), notes(*cited))
        elif isinstance(block, Table):
            cells = [width / POINT - 10 for width in column_widths(block)]
            rows = sum(5 + max(_height(text, 9.5, width=cell, line=LINE) for text, cell in zip(row, cells))
                       for row in (block.header, *block.rows))
            flow.place(_height(block.caption, 9, 6, 3) + rows + _height("", 8, 3, 12))
        elif isinstance(block, Figure):
            image = min(block.image.width_cm, 16) * block.image.height_cm / block.image.width_cm * CM
            flow.place(6 + image + _height(block.caption, 9, 6, 3) + _height("", 8, 3, 12))
        elif isinstance(block, PageBreak):
            flow.break_before_next()
    flow.break_before_next()
    pages.append(flow.place(_height(document.meta.label("sources"), 16, 18, 8)))
    return pages
