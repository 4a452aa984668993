"""The PDF writer: a visitor that lays out a `Document` as a branded A4 briefing with reportlab."""

from __future__ import annotations

import io
import re

from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageBreakIfNotEmpty,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Image as ImageFlowable
from reportlab.platypus import Paragraph as ParagraphFlowable
from reportlab.platypus import Table as TableFlowable
from reportlab.platypus.flowables import TopPadder
from reportlab.platypus.tableofcontents import TableOfContents

from briefgen import document as doc
from briefgen.writers.base import UnknownNodeError, Writer, cover_details, key_figure_columns, register
from briefgen.writers.pdf_figures import chart_flowable
from briefgen.writers.pdf_fonts import FontSet, fonts_for
from briefgen.writers.pdf_markup import Markup, note_key
from briefgen.writers.pdf_styles import Styles, make_styles, tint
from briefgen.writers.pdf_template import (
    FRAME_WIDTH,
    BodyParagraph,
    BriefingTemplate,
    HeadingParagraph,
    Outline,
    PageCounter,
    outline_key,
)

CELL_PADDING = 6  # points, left and right of a table cell
SHORT_TABLE_ROWS = 15  # a table this short moves to the next page whole rather than split
LONG_TABLE_START = 4 * cm  # room a longer table needs for its caption, header and first rows, or it starts a page
HEADING_ROOM = 1.5 * cm  # room asked for each heading just before such a table
# Where reportlab may break a line: whitespace except the no-break spaces,
# which the markup keeps unbreakable (see pdf_markup).
_BREAKABLE = re.compile(r"[ \t\n\r\f\v\u2000-\u200b\u2028\u2029\u205f\u3000]+")


@register
class PdfWriter(Writer):
    """Renders a briefing as PDF: cover, contents, body, sources; fonts embedded, bytes reproducible."""

    name = "pdf"
    suffix = ".pdf"
    chart_format = "svg"  # drawn as vectors; the PNG is used only when svglib cannot read the SVG

    def render(self, document: doc.Document) -> bytes:
        fonts = fonts_for(doc.texts(document))
        meta = document.meta
        branding = meta.branding or doc.Branding(organisation=meta.organisation)
        styles = make_styles(fonts, branding.primary_color, branding.accent_color)
        markup = Markup(fonts, document.note_number, styles.primary_hex)
        counter = PageCounter()
        story = _Story(document, branding, styles, markup, fonts, counter).flowables()
        buffer = io.BytesIO()
        template = BriefingTemplate(buffer, meta, styles, markup, counter, fonts.regular)
        template.multiBuild([counter, *story])
        return buffer.getvalue()


class _Story:
    """Builds the flowables of one document: a visitor over its blocks."""

    def __init__(self, document: doc.Document, branding: doc.Branding, styles: Styles, markup: Markup,
                 fonts: FontSet, counter: PageCounter) -> None:
        self._document = document
        self._counter = counter
        self._meta = document.meta
        self._branding = branding
        self._styles = styles
        self._markup = markup
        self._fonts = fonts
        self._keys: set = set()
        self._toc: TableOfContents | None = None
        self._tables = 0
        self._figures = 0
        self._visit = {
            doc.Heading: self._heading,
            doc.Paragraph: self._paragraph,
            doc.BulletList: self._bullets,
            doc.KeyFigures: self._key_figures,
            doc.Table: self._table,
            doc.Figure: self._figure,
            doc.PageBreak: lambda block: [PageBreakIfNotEmpty()],
        }

    def flowables(self) -> list[Flowable]:
        """Cover, contents, every block in order, then the sources list."""
        story = self._cover()
        if self._document.sources or any(isinstance(b, doc.Heading) for b in self._document.blocks):
            story += self._contents()
        for block in self._document.blocks:
            visit = self._visit.get(type(block))
            if visit is None:
                raise UnknownNodeError(f"the PDF writer cannot render the block node {type(block).__name__}")
            story += _joined_to_headings(story, visit(block))
        story += self._sources()
        if self._toc is not None:
            # Entries known in advance give the first layout pass contents of
            # the right length, which saves a whole pass.
            self._toc.addEntries([(f.outline.level - 1, f.outline.toc_markup, 0, f.outline.key) for f in story
                                  if isinstance(f, HeadingParagraph) and f.outline.toc_markup is not None])
        # reportlab skips a PageBreakIfNotEmpty at the top of a page, but not
        # a second one in a row: that would leave a blank page.
        return [f for i, f in enumerate(story)
                if not (i and isinstance(f, PageBreakIfNotEmpty) and isinstance(story[i - 1], PageBreak))]

    # --- helpers -------------------------------------------------------------

    def _para(self, markup: str, role: str, **kw) -> ParagraphFlowable:
        return BodyParagraph(markup, self._styles[role], self._counter, **kw)

    def _text(self, text: str, role: str) -> ParagraphFlowable:
        return self._para(self._markup.text(text), role)

    def _with_colon(self, label: str) -> str:
        """`label` followed by the language's colon (French sets a no-break space before it)."""
        return label + self._meta.label("colon")

    def _source_line(self, source_ids: tuple) -> list[Flowable]:
        """'Source : [1]' (or 'Sources : [1], [2]') under a table or figure."""
        if not source_ids:
            return []
        label = self._meta.label("source" if len(source_ids) == 1 else "sources")
        refs = ", ".join(self._markup.note_ref(self._document.note_number(s))
                         for s in self._document.in_note_order(source_ids))
        return [self._para(self._markup.text(self._with_colon(label)) + refs, "source_line")]

    def _caption(self, label_key: str, number: int, caption: str) -> ParagraphFlowable:
        """'Tableau 1 : caption' or 'Figure 2: caption'."""
        return self._text(self._with_colon(f"{self._meta.label(label_key)} {number}") + caption, "caption")

    def _grid(self, data: list, style: list, **kw) -> TableFlowable:
        """A platypus Table whose own text state is the briefing font (its default is Helvetica)."""
        return TableFlowable(data, style=[("FONTNAME", (0, 0), (-1, -1), self._fonts.regular), *style], **kw)

    def _heading_flowable(self, level: int, markup: str, title: str, anchor: str, toc: str | None):
        key = outline_key(anchor, self._keys)
        if toc is not None and level == 1:
            toc = f"<b>{toc}</b>"
        return HeadingParagraph(markup, self._styles[f"h{level}"], Outline(key, level, title, toc))

    # --- cover and contents --------------------------------------------------

    def _cover(self) -> list[Flowable]:
        """What the document is, the same in the DOCX: publisher, a panel with kind, title, subtitle and
        month, the classification if any, and at the foot who publishes it, whom to ask, edition, language."""
        meta, styles = self._meta, self._styles
        top: list[Flowable] = [Spacer(1, 0.4 * cm)]
        if self._branding.logo_png:
            top.append(_logo(self._branding.logo_png, max_width=6 * cm, max_height=2.2 * cm))
        else:
            top.append(self._text(self._branding.organisation, "cover_org"))
        top.append(Spacer(1, 3.2 * cm))
        lines = [(meta.kind, "cover_kind"), (meta.title, "cover_title"), (meta.subtitle, "cover_subtitle"),
                 (meta.period, "cover_period")]
        panel = self._grid(
            [[[self._text(text, role) for text, role in lines if text]]],
            colWidths=[FRAME_WIDTH],
            style=[
                ("BACKGROUND", (0, 0), (-1, -1), styles.primary),
                ("LINEBEFORE", (0, 0), (0, -1), 6, styles.accent),
                ("TOPPADDING", (0, 0), (-1, -1), 22),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 24),
                ("LEFTPADDING", (0, 0), (-1, -1), 22),
                ("RIGHTPADDING", (0, 0), (-1, -1), 22),
            ],
        )
        top.append(panel)
        if meta.classification:
            top += [Spacer(1, 0.8 * cm), self._grid(
                [[self._text(meta.classification, "cover_classification")]],
                colWidths=[FRAME_WIDTH],
                style=[("BOX", (0, 0), (-1, -1), 1.2, styles.accent), ("TOPPADDING", (0, 0), (-1, -1), 5),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 8)],
            )]
        info = [self._para(self._markup.inlines(line), "cover_info_strong" if part == "organisation" else "cover_info")
                for part, line in cover_details(meta)]
        bottom = self._grid(
            [[info]],
            colWidths=[FRAME_WIDTH],
            style=[
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, styles.primary),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
            ],
        )
        # At the foot of the page, where the DOCX's cover footer sits.
        return [*top, FrameBreak(), TopPadder(bottom), NextPageTemplate("body"), PageBreak()]

    def _contents(self) -> list[Flowable]:
        title = self._meta.label("contents")
        heading = self._heading_flowable(1, self._markup.text(title), title, "contents", None)
        self._toc = toc = TableOfContents(
            levelStyles=[self._styles["toc1"], self._styles["toc2"], self._styles["toc3"]],
            dotsMinLevel=0,
            tableStyle=TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), self._fonts.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]),
        )
        return [heading, toc, PageBreakIfNotEmpty()]

    # --- blocks --------------------------------------------------------------

    def _heading(self, block: doc.Heading) -> list[Flowable]:
        toc = self._markup.inlines(block.inlines, citations=False)
        markup = self._markup.inlines(block.inlines)
        return [self._heading_flowable(block.level, markup, doc.plain_text(block.inlines), block.anchor, toc)]

    def _paragraph(self, block: doc.Paragraph) -> list[Flowable]:
        return [self._para(self._markup.inlines(block.inlines), "body")]

    def _bullets(self, block: doc.BulletList) -> list[Flowable]:
        items = [self._para(self._markup.inlines(item), "bullet", bulletText="•") for item in block.items]
        return [*items, Spacer(1, 4)]

    def _key_figures(self, block: doc.KeyFigures) -> list[Flowable]:
        styles, markup = self._styles, self._markup
        count = len(block.items)
        if not count:
            return []
        columns = key_figure_columns(count)
        width = FRAME_WIDTH / columns
        inner = width - 2 * 12
        # One size for every value of the panel: the largest at which each fits its column.
        value_style = _fitted(styles["figure_value"], [item.value for item in block.items], inner)
        cells = []
        for item in block.items:
            value = BodyParagraph(markup.text(item.value), value_style, self._counter)
            label = self._para(
                markup.inlines(item.label)
                + markup.note_call(self._document.note_number(item.source_id)),
                "figure_label",
            )
            cells.append([value, label])
        cells += [""] * (-count % columns)
        rows = [[self._text(self._meta.label("key_figures"), "panel_title")] + [""] * (columns - 1)]
        rows += [cells[i:i + columns] for i in range(0, len(cells), columns)]
        panel = self._grid(
            rows,
            colWidths=[width] * columns,
            style=[
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, -1), tint(styles.primary, 0.07)),
                ("LINEABOVE", (0, 0), (-1, 0), 2.5, styles.accent),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, 0), 10),
                ("TOPPADDING", (0, 1), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                # Thin rules between the figures of a row, not beside the empty cells of the last one.
                *(("LINEAFTER", (0, row), (filled - 2, row), 0.6, tint(styles.primary, 0.25))
                  for row, filled in enumerate(_row_fill(count, columns), start=1) if filled > 1),
            ],
        )
        return [Spacer(1, 4), KeepTogether([panel]), Spacer(1, 12)]

    def _table(self, block: doc.Table) -> list[Flowable]:
        styles, markup = self._styles, self._markup
        self._tables += 1
        align = block.align or ("left",) * len(block.header)
        size = styles["cell_left"].fontSize
        header = [self._para(markup.text(text), f"head_{a}") for text, a in zip(block.header, align)]
        rows = [[self._para(markup.text(text), f"cell_{a}") for text, a in zip(row, align)]
                for row in block.rows]
        widths = _column_widths([block.header, *block.rows], self._fonts, size, FRAME_WIDTH)
        table = self._grid(
            [header, *rows],
            colWidths=widths,
            repeatRows=1,
            hAlign="LEFT",
            style=[
                ("BACKGROUND", (0, 0), (-1, 0), styles.primary),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, tint(styles.primary, 0.07)]),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, styles.primary),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
        )
        parts = [self._caption("table", self._tables, block.caption), table, *self._source_line(block.sources)]
        if len(block.rows) <= SHORT_TABLE_ROWS:
            return [_Together(parts)]
        # A long table starts where its caption, header and first rows fit, then flows on.
        return [CondPageBreak(LONG_TABLE_START), *parts]

    def _figure(self, block: doc.Figure) -> list[Flowable]:
        self._figures += 1
        graphic = chart_flowable(block.image, FRAME_WIDTH, self._fonts, self._counter)
        caption = self._caption("figure", self._figures, block.caption)
        return [_Together([Spacer(1, 4), graphic, caption, *self._source_line(block.sources)])]

    # --- sources -------------------------------------------------------------

    def _sources(self) -> list[Flowable]:
        if not self._document.sources:
            return []
        title = self._meta.label("sources")
        heading = self._heading_flowable(1, self._markup.text(title), title, "sources", self._markup.text(title))
        entries = []
        for number, entry in enumerate(self._document.sources, start=1):
            name = (doc.Link((doc.Text(entry.title),), entry.url) if entry.url else doc.Text(entry.title),)
            where = ", ".join(part for part in (entry.publisher, entry.date) if part)
            tail = (f" — {where}" if where else "") + (f" ({entry.language})" if entry.language else "")
            text = self._markup.inlines(name) + self._markup.text(tail)
            if entry.url:
                # Printed copies cannot follow the link: the address is shown too.
                text += "<br/>" + self._markup.inlines((doc.Link((doc.Text(entry.url),), entry.url),))
            entries.append(self._para(f'<a name="{note_key(number)}"/>{text}', "source_entry",
                                      bulletText=f"[{number}]"))
        return [PageBreakIfNotEmpty(), heading, *entries]


def _row_fill(count: int, columns: int) -> list[int]:
    """How many of `count` items each row holds, `columns` to a row."""
    return [min(columns, count - start) for start in range(0, count, columns)]


def _logo(png: bytes, max_width: float, max_height: float) -> ImageFlowable:
    """The logo at its aspect ratio within the given box, left-aligned."""
    pixels_w, pixels_h = ImageReader(io.BytesIO(png)).getSize()
    scale = min(max_width / pixels_w, max_height / pixels_h)
    logo = ImageFlowable(io.BytesIO(png), width=pixels_w * scale, height=pixels_h * scale)
    logo.hAlign = "LEFT"
    return logo


def _fitted(style, texts: list[str], width: float):
    """`style`, at a smaller size when the longest unbreakable part of `texts` is wider than `width`."""
    widest = max((stringWidth(w, style.fontName, style.fontSize) for t in texts for w in _BREAKABLE.split(t)),
                 default=0)
    if widest <= width:
        return style
    size = style.fontSize * width / widest * 0.98  # a little room for rounding in line fitting
    return type(style)(style.name + "-fitted", parent=style, fontSize=size, leading=size * 1.2)


def _column_widths(rows: list, fonts: FontSet, size: float, total: float) -> list[float]:
    """Column widths filling `total`: no column narrower than its longest unbreakable word.

    Extra room goes to columns in proportion to how much they would need to
    hold their longest cell on one line.
    """
    padding = 2 * CELL_PADDING + 1  # the extra point absorbs rounding in reportlab's line fitting
    columns = list(zip(*rows))
    fonts_for = [fonts.bold] + [fonts.regular] * (len(rows) - 1)
    natural = [max(stringWidth(c, f, size) for c, f in zip(col, fonts_for)) + padding for col in columns]
    minimum = [
        max(stringWidth(w, f, size) for c, f in zip(col, fonts_for) for w in _BREAKABLE.split(c)) + padding
        for col in columns
    ]
    if sum(natural) <= total:
        return [n * total / sum(natural) for n in natural]
    if sum(minimum) >= total:
        return [m * total / sum(minimum) for m in minimum]
    slack = [n - m for n, m in zip(natural, minimum)]
    room = total - sum(minimum)
    return [m + room * s / sum(slack) for m, s in zip(minimum, slack)]



class _Together(Flowable):
    """Flowables to keep on one page, and with the headings just before them: a KeepTogether once placed.

    reportlab keeps a heading with the next flowable, but not with a
    KeepTogether, so a heading would stay alone at the foot of a page while
    its table or figure moves to the next; `_joined_to_headings` puts the
    headings inside.
    """

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts


def _joined_to_headings(story: list[Flowable], parts: list[Flowable]) -> list[Flowable]:
    """`parts` to add to `story`, with the headings that end `story` kept on the same page as their start.

    A group kept together takes those headings inside it; a long table's
    page-break check moves before them, asking room for them as well (kept
    with the check, they would stay alone at the foot of a page).
    """
    if not parts:
        return parts
    at = len(story)
    while at and isinstance(story[at - 1], HeadingParagraph):
        at -= 1
    headings = story[at:]
    first, rest = parts[0], parts[1:]
    if isinstance(first, _Together):
        del story[at:]
        return [KeepTogether([*headings, *first.parts]), *rest]
    if isinstance(first, CondPageBreak) and headings:
        story.insert(at, CondPageBreak(LONG_TABLE_START + len(headings) * HEADING_ROOM))
        return rest
    return parts
