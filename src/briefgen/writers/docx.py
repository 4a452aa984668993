"""The DOCX writer: a briefing as an editable Word document with real styles."""

from __future__ import annotations

import io
import itertools
import re

from docx.shared import Cm, Emu

from briefgen.document import (
    Branding,
    DocumentError,
    BulletList,
    Citation,
    Document,
    Emph,
    Figure,
    Heading,
    KeyFigures,
    Link,
    PageBreak,
    Paragraph,
    Strong,
    Superscript,
    Table,
    Text,
    plain_text,
)
from briefgen.writers.base import UnknownNodeError, Writer, cover_details, key_figure_columns, register
from briefgen.writers.docx_ooxml import (
    add_bookmark,
    add_field,
    add_hyperlink,
    add_page_reference,
    bookmark_name,
    keep_row_together,
    repeat_as_header,
    set_alt_text,
    set_table_alt_text,
    span_text_width,
    use_current_layout_rules,
)
from briefgen.writers.docx_footnotes import Footnotes
from briefgen.writers.docx_layout import column_widths, estimated_pages
from briefgen.writers.docx_package import drop_stale_parts, reproducible_zip, set_metadata
from briefgen.writers.docx_styles import NARROW_KEY_FIGURE_VALUE, TEXT_WIDTH, add_marking_style, styled_document

MAX_FIGURE_WIDTH = Cm(16)
CONTENTS_BOOKMARK = "_Toc_"  # the hidden bookmarks on headings, as Word names those its contents point to
# (header row?, column alignment) -> paragraph style of the cell
_CELL_STYLES = {
    (True, "left"): "Table Header",
    (True, "right"): "Table Header Number",
    (False, "left"): "Table Text",
    (False, "right"): "Table Number",
}


@register
class DocxWriter(Writer):
    """Renders a `Document` as DOCX: cover, contents, body (citations as footnotes), sources, header, footer."""

    name = "docx"
    suffix = ".docx"
    chart_format = "png"

    def render(self, document: Document) -> bytes:
        """The DOCX file for `document`; equal documents give identical bytes."""
        return _Builder(document).build()


class _Builder:
    """The state of one render: the python-docx document and running counters."""

    def __init__(self, document: Document) -> None:
        self.source = document
        self.meta = document.meta
        self.branding = document.meta.branding or Branding(organisation=document.meta.organisation)
        self.doc, self.style_index = styled_document(self.meta.language, self.branding.primary_color,
                                                     self.branding.accent_color, self.meta.page_size)
        self.bookmark_ids = itertools.count(1)
        self.taken_bookmarks: set[str] = set()
        self.captions = {"table": 0, "figure": 0}
        self.footnoted: set[str] = set()  # sources whose whole entry a footnote has given
        self.break_pending = False
        self.styles: dict[str, str] = {}
        self.footnotes = Footnotes(self.doc, self.style_id("footnote text"), self.style_id("footnote reference"))
        self.entries = {entry.id: entry for entry in document.sources}
        self.blocks = {
            Heading: self.heading,
            Paragraph: self.paragraph,
            BulletList: self.bullet_list,
            KeyFigures: self.key_figures,
            Table: self.table,
            Figure: self.figure,
            PageBreak: self.page_break,
        }
        # Every heading's bookmark is known before the contents are written.
        self.heading_bookmarks = [
            bookmark_name(block.anchor, self.taken_bookmarks, CONTENTS_BOOKMARK)
            for block in document.blocks
            if isinstance(block, Heading)
        ]
        # A link "#anchor" in the text goes to that heading's bookmark.
        self.anchor_bookmarks = dict(zip((b.anchor for b in document.blocks if isinstance(b, Heading)),
                                         self.heading_bookmarks))
        self.sources_bookmark = bookmark_name("sources", self.taken_bookmarks, CONTENTS_BOOKMARK)
        self.next_heading = iter(self.heading_bookmarks)

    def build(self) -> bytes:
        self.cover()
        self.contents()
        for block in self.source.blocks:
            handler = self.blocks.get(type(block))
            if handler is None:
                raise UnknownNodeError(f"the DOCX writer cannot render a {type(block).__name__} block")
            handler(block)
        self.sources()
        self.header_and_footer()
        use_current_layout_rules(self.doc.settings)
        set_metadata(self.doc, self.meta)
        drop_stale_parts(self.doc)
        out = io.BytesIO()
        self.doc.save(out)
        return reproducible_zip(out.getvalue())

    # --- helpers -------------------------------------------------------------

    def style_id(self, name: str) -> str:
        """The id of the style called `name`, looked up once per render."""
        if name not in self.styles:
            self.styles[name] = self.style_index[name].style_id
        return self.styles[name]

    def restyle(self, paragraph, name: str) -> None:
        # Set through the element: python-docx's setter scans every style of
        # the template on each call, which would dominate the render time.
        paragraph._p.style = self.style_id(name)

    def new_paragraph(self, style: str, container=None):
        """A paragraph in `style` at the end of `container` (the body unless a cell is given).

        A pending page break becomes "page break before" on the next body
        paragraph, so no empty line is left at the top of the new page.
        """
        paragraph = (self.doc if container is None else container).add_paragraph()
        self.restyle(paragraph, style)
        if container is None and self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        return paragraph

    def bookmark(self, paragraph, name: str) -> None:
        add_bookmark(paragraph, name, next(self.bookmark_ids))

    def separator(self) -> str:
        """What goes between a label and its text: the language's colon."""
        return self.meta.label("colon")

    # --- inlines -------------------------------------------------------------

    def inlines(self, paragraph, nodes: tuple, *, bold=False, italic=False, link=None) -> None:
        """Append `nodes` to `paragraph` as runs; `link` is the w:hyperlink they belong to."""
        previous = None
        for node in nodes:
            kind = type(node)
            if kind is Text:
                self.run(paragraph, node.text, bold=bold, italic=italic, link=link)
            elif kind is Superscript:
                self.run(paragraph, node.text, bold=bold, italic=italic, link=link).font.superscript = True
            elif kind is Strong:
                self.inlines(paragraph, node.children, bold=True, italic=italic, link=link)
            elif kind is Emph:
                self.inlines(paragraph, node.children, bold=bold, italic=True, link=link)
            elif kind is Link:
                # Word cannot nest hyperlinks: an inner link keeps the outer target.
                target = link if link is not None else self.hyperlink(paragraph, node.url)
                self.inlines(paragraph, node.children, bold=bold, italic=italic, link=target)
            elif kind is Citation:
                if type(previous) is Citation:
                    self.run(paragraph, ",", style="footnote reference", link=link)
                self.footnote(paragraph, node.source_id, link=link)
            else:
                raise UnknownNodeError(f"the DOCX writer cannot render a {kind.__name__} inline")
            previous = node

    def hyperlink(self, paragraph, url: str):
        """A link to an address, or to a heading of the document for "#anchor"; an unknown anchor is a bug."""
        if url.startswith("#"):
            bookmark = self.anchor_bookmarks.get(url[1:])
            if bookmark is None:
                raise DocumentError(f"a link points to #{url[1:]}, which no heading of the document has")
            return add_hyperlink(paragraph, anchor=bookmark)
        return add_hyperlink(paragraph, url=url)

    def run(self, paragraph, text: str, *, bold=False, italic=False, link=None, style=None):
        """One run of literal `text`, styled by what it is rather than by direct formatting."""
        if style is None:
            if link is not None:
                style = "Hyperlink"
            elif bold:
                style = "Strong"
            elif italic:
                style = "Emphasis"
        run = paragraph.add_run(text)
        if style:
            run._r.style = self.style_id(style)
        # A run has one character style; combinations add what the style lacks.
        if bold and style != "Strong":
            run.bold = True
        if italic and style != "Emphasis":
            run.italic = True
        if link is not None:
            link.append(run._r)
        return run

    def footnote(self, paragraph, source_id: str, *, link=None) -> None:
        """A Word footnote, its mark here, its text the source's entry as the sources list gives it.

        Every citation is a footnote of its own, so Word and LibreOffice
        number every mark, whatever is added later. The first footnote of a
        source gives its whole entry; later ones send the reader to it in the
        sources list ("Source [2]"), so repeated sources do not fill the foot
        of the page.
        """
        note = self.footnotes.add(paragraph._p if link is None else link)
        if source_id in self.footnoted:
            number = self.source.note_number(source_id)
            note.add_run(f"{self.meta.label('source')} ")
            self.run(note, f"[{number}]", link=add_hyperlink(note, anchor=self.source_bookmark(number)))
            return
        self.footnoted.add(source_id)
        self.source_entry(note, self.entries[source_id])

    def source_entry(self, paragraph, entry) -> None:
        """The title (linked to its address when it has one), then publisher, date and language."""
        if entry.url:
            self.run(paragraph, entry.title, link=add_hyperlink(paragraph, url=entry.url))
        else:
            paragraph.add_run(entry.title)
        where = ", ".join(part for part in (entry.publisher, entry.date) if part)
        paragraph.add_run((" — " + where if where else "") + (f" ({entry.language})" if entry.language else ""))

    def source_line(self, source_ids: tuple) -> None:
        """The "Source : [1], [2]" line under a table or figure, each number linked to its entry."""
        if not source_ids:
            self.spacer()
            return
        paragraph = self.new_paragraph("Source Line")
        label = self.meta.label("source" if len(source_ids) == 1 else "sources")
        paragraph.add_run(label + self.separator())
        for position, source_id in enumerate(self.source.in_note_order(source_ids)):
            if position:
                paragraph.add_run(", ")
            number = self.source.note_number(source_id)
            link = add_hyperlink(paragraph, anchor=self.source_bookmark(number))
            self.run(paragraph, f"[{number}]", link=link, style="Hyperlink")

    @staticmethod
    def source_bookmark(number: int) -> str:
        # A leading underscore hides the bookmark from Word's bookmark list.
        return f"_Source{number}"

    def caption(self, kind: str, text: str) -> None:
        """A numbered caption ("Tableau 1 : …") whose number is a SEQ field, as Word inserts it."""
        self.captions[kind] += 1
        label = self.meta.label(kind)
        paragraph = self.new_paragraph("Caption")
        paragraph.add_run(label + " ")
        identifier = label if re.fullmatch(r"[^\W\d_]\w*", label) else kind.capitalize()
        add_field(paragraph, f"SEQ {identifier} \\* ARABIC", str(self.captions[kind]))
        paragraph.add_run(self.separator() + text)

    # --- cover, contents, sources ----------------------------------------------

    def cover(self) -> None:
        """What the document is, the same in the PDF: publisher, a panel with kind, title, subtitle and
        month, and the classification if any; the foot of the page is `cover_details`."""
        meta, branding = self.meta, self.branding
        publisher = self.new_paragraph("Cover Organisation")
        if branding.logo_png:
            publisher.add_run().add_picture(io.BytesIO(branding.logo_png), height=Cm(1.8))
        else:
            publisher.add_run(branding.organisation)
        panel = self.doc.add_table(rows=1, cols=1)
        panel.style = self.style_index["Cover Panel"]
        panel.autofit = False
        span_text_width(panel)
        cell = panel.rows[0].cells[0]
        cell.width = TEXT_WIDTH
        lines = [(text, style) for text, style in ((meta.kind, "Cover Kind"), (meta.title, "Title"),
                                                    (meta.subtitle, "Subtitle"), (meta.period, "Cover Period"))
                 if text]
        for position, (text, style) in enumerate(lines):
            paragraph = cell.paragraphs[0] if position == 0 else self.new_paragraph(style, cell)
            self.restyle(paragraph, style)
            paragraph.add_run(text)
        if meta.classification:
            self.new_paragraph("Cover Classification").add_run(meta.classification)

    def cover_details(self, footer) -> None:
        """Publisher, contact, edition and language at the foot of the cover, in its own footer.

        The footer pins them to the bottom of the page however long the title
        runs, without pushing anything onto a second page.
        """
        for position, (part, line) in enumerate(cover_details(self.meta)):
            paragraph = footer.paragraphs[0] if position == 0 else footer.add_paragraph()
            self.restyle(paragraph, "Cover Publisher" if part == "organisation" else "Cover Detail")
            self.inlines(paragraph, line)

    def contents(self) -> None:
        """The contents title and an entry per heading: its title and its page, each linked to the heading.

        The page is a PAGEREF field to the heading's bookmark. LibreOffice
        computes it as it lays the pages out, but not inside a TOC field,
        whose result it keeps as plain text: so the entries are not wrapped
        in one. Word shows the estimated page written here until it updates
        fields (F9, or printing); nothing asks to update on opening.
        """
        self.break_pending = True
        self.new_paragraph("TOC Heading").add_run(self.meta.label("contents"))
        headings = [block for block in self.source.blocks if isinstance(block, Heading)]
        entries = [(block.level, plain_text(block.inlines)) for block in headings]
        entries.append((1, self.meta.label("sources")))
        names = [*self.heading_bookmarks, self.sources_bookmark]
        for (level, text), name, page in zip(entries, names, estimated_pages(self.source)):
            paragraph = self.new_paragraph(f"toc {level}")
            # Word's own entries are plain text in a link, not in the Hyperlink style.
            link = add_hyperlink(paragraph, anchor=name)
            link.append(paragraph.add_run(f"{text}\t")._r)
            add_page_reference(link, name, str(page))
        self.break_pending = True

    def sources(self) -> None:
        self.break_pending = True
        heading = self.new_paragraph("Heading 1")
        heading.add_run(self.meta.label("sources"))
        self.bookmark(heading, self.sources_bookmark)
        for number, entry in enumerate(self.source.sources, start=1):
            paragraph = self.new_paragraph("Source Entry")
            paragraph.add_run(f"[{number}]\t")
            self.source_entry(paragraph, entry)
            self.bookmark(paragraph, self.source_bookmark(number))

    def header_and_footer(self) -> None:
        """Title and period in the header, under the classification if any; "Page X of Y" in the footer;
        cover details on page one, whose header stays empty."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        self.restyle(section.first_page_header.paragraphs[0], "Normal")
        section.first_page_footer.is_linked_to_previous = False
        self.cover_details(section.first_page_footer)
        header = section.header.paragraphs[0]
        if self.meta.classification:
            self.header_marking(header)
            header = section.header.add_paragraph()
        self.restyle(header, "Header")
        header.add_run(f"{self.meta.title}\t{self.meta.period}")
        footer = section.footer.paragraphs[0]
        self.restyle(footer, "Footer")
        for piece in re.split(r"(\{page\}|\{total\})", self.meta.label("page_of")):
            if piece == "{page}":
                add_field(footer, "PAGE", "1")
            elif piece == "{total}":
                add_field(footer, "NUMPAGES", "1")
            elif piece:
                footer.add_run(piece)

    def header_marking(self, paragraph) -> None:
        """The classification in `paragraph`, the header's first: a line of its own, centred above the
        title and period, so that no title is long enough to run into it (as in the PDF)."""
        self.restyle(paragraph, add_marking_style(self.style_index, self.branding.accent_color))
        paragraph.add_run(self.meta.classification)

    # --- blocks ----------------------------------------------------------------

    def heading(self, block: Heading) -> None:
        paragraph = self.new_paragraph(f"Heading {block.level}")
        self.inlines(paragraph, block.inlines)
        self.bookmark(paragraph, next(self.next_heading))

    def paragraph(self, block: Paragraph) -> None:
        self.inlines(self.new_paragraph("Normal"), block.inlines)

    def bullet_list(self, block: BulletList) -> None:
        for item in block.items:
            self.inlines(self.new_paragraph("List Bullet"), item)

    def page_break(self, block: PageBreak) -> None:
        self.break_pending = True

    def key_figures(self, block: KeyFigures) -> None:
        """A shaded panel: one cell per figure, big value with its note, label below."""
        if not block.items:
            return
        self.new_paragraph("Key Figures Title").add_run(self.meta.label("key_figures"))
        count = len(block.items)
        columns = key_figure_columns(count)
        rows = -(-count // columns)
        table = self.doc.add_table(rows=rows, cols=columns)
        table.style = self.style_index["Key Figures Panel"]
        table.autofit = False
        set_table_alt_text(table, self.meta.label("key_figures"))
        span_text_width(table)
        width = Emu(int(TEXT_WIDTH / columns))
        for row in table.rows:
            keep_row_together(row)
        cells = [cell for row in table.rows for cell in row.cells]
        for index, cell in enumerate(cells):
            cell.width = width
            if index >= count:
                continue
            item = block.items[index]
            value = cell.paragraphs[0]
            self.restyle(value, "Key Figure Value" if columns < 4 else NARROW_KEY_FIGURE_VALUE)
            value.add_run(item.value)
            self.inlines(value, (Citation(item.source_id),))
            self.inlines(self.new_paragraph("Key Figure Label", cell), item.label)
        self.spacer()

    def table(self, block: Table) -> None:
        self.caption("table", block.caption)
        align = block.align or ("left",) * len(block.header)
        table = self.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self.style_index["Briefing Table"]
        set_table_alt_text(table, block.caption)
        span_text_width(table)
        widths = column_widths(block)
        repeat_as_header(table.rows[0])
        for row_index, (row, values) in enumerate(zip(table.rows, (block.header, *block.rows))):
            if row_index:
                keep_row_together(row)
            for cell, value, alignment, width in zip(row.cells, values, align, widths):
                cell.width = width
                paragraph = cell.paragraphs[0]
                self.restyle(paragraph, _CELL_STYLES[row_index == 0, alignment])
                paragraph.add_run(value)
        for column, width in zip(table.columns, widths):
            column.width = width
        self.source_line(block.sources)

    def figure(self, block: Figure) -> None:
        image = block.image
        width = min(Cm(image.width_cm), MAX_FIGURE_WIDTH)
        height = Emu(int(width * image.height_cm / image.width_cm))
        run = self.new_paragraph("Figure").add_run()
        run.add_picture(io.BytesIO(image.png), width=Emu(int(width)), height=height)
        set_alt_text(run, block.caption, block.alt_text)
        self.caption("figure", block.caption)
        self.source_line(block.sources)

    def spacer(self) -> None:
        """An empty paragraph after a table, so two tables never merge when edited."""
        self.new_paragraph("Source Line")
