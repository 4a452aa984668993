"""The PDF writer, checked by reading its output back: text, fonts, metadata, outline, links."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame
from reportlab.platypus import Paragraph as ParagraphFlowable

from briefgen.document import (
    Branding,
    Citation,
    Document,
    Figure,
    Heading,
    Image,
    KeyFigure,
    KeyFigures,
    Link,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    plain_text,
)
from briefgen.writers.base import UnknownNodeError, get_writer
from briefgen.writers.pdf import PdfWriter
from briefgen.writers.pdf_fonts import CJK_FONT_FILES, load_fonts
from briefgen.writers.pdf_markup import Markup
from briefgen.writers.pdf_template import outline_key
from sample_document import NBSP, NNBSP, TRICKY, sample_document, tiny_chart

HAS_CJK_FONT = any(os.path.exists(path) for path in CJK_FONT_FILES)


def tool(name: str) -> str:
    """The path of a command-line tool, or a visible skip when it is not installed."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils qpdf)")
    return path


def flat(text: str) -> str:
    """Text with every run of whitespace (no-break spaces included) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace(NNBSP, " ")).strip()


def page_texts(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def outline_titles(items: list, depth: int = 0) -> list[tuple[int, str]]:
    """The outline as (depth, title) pairs in reading order."""
    out = []
    for item in items:
        if isinstance(item, list):
            out += outline_titles(item, depth + 1)
        else:
            out.append((depth, item.title))
    return out


@pytest.fixture(scope="module", params=["fr", "en"])
def lang(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def rendered(lang) -> bytes:
    return PdfWriter().render(sample_document(lang))


@pytest.fixture(scope="module")
def reader(rendered) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(rendered))


def long_document(charts: int = 6, sections: int = 8) -> Document:
    """A briefing of about twenty pages: sections of text, a long table, several charts."""
    base = sample_document("fr")
    chart = tiny_chart()
    blocks = list(base.blocks)
    for n in range(1, sections + 1):
        blocks.append(Heading(1, (Text(f"Section {n}"),), f"section-{n}"))
        for m in range(1, 3):
            blocks.append(Heading(2, (Text(f"Partie {n}.{m}"),), f"section-{n}-{m}"))
            blocks += [Paragraph((Text(f"Paragraphe {k} : " + "la densité d’innovation progresse " * 12),
                                  Citation("s1"))) for k in range(3)]
        if n <= charts:
            blocks.append(Figure(image=chart, caption=f"Graphique {n}", alt_text="barres", sources=("s1",)))
    rows = tuple((f"Ligne {i}", f"{i * 1000:,}".replace(",", NNBSP)) for i in range(60))
    blocks.append(Table(header=("Indicateur", "Valeur"), rows=rows, caption="Longue table", sources=("s2",),
                        align=("left", "right")))
    return dataclasses.replace(base, blocks=tuple(blocks))


# --- text ---------------------------------------------------------------------


def test_registered_under_its_name():
    assert (PdfWriter.name, PdfWriter.suffix) == ("pdf", ".pdf")
    assert isinstance(get_writer("pdf"), PdfWriter)


def test_headings_and_tricky_text_appear_literally(rendered, lang):
    text = " ".join(page_texts(rendered))
    for heading in (("Densité d’innovation", "Détail", "Coopération") if lang == "fr"
                    else ("Innovation density", "Detail", "Cooperation")):
        assert heading in text
    assert TRICKY in text  # markup characters, template syntax, guillemets, CJK: nothing lost
    assert "Coopération avec Qingdao & <autres>" in text


def test_french_numbers_keep_their_no_break_spaces():
    """The text layer holds U+00A0 and U+202F themselves: copied figures stay unbreakable."""
    pdf = PdfWriter().render(sample_document("fr"))
    raw = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert raw.count(f"86,55{NBSP}%") == 3  # key figure, paragraph, table cell
    assert raw.count(f"180{NNBSP}000") == 3  # key figure, list item, table cell
    assert f"plus de 180{NNBSP}000 mu" in raw
    assert not re.search("[\ue000-\uf8ff]", raw)  # no private-use stand-in leaks into the text


def test_footer_counts_pages_and_cover_has_none(rendered, lang):
    pages = page_texts(rendered)
    word = "sur" if lang == "fr" else "of"
    assert not re.search(r"Page \d+ (sur|of) \d+", pages[0])
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} {word} {len(pages)}" in text


def test_header_carries_the_title_on_body_pages(rendered, lang):
    title = sample_document(lang).meta.title
    assert all(text.startswith(title) for text in page_texts(rendered)[1:])


def test_cover_shows_title_subtitle_period_edition_language(rendered, lang):
    meta = sample_document(lang).meta
    cover = page_texts(rendered)[0]
    for part in (meta.title, meta.subtitle, meta.period, f"{meta.label('edition')} {plain_text(meta.edition_date)}",
                 meta.label("language_name"), meta.organisation):
        assert part in cover


def test_contents_lists_sections_with_page_numbers(rendered, lang):
    pages = page_texts(rendered)
    meta = sample_document(lang).meta
    assert pages[1].startswith(meta.title) and meta.label("contents") in pages[1]
    layout = subprocess.run([tool("pdftotext"), "-layout", "-f", "2", "-l", "2", "-", "-"], input=rendered,
                            capture_output=True, check=True).stdout.decode("utf-8")
    heading = "Coopération" if lang == "fr" else "Cooperation"
    page_of_heading = next(n for n, text in enumerate(pages, start=1) if n > 2 and heading in text)
    assert re.search(rf"{heading}[ .]+{page_of_heading}\n", layout), layout
    assert re.search(rf"{meta.label('sources')}[ .]+{len(pages)}\n", layout), layout


def test_sources_list_is_numbered_in_note_order(rendered, lang):
    last = page_texts(rendered)[-1]
    document = sample_document(lang)
    for number, entry in enumerate(document.sources, start=1):
        assert f"[{number}] {entry.title} — {entry.publisher}, {entry.date} ({entry.language})" in last


def test_table_and_figure_have_numbered_captions_and_source_lines():
    text = " ".join(page_texts(PdfWriter().render(sample_document("fr"))))
    assert "Tableau 1 : Chiffres de Laoshan" in text
    assert "Source : [1]" in text
    assert "Figure 1 : Part de la haute technologie Sources : [1], [2]" in text
    english = " ".join(page_texts(PdfWriter().render(sample_document("en"))))
    assert "Table 1: Laoshan figures" in english and "Source: [1]" in english


def test_pdftotext_reads_the_same_text(rendered):
    result = subprocess.run([tool("pdftotext"), "-", "-"], input=rendered, capture_output=True, check=True)
    assert TRICKY in flat(result.stdout.decode("utf-8"))


# --- fonts --------------------------------------------------------------------


def _fonts(reader: pypdf.PdfReader) -> dict[str, dict]:
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    return fonts


def _font_file(font) -> object:
    """The embedded font program of a simple or composite font, or None."""
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor and descriptor.get_object().get("/FontFile2")


def test_every_font_is_embedded_truetype(reader):
    fonts = _fonts(reader)
    assert fonts
    for name, font in fonts.items():
        assert "Helvetica" not in name
        assert _font_file(font) is not None, f"{name} is not embedded"


def test_pdffonts_reports_every_font_embedded(rendered, tmp_path):
    path = tmp_path / "sample.pdf"
    path.write_bytes(rendered)
    lines = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = lines.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), lines
    assert "Helvetica" not in lines


@pytest.mark.skipif(not HAS_CJK_FONT, reason="no CJK font installed (apt-get install fonts-wqy-microhei)")
def test_chinese_is_set_in_the_cjk_font(reader):
    assert any("WenQuanYi" in name for name in _fonts(reader))
    assert "青岛 崂山" in " ".join(flat(p.extract_text()) for p in reader.pages)


def test_chart_text_uses_embedded_fonts():
    """A chart whose SVG keeps text as text (as briefgen's charts do) adds no Helvetica."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(4, 2.5))
    fig.add_subplot().bar(["Qingdao", "Laoshan"], [1, 2])
    png, svg = io.BytesIO(), io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig.savefig(png, format="png")
        fig.savefig(svg, format="svg", metadata={"Date": None})
    image = Image(png=png.getvalue(), svg=svg.getvalue(), width_cm=12, height_cm=7.5)
    base = sample_document("en")
    document = dataclasses.replace(base, blocks=(Figure(image, "Chart", "bars", ("s1",)),))
    pdf = PdfWriter().render(document)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = _fonts(reader)
    assert all("Helvetica" not in name and _font_file(font) is not None for name, font in fonts.items())
    assert "Laoshan" in " ".join(page_texts(pdf))


def test_fonts_registered_elsewhere_first_do_not_replace_the_writer_fonts(tmp_path):
    """reportlab shares fonts by face name; svglib or chart code may register DejaVu Sans first."""
    script = tmp_path / "first.py"
    script.write_text(
        "import io, os, sys, matplotlib, pypdf\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from reportlab.pdfbase.ttfonts import TTFont\n"
        "path = os.path.join(matplotlib.get_data_path(), 'fonts', 'ttf', 'DejaVuSans.ttf')\n"
        "pdfmetrics.registerFont(TTFont('DejaVu Sans', path))\n"
        f"sys.path.insert(0, {os.path.dirname(__file__)!r})\n"
        "from sample_document import sample_document\n"
        "from briefgen.writers.pdf import PdfWriter\n"
        "pdf = PdfWriter().render(sample_document('fr'))\n"
        "text = ''.join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)\n"
        "print(text.count('86,55\\u00a0%'), text.count('180\\u202f000'), '\\x00' in text)\n"
    )
    result = subprocess.run([sys.executable, "-W", "error", str(script)], capture_output=True, text=True)
    assert result.stdout.split() == ["3", "3", "False"], result.stderr


@pytest.mark.parametrize("count", [0, 1, 4, 5, 7])
def test_key_figure_panels_of_any_size_keep_every_figure(count):
    base = sample_document("fr")
    items = tuple(KeyFigure(value=f"{n}{NNBSP}000{NBSP}%", label=(Text(f"indicateur {n}"),), source_id="s1")
                  for n in range(1, count + 1))
    text = " ".join(page_texts(PdfWriter().render(dataclasses.replace(base, blocks=(KeyFigures(items),)))))
    for n in range(1, count + 1):
        assert f"{n} 000 % indicateur {n}" in text
    assert ("Chiffres clés" in text) == bool(count)


# --- figures ------------------------------------------------------------------


def _image_count(page) -> int:
    xobjects = page["/Resources"].get("/XObject", {})
    return sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")


def test_figure_is_vector_when_svg_is_given(reader):
    assert sum(_image_count(page) for page in reader.pages) == 0


@pytest.mark.parametrize("svg", [b"", b"not xml at all", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'])
def test_figure_falls_back_to_png_without_a_usable_svg(svg):
    base = sample_document("fr")
    chart = tiny_chart()
    figure = Figure(dataclasses.replace(chart, svg=svg), "Graphique", "barres", ("s1",))
    pdf = PdfWriter().render(dataclasses.replace(base, blocks=(figure,)))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert sum(_image_count(page) for page in reader.pages) == 1
    assert "Figure 1 : Graphique" in " ".join(page_texts(pdf))


# --- metadata, outline, links, structure --------------------------------------


def test_metadata(reader, lang):
    meta = sample_document(lang).meta
    info = reader.metadata
    assert info.title == meta.title
    assert info.author == meta.organisation
    assert info.subject == meta.subtitle
    assert info.creator == "briefgen"
    assert "Laoshan" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == meta.language


def test_outline_lists_every_heading_at_its_level(reader, lang):
    document = sample_document(lang)
    expected = [(0, document.meta.label("contents"))]
    expected += [(block.level - 1, block.inlines[0].text) for block in document.blocks if isinstance(block, Heading)]
    expected += [(0, document.meta.label("sources"))]
    assert outline_titles(reader.outline) == expected


def test_outline_entries_point_to_their_pages(reader):
    pages = [flat(page.extract_text()) for page in reader.pages]
    for item in (i for i in reader.outline if not isinstance(i, list)):
        assert item.title in pages[reader.get_destination_page_number(item)]


def _links(page) -> list:
    return [a.get_object() for a in page.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]


def test_external_link_keeps_its_address(reader):
    uris = [link["/A"]["/URI"] for page in reader.pages for link in _links(page) if "/A" in link]
    assert "https://example.org/a?b=1&c=2" in uris


def test_citations_link_to_the_sources_list(reader):
    sources_page = len(reader.pages) - 1
    body_links = [link for page in reader.pages[2:-1] for link in _links(page) if "/Dest" in link]
    assert body_links
    for link in body_links:
        assert reader.get_page_number(link["/Dest"][0].get_object()) == sources_page


def test_contents_entries_link_to_headings(reader):
    contents_links = [link for link in _links(reader.pages[1]) if "/Dest" in link]
    targets = {reader.get_page_number(link["/Dest"][0].get_object()) for link in contents_links}
    headings = {reader.get_destination_page_number(item) for item in reader.outline[1:] if not isinstance(item, list)}
    assert len(contents_links) >= 4
    assert targets == headings


def test_qpdf_check_passes(rendered, tmp_path):
    path = tmp_path / "sample.pdf"
    path.write_bytes(rendered)
    result = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_same_document_gives_identical_bytes(lang):
    assert PdfWriter().render(sample_document(lang)) == PdfWriter().render(sample_document(lang))


def test_unknown_block_is_an_error():
    document = sample_document("en")

    class Aside:
        pass

    object.__setattr__(document, "blocks", document.blocks + (Aside(),))
    with pytest.raises(UnknownNodeError, match="Aside"):
        PdfWriter().render(document)


def test_unknown_inline_is_an_error():
    document = sample_document("en")

    class Footnote:
        pass

    paragraph = Paragraph((Text("x"),))
    object.__setattr__(paragraph, "inlines", (Footnote(),))
    object.__setattr__(document, "blocks", (paragraph,))
    with pytest.raises(UnknownNodeError, match="Footnote"):
        PdfWriter().render(document)


def test_page_breaks_in_a_row_leave_no_blank_page():
    base = sample_document("fr")
    document = dataclasses.replace(base, blocks=(PageBreak(),) + base.blocks + (PageBreak(), PageBreak()))
    pages = page_texts(PdfWriter().render(document))
    assert len(pages) == len(page_texts(PdfWriter().render(base)))


# --- long documents -----------------------------------------------------------


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return PdfWriter().render(long_document())


def test_long_document_footer_total_matches_page_count(long_pdf):
    pages = page_texts(long_pdf)
    assert len(pages) >= 15
    assert f"Page {len(pages)} sur {len(pages)}" in pages[-1]
    assert f"Page 2 sur {len(pages)}" in pages[1]


def test_long_table_repeats_its_header_on_each_page(long_pdf):
    pages = [text for text in page_texts(long_pdf) if "Ligne" in text]
    assert len(pages) >= 2
    assert all("Indicateur Valeur" in text for text in pages)
    assert "Ligne 59 59 000" in pages[-1]


def test_long_document_outline_has_every_section(long_pdf):
    titles = [title for _, title in outline_titles(pypdf.PdfReader(io.BytesIO(long_pdf)).outline)]
    assert [t for t in titles if t.startswith("Section ")] == [f"Section {n}" for n in range(1, 9)]
    assert "Partie 8.2" in titles


# --- markup -------------------------------------------------------------------


def _markup() -> Markup:
    return Markup(load_fonts(), lambda source_id: 1, "#1F3A5F")


def _style() -> ParagraphStyle:
    return ParagraphStyle("t", fontName=load_fonts().regular, fontSize=10, leading=12)


def test_markup_keeps_every_character():
    markup = _markup()
    text = TRICKY + " &amp; &#60; <b>not bold</b> \\ %"
    paragraph = ParagraphFlowable(markup.text(text), _style())
    assert paragraph.getPlainText() == text


def test_markup_of_inlines():
    markup = _markup()
    nodes = (Strong((Text("a&b"),)), Citation("s1"), Citation("s1"),
             Link((Text("<x>"),), 'https://e.org/?q="1"&r=2'))
    html = markup.inlines(nodes)
    assert "<b>a&amp;b</b>" in html
    assert "<super>,</super>" in html  # two note calls in a row stay apart
    assert 'href="https://e.org/?q=&quot;1&quot;&amp;r=2"' in html
    assert markup.inlines(nodes, citations=False).count("<super>") == 0


def _lines_in_frame(markup_text: str, width: float) -> list[str]:
    """The text lines of a paragraph set in a frame `width` points wide."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 20, 400), invariant=1, initialFontName=load_fonts().regular)
    frame = Frame(10, 10, width, 380, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList([ParagraphFlowable(markup_text, _style())], canvas)
    canvas.save()
    text = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    return [flat(line) for line in text.splitlines() if line.strip()]


SENTENCE = f"La zone couvre plus de 180{NNBSP}000{NNBSP}000 mu de terres agricoles."
WIDTHS = range(70, 260, 3)  # points; the number alone is about 61 points wide


def test_numbers_never_split_across_lines():
    markup = _markup()
    breaks_beside_number = 0
    for width in WIDTHS:
        lines = _lines_in_frame(markup.text(SENTENCE), width)
        holding = [line for line in lines if "180 000 000" in line]
        assert len(holding) == 1, (width, lines)
        breaks_beside_number += holding[0].startswith("180") or holding[0].endswith("000")
    assert breaks_beside_number  # the sweep did put line breaks right next to the number


def test_reportlab_alone_would_split_the_number():
    """Without the writer's markup reportlab breaks at U+202F: the test above can fail."""
    from xml.sax.saxutils import escape

    split = [width for width in WIDTHS
             if not any("180 000 000" in line for line in _lines_in_frame(escape(SENTENCE), width))]
    assert split


def test_outline_keys_are_safe_and_unique():
    taken: set = set()
    assert outline_key("innovation", taken) == "h-innovation"
    assert outline_key("innovation", taken) == "h-innovation-2"
    assert outline_key('a,b"c é', taken) == "h-a-b-c"
    assert outline_key("", taken) == "h-section"


def test_the_pass_that_only_counts_pages_draws_no_text(monkeypatch):
    """Paragraphs, their parts split across pages included, are drawn in the kept pass only, and whole."""
    from briefgen.writers.pdf_template import BodyParagraph

    drawn: list[bool] = []
    parts: list = []
    draw, split = ParagraphFlowable.draw, BodyParagraph.split

    def record_draw(paragraph):
        if isinstance(paragraph, BodyParagraph):
            drawn.append(paragraph.counter.first_pass)
        draw(paragraph)

    def record_split(paragraph, width, height):
        pieces = split(paragraph, width, height)
        parts.extend(pieces)
        return pieces

    monkeypatch.setattr(ParagraphFlowable, "draw", record_draw)
    monkeypatch.setattr(BodyParagraph, "split", record_split)
    base = long_document(charts=1, sections=2)
    long_paragraph = Paragraph((Text("Une phrase qui revient. " * 400),))
    pdf = PdfWriter().render(dataclasses.replace(base, blocks=base.blocks + (long_paragraph,)))
    assert len(parts) >= 2 and all(isinstance(p, BodyParagraph) and p.counter is not None for p in parts)
    assert drawn and not any(drawn)  # every body paragraph drawn, none in the pass that only counts pages
    text = flat(" ".join(page_texts(pdf)))  # page furniture comes between a page's last line and the next
    assert text.count("phrase") == text.count("revient.") == 400


def test_lines_found_once_per_width_give_the_pdf_found_every_time(monkeypatch):
    """A body paragraph keeps its lines for a width it was laid out at: the PDF is the one of a fresh layout."""
    from briefgen.writers.pdf_template import BodyParagraph

    base = long_document(charts=2, sections=3)
    document = dataclasses.replace(base, blocks=base.blocks + (Paragraph((Text("Une phrase qui revient. " * 300),)),))
    kept = PdfWriter().render(document)
    breaks: list[int] = []
    original = ParagraphFlowable.breakLines

    def counted(paragraph, widths):
        breaks.append(id(paragraph))
        return original(paragraph, widths)

    monkeypatch.setattr(ParagraphFlowable, "breakLines", counted)
    PdfWriter().render(document)
    with_cache = len(breaks)
    breaks.clear()
    monkeypatch.setattr(BodyParagraph, "wrap", ParagraphFlowable.wrap)  # lines found at every request
    fresh = PdfWriter().render(document)
    assert fresh == kept
    assert with_cache < len(breaks) / 2


def test_seven_key_figures_sit_in_rows_of_four_and_three():
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import Table as TableFlowable

    base = sample_document("fr")
    items = tuple(KeyFigure(value=f"{n} milliards de yuans", label=(Text(f"chiffre {n}"),), source_id="s1")
                  for n in range(7))
    pdf = PdfWriter().render(dataclasses.replace(base, blocks=(KeyFigures(items),)))
    text = flat(" ".join(page_texts(pdf)))
    assert all(f"{n} milliards de yuans" in text for n in range(7))
    panels = [f for f in _story_of(dataclasses.replace(base, blocks=(KeyFigures(items),)))
              if isinstance(f, KeepTogether)]
    (table,) = [f for panel in panels for f in panel._content if isinstance(f, TableFlowable)]
    assert (table._nrows, table._ncols) == (3, 4)  # the title row, then four and three figures


def _story_of(document):
    from briefgen.writers import pdf as pdf_module
    from briefgen.writers.pdf_fonts import fonts_for
    from briefgen.writers.pdf_markup import Markup
    from briefgen.writers.pdf_styles import make_styles
    from briefgen.writers.pdf_template import PageCounter

    fonts = fonts_for(["x"])
    branding = document.meta.branding or Branding(organisation=document.meta.organisation)
    styles = make_styles(fonts, branding.primary_color, branding.accent_color)
    markup = Markup(fonts, document.note_number, styles.primary_hex)
    return pdf_module._Story(document, branding, styles, markup, fonts, PageCounter()).flowables()


# --- headings kept with what they introduce -----------------------------------


def _filled_then(block, lines: int) -> Document:
    """A document whose first section fills most of a page, then a heading introducing `block`."""
    base = sample_document("fr")
    filler = [Paragraph((Text(f"Ligne {k} : " + "la densité d’innovation progresse " * 10),)) for k in range(lines)]
    blocks = (Heading(1, (Text("Premier"),), "premier"), *filler,
              Heading(1, (Text("Qui est qui"),), "qui"), block)
    return dataclasses.replace(base, blocks=blocks)


def _page_of(pages: list[str], text: str) -> int:
    """The one page after the contents that holds `text`."""
    (number,) = [n for n, page in enumerate(pages) if text in page and "Sommaire" not in page]
    return number


@pytest.mark.parametrize("rows", [5, 40])
@pytest.mark.parametrize("lines", range(8, 15))
def test_a_heading_never_ends_a_page_without_its_table(rows, lines):
    table = Table(header=("Nom", "Qui ou quoi"), rows=tuple((f"Nom {i}", "entreprise " * 8) for i in range(rows)),
                  caption="Entreprises citées", sources=("s1",))
    pages = page_texts(PdfWriter().render(_filled_then(table, lines)))
    heading = [n for n, page in enumerate(pages) if re.search(r"Qui est qui Tableau 1", page)]
    assert heading, "the heading is not followed on its page by the table's caption"
    assert _page_of(pages, "Nom 0 ") == heading[0]


@pytest.mark.parametrize("lines", range(8, 15))
def test_a_heading_never_ends_a_page_without_its_figure(lines):
    figure = Figure(image=tiny_chart(), caption="Barres", alt_text="barres", sources=("s1",))
    pages = page_texts(PdfWriter().render(_filled_then(figure, lines)))
    assert _page_of(pages, "Qui est qui") == _page_of(pages, "Figure 1")


def test_a_source_line_lists_its_sources_in_note_order():
    base = sample_document("fr")
    table = Table(header=("A", "B"), rows=(("x", "1"),), caption="Ordre", sources=("s2", "s1"))
    pdf = PdfWriter().render(dataclasses.replace(base, blocks=(*base.blocks, table)))
    text = " ".join(page_texts(pdf))
    assert "Sources : [1], [2]" in text
    assert "[2], [1]" not in text
