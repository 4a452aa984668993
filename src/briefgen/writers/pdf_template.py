"""The PDF page layout: cover and body pages, header and footer, outline, contents and page total.

The layout takes several `multiBuild` passes. Headings report themselves to
the table of contents and the outline as they are placed; `PageCounter`
records the page total at the end of one pass so that the footers of the next
pass can print "Page 3 of 12" (the delayed-showPage canvas recipe for this
breaks outlines). The build repeats until the contents and the total no
longer change.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import IndexingFlowable

from briefgen.document import Meta
from briefgen.writers.pdf_markup import Markup
from briefgen.writers.pdf_styles import RULE, Styles

PAGE_SIZES = {"A4": A4, "letter": letter}
"""Width and height in points of each page size a briefing may be printed on (see Meta.page_size)."""
MARGIN_TOP = 2.4 * cm
MARGIN_BOTTOM = 2.2 * cm
FRAME_WIDTH = A4[0] - 2 * 2.2 * cm
"""The width of the text on every page size: the narrowest page's, centred on wider ones."""
COVER_INFO_HEIGHT = 6 * cm  # the bottom frame of the cover: organisation, contact, edition, language
COVER_FOOT = 1.0 * cm  # the foot of that frame, as high above the page's edge as the DOCX's cover footer


@dataclass(frozen=True)
class Outline:
    """Where a heading goes in the outline and the contents.

    `key` names its link target; `title` is plain text for the outline;
    `toc_markup` is its contents entry, or None to leave it out of the contents.
    """

    key: str
    level: int
    title: str
    toc_markup: str | None


class HeadingParagraph(Paragraph):
    """A heading paragraph that marks its own position as a link target."""

    def __init__(self, markup: str, style, outline: Outline) -> None:
        super().__init__(f'<a name="{outline.key}"/>{markup}', style)
        self.outline = outline


class BodyParagraph(Paragraph):
    """A paragraph that draws nothing in the first layout pass, which only counts pages.

    reportlab lays out and draws every page in each pass; the first pass's
    pages are never kept, so drawing their text is wasted. The parts a
    paragraph splits into across pages keep its counter.
    """

    def __init__(self, text, style, counter: PageCounter | None = None, **kw) -> None:
        super().__init__(text, style, **kw)
        self.counter = counter
        self._wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # Lines depend on the width only: each pass, and a table sizing its
        # columns, asks again at the same width, and gets the lines found before.
        if availWidth == self._wrapped_width and hasattr(self, "blPara"):  # split() may drop the lines
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth if size[1] != 0x7FFFFFFF else None
        return size

    def split(self, availWidth: float, availHeight: float) -> list:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, BodyParagraph):
                part.counter = self.counter
        return parts

    def draw(self) -> None:
        if self.counter is None or not self.counter.first_pass:
            super().draw()


def outline_key(anchor: str, taken: set) -> str:
    """A link-target name for `anchor` that is safe in markup and unique in `taken` (which it joins)."""
    base = "h-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", anchor).strip("-") or "section")
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


class PageCounter(IndexingFlowable):
    """An invisible flowable that carries the page total from one build pass to the next.

    `total` is the page count of the previous pass (None before the first);
    the build is settled once a pass ends with the total it started with.
    """

    def __init__(self) -> None:
        super().__init__()
        self.total: int | None = None
        self._started_with: int | None = None
        self._pages = 0

    def beforeBuild(self) -> None:
        self._started_with = self.total
        self._pages = 0

    def notify(self, kind: str, stuff: object) -> None:
        if kind == "page_ended":
            self._pages = stuff

    def afterBuild(self) -> None:
        self.total = self._pages

    def isSatisfied(self) -> bool:
        return self._started_with == self.total

    @property
    def first_pass(self) -> bool:
        """True during the first pass, whose pages are counted but never kept."""
        return self._started_with is None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def _issue_date_formatter(issued: datetime.date):
    """A reportlab date formatter that writes `issued` at 00:00 UTC, whatever time it is given."""
    stamp = f"D:{issued.year:04d}{issued.month:02d}{issued.day:02d}000000+00'00'"
    return lambda *time_parts: stamp


def _frame(name: str, x: float, y: float, height: float) -> Frame:
    """A full-width frame without inner padding, so tables and text share one left edge."""
    return Frame(x, y, FRAME_WIDTH, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                 id=name)


class BriefingTemplate(BaseDocTemplate):
    """Pages of the document's size: a cover without header or footer, then body pages with both."""

    def __init__(self, target, meta: Meta, styles: Styles, markup: Markup, counter: PageCounter,
                 initial_font: str) -> None:
        self._meta = meta
        self._styles = styles
        self._markup = markup
        self._counter = counter
        self._outline_level = -1
        self._laid_out: dict[tuple, Paragraph] = {}
        self._width, self._height = PAGE_SIZES[meta.page_size]
        self._margin_x = (self._width - FRAME_WIDTH) / 2
        super().__init__(
            target,
            pagesize=(self._width, self._height),
            leftMargin=self._margin_x,
            rightMargin=self._margin_x,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=meta.title,
            author=meta.organisation,
            subject=meta.subtitle,
            keywords=list(meta.keywords),
            creator="briefgen",
            lang=meta.language,
            invariant=1,
            initialFontName=initial_font,
            displayDocTitle=1,
        )
        x, height = self._margin_x, self._height
        body = _frame("body", x, MARGIN_BOTTOM, height - MARGIN_TOP - MARGIN_BOTTOM)
        cover_top = _frame("cover", x, COVER_FOOT + COVER_INFO_HEIGHT,
                           height - MARGIN_TOP - COVER_FOOT - COVER_INFO_HEIGHT)
        cover_info = _frame("cover-info", x, COVER_FOOT, COVER_INFO_HEIGHT)
        self.addPageTemplates([
            PageTemplate("cover", [cover_top, cover_info], onPage=self._draw_cover),
            PageTemplate("body", [body], onPage=self._draw_header_footer),
        ])

    def beforeDocument(self) -> None:
        self._outline_level = -1
        # Invariant mode stamps every file 2000-01-01; the edition's own date
        # is as fixed, and tells a reader of the file's properties which
        # edition it is.
        self.canv.setDateFormatter(_issue_date_formatter(self._meta.issued))

    def afterPage(self) -> None:
        self.notify("page_ended", self.page)

    def afterFlowable(self, flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if not isinstance(outline, Outline):
            return
        # An outline level may go down by one step at most (an h3 straight
        # after an h1 hangs under it).
        level = min(outline.level - 1, self._outline_level + 1)
        self._outline_level = level
        self.canv.addOutlineEntry(outline.title, outline.key, level=level, closed=level > 0)
        if outline.toc_markup is not None:
            self.notify("TOCEntry", (outline.level - 1, outline.toc_markup, self.page, outline.key))

    def _draw_cover(self, canv, doc) -> None:
        # The cover is drawn by its flowables alone, as the DOCX draws it; the outline opens with the file.
        canv.showOutline()

    def _draw_header_footer(self, canv, doc) -> None:
        if self._counter.first_pass:
            return  # that pass's pages are never kept, and it does not know the total yet
        meta = self._meta
        total = self._counter.total
        footer = meta.label("page_of").format(page=doc.page, total=total)
        top = self._height - MARGIN_TOP + 0.75 * cm
        bottom = MARGIN_BOTTOM - 1.1 * cm
        canv.saveState()
        title_height = self._pair(canv, meta.title, meta.period, top)
        if meta.classification:
            self._marking(canv, top + title_height)
        self._pair(canv, meta.organisation, footer, bottom)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        left, right = self._margin_x, self._width - self._margin_x
        canv.line(left, top - 0.2 * cm, right, top - 0.2 * cm)
        canv.line(left, bottom + 0.45 * cm, right, bottom + 0.45 * cm)
        canv.restoreState()

    def _pair(self, canv, left: str, right: str, y: float) -> float:
        """One line of page furniture: `left` flush left, `right` flush right, bottom at `y`; its height.

        The right text keeps its natural width; a left text too long for the
        rest wraps upwards rather than running into it.
        """
        size = self._styles["header"].fontSize
        right_width = stringWidth(right, self._styles["header"].fontName, size) + 1
        left_width = FRAME_WIDTH - right_width - 0.8 * cm
        height = 0.0
        for text, style, x, width in (
            (left, "header", self._margin_x, left_width),
            (right, "header_right", self._width - self._margin_x - right_width, right_width),
        ):
            paragraph = self._furniture(canv, text, style, width)
            paragraph.drawOn(canv, x, y)
            height = max(height, paragraph.height)
        return height

    def _marking(self, canv, y: float) -> None:
        """The classification centred on a line of its own 2 points above `y`, the top of the title and
        period: however long the title and the marking run, neither covers the other (as in the DOCX)."""
        self._furniture(canv, self._meta.classification, "header_marking", FRAME_WIDTH).drawOn(
            canv, self._margin_x, y + 2)

    def _furniture(self, canv, text: str, style: str, width: float) -> Paragraph:
        """`text` laid out at `width`, once per document: most page furniture repeats on every page."""
        key = (text, style, width)
        paragraph = self._laid_out.get(key)
        if paragraph is None:
            paragraph = self._laid_out[key] = Paragraph(self._markup.text(text), self._styles[style])
            paragraph.wrapOn(canv, width, 2 * cm)
        return paragraph
