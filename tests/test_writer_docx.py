"""The DOCX writer, checked by reopening its output with python-docx and reading its XML."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import shutil
import subprocess
import time
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph as Para
from sample_document import NBSP, TRICKY, sample_document, tiny_chart

from briefgen.document import (
    Branding,
    Citation,
    Document,
    Figure,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Text,
)
from briefgen.writers.base import UnknownNodeError
from briefgen.writers.docx import DocxWriter


def render(document: Document) -> bytes:
    return DocxWriter().render(document)


def reopen(data: bytes):
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def fr_bytes() -> bytes:
    return render(sample_document("fr"))


@pytest.fixture(scope="module")
def fr(fr_bytes):
    return reopen(fr_bytes)


@pytest.fixture(scope="module")
def en():
    return reopen(render(sample_document("en")))


def styled(word, style: str) -> list:
    return [p for p in word.paragraphs if p.style.name == style]


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


# --- registration and errors ---------------------------------------------------


def test_writer_declares_its_format():
    assert (DocxWriter.name, DocxWriter.suffix) == ("docx", ".docx")


def test_registry_finds_the_docx_writer():
    from briefgen.writers import get_writer

    assert isinstance(get_writer("docx"), DocxWriter)


def test_unknown_block_is_an_error():
    document = sample_document("fr")
    object.__setattr__(document, "blocks", document.blocks + (object(),))
    with pytest.raises(UnknownNodeError, match="object"):
        render(document)


def test_unknown_inline_is_an_error():
    class Shout(Text):
        """A node a newer document model might add."""

    document = sample_document("fr")
    document = Document(document.meta, document.blocks + (Paragraph((Shout("hé"),)),), document.sources)
    with pytest.raises(UnknownNodeError, match="Shout"):
        render(document)


# --- headings, contents, cover ----------------------------------------------------


def test_headings_use_word_heading_styles_and_carry_bookmarks(fr):
    headings = [(p.style.name, p.text) for p in fr.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Densité d’innovation"),
        ("Heading 2", "Détail"),
        ("Heading 1", "Coopération"),
        ("Heading 1", "Sources"),
    ]
    names = [b.get(qn("w:name")) for b in fr.element.body.iter(qn("w:bookmarkStart"))]
    # Hidden bookmarks, as Word puts on the headings its contents point to.
    assert {"_Toc_innovation", "_Toc_innovation_detail", "_Toc_cooperation", "_Toc_sources"} <= set(names)
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[A-Za-z_]\w{0,39}", name) for name in names)


def test_contents_entries_link_to_their_heading_and_give_its_page_by_pageref(fr):
    entries = [p for p in fr.paragraphs if p.style.name.startswith("toc")]
    assert [p.style.name for p in entries] == ["toc 1", "toc 2", "toc 1", "toc 1"]
    headings = {p.text: [b.get(qn("w:name")) for b in p._p.iter(qn("w:bookmarkStart"))][0]
                for p in fr.paragraphs if p.style.name.startswith("Heading")}
    pages = []
    for entry in entries:
        (link,) = entry._p.iter(qn("w:hyperlink"))
        title = entry.text.rstrip("\t")
        assert link.get(qn("w:anchor")) == headings[title]
        (field,) = link.iter(qn("w:fldSimple"))
        assert field.get(qn("w:instr")) == f" PAGEREF {headings[title]} \\h "
        pages.append("".join(t.text for t in field.iter(qn("w:t"))))  # the estimated page, shown by Word until it updates fields
    assert pages == ["3", "3", "4", "5"]


def test_contents_asks_for_no_update_and_is_no_toc_field(fr, fr_bytes):
    # LibreOffice shows a TOC field's page numbers as the text stored in it, and computes PAGEREF
    # fields only outside one; Word asks to update fields on opening when told to (updateFields) or
    # when a field is marked dirty.
    instructions = [t.text for t in fr.element.body.iter(qn("w:instrText"))]
    instructions += [f.get(qn("w:instr")) for f in fr.element.body.iter(qn("w:fldSimple"))]
    assert not any(i.strip().startswith("TOC") for i in instructions) and instructions
    assert not [c for c in fr.element.body.iter(qn("w:fldChar")) if c.get(qn("w:dirty"))]
    assert fr.settings.element.find(qn("w:updateFields")) is None


def test_contents_title_is_not_a_heading(fr):
    (title,) = [p for p in fr.paragraphs if p.text == "Sommaire"]
    assert not title.style.name.startswith("Heading")
    assert title.style.base_style.name == "Normal"
    outline = title.style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    assert outline is None or int(outline.get(qn("w:val"))) > 2
    assert title.paragraph_format.page_break_before


def test_cover_shows_logo_when_given():
    document = sample_document("en")
    branded = dataclasses.replace(document.meta, branding=Branding("Sophia Antipolis", logo_png=tiny_chart().png))
    word = reopen(render(Document(branded, document.blocks, document.sources)))
    assert len(word.inline_shapes) == 2


def test_heading_colour_follows_branding():
    document = sample_document("en")
    branded = dataclasses.replace(document.meta, branding=Branding("Org", primary_color="#005A3C"))
    word = reopen(render(Document(branded, document.blocks, document.sources)))
    assert str(word.styles["Heading 1"].font.color.rgb) == "005A3C"


def test_page_break_starts_next_heading_on_new_page(fr):
    (cooperation,) = [p for p in fr.paragraphs if p.text == "Coopération" and p.style.name == "Heading 1"]
    assert cooperation.paragraph_format.page_break_before


# --- text and inlines ---------------------------------------------------------------


def test_tricky_text_is_literal_everywhere(fr, fr_bytes):
    body = [p.text for p in fr.paragraphs]
    assert body.count(TRICKY) == 2  # a bullet item, and a paragraph whose footnote mark has no text
    cells = [c.text for t in fr.tables for row in t.rows for c in row.cells]
    assert TRICKY in cells
    # Stored as escaped text in one run, never as markup or a field.
    xml = part_xml(fr_bytes, "word/document.xml")
    assert "<w:t>R&amp;D &lt;confidential&gt; \"Q&amp;A\" {{ 7*7 }} *star* _under_ 青岛 崂山" in xml


def test_strong_emph_and_link(fr):
    (paragraph,) = [p for p in fr.paragraphs if p.text.startswith("En 2023")]
    runs = {r.text: r for r in paragraph.runs}
    assert runs[f"86,55{NBSP}%"].style.name == "Strong"
    assert runs[TRICKY].style.name == "Emphasis"
    (external,) = [h for h in paragraph.hyperlinks if h.address]
    assert (external.text, external.address) == ("lien", "https://example.org/a?b=1&c=2")
    assert external.runs[0].style.name == "Hyperlink"


def footnote_marks(paragraph) -> list[str]:
    return [r.get(qn("w:id")) for r in paragraph._p.iter(qn("w:footnoteReference"))]


def test_citations_are_footnote_marks(fr):
    (paragraph,) = [p for p in fr.paragraphs if p.text.startswith("En 2023")]
    (mark,) = paragraph._p.iter(qn("w:footnoteReference"))
    run = mark.getparent()
    assert run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == "FootnoteReference"
    assert fr.styles["footnote reference"].font.superscript
    assert not [h for h in paragraph.hyperlinks if h.fragment]  # the mark is Word's own, not a link


def test_adjacent_citations_are_separated():
    document = sample_document("en")
    extra = Paragraph((Text("Both"), Citation("s1"), Citation("s2")))
    word = reopen(render(Document(document.meta, document.blocks + (extra,), document.sources)))
    (paragraph,) = [p for p in word.paragraphs if p.text.startswith("Both")]
    assert paragraph.text == "Both,"
    assert len(footnote_marks(paragraph)) == 2
    comma = [r for r in paragraph.runs if r.text == ","][0]
    assert comma.style.name == "footnote reference"


def test_bullet_list_uses_list_bullet(fr):
    items = [p.text for p in styled(fr, "List Bullet")]
    assert items == ["plus de 180\u202f000 mu", TRICKY]
    assert len(footnote_marks(styled(fr, "List Bullet")[0])) == 1


# --- key figures, tables, figures -----------------------------------------------------


def test_key_figures_panel(fr):
    panel = fr.tables[1]
    assert panel.style.name == "Key Figures Panel"
    first, second = panel.rows[0].cells
    assert [p.text for p in first.paragraphs] == [f"86,55{NBSP}%", "part de la haute technologie"]
    assert len(footnote_marks(first.paragraphs[0])) == 1
    assert [p.style.name for p in first.paragraphs] == ["Key Figure Value", "Key Figure Label"]
    assert second.paragraphs[1].text == TRICKY
    assert styled(fr, "Key Figures Title")[0].text == "Chiffres clés"
    shading = panel.style.element.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert shading is not None and shading.get(qn("w:fill")) not in (None, "auto", "FFFFFF")


def test_many_key_figures_wrap_into_rows():
    document = sample_document("en")
    items = tuple(KeyFigure(value=str(n), label=(Text(f"figure {n}"),), source_id="s1") for n in range(5))
    word = reopen(render(Document(document.meta, (KeyFigures(items),), document.sources)))
    panel = word.tables[1]
    assert (len(panel.rows), len(panel.columns)) == (2, 3)
    assert [c.paragraphs[0].text for c in panel.rows[1].cells] == ["3", "4", ""]


@pytest.mark.parametrize("count, shape", [(4, (2, 2)), (7, (2, 4)), (8, (2, 4)), (9, (3, 3))])
def test_no_key_figure_is_left_alone_on_the_last_row(count, shape):
    document = sample_document("en")
    items = tuple(KeyFigure(value=f"{n} billion yuan", label=(Text(f"figure {n}"),), source_id="s1")
                  for n in range(count))
    word = reopen(render(Document(document.meta, (KeyFigures(items),), document.sources)))
    panel = word.tables[1]
    assert (len(panel.rows), len(panel.columns)) == shape
    last = [c.paragraphs[0].text for c in panel.rows[-1].cells]
    assert sum(1 for text in last if text) >= 2
    value_style = "Key Figure Value Narrow" if shape[1] == 4 else "Key Figure Value"
    assert panel.rows[0].cells[0].paragraphs[0].style.name == value_style


def test_table_cells_header_alignment_caption_and_source(fr):
    table = fr.tables[2]
    assert table.style.name == "Briefing Table"
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["Indicateur", "Valeur"],
        ["Licornes", "9"],
        [TRICKY, "180\u202f000"],
        ["Part", f"86,55{NBSP}%"],
    ]
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    left, right = table.rows[1].cells
    assert left.paragraphs[0].style.name == "Table Text"
    assert right.paragraphs[0].style.name == "Table Number"
    assert right.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[0].cells[1].paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert Para(table._tbl.getprevious(), None).text == f"Tableau 1{NBSP}: Chiffres de Laoshan"
    assert Para(table._tbl.getnext(), None).text == f"Source{NBSP}: [1]"
    assert ["SEQ Tableau \\* ARABIC"] == [
        t.text.strip() for t in table._tbl.getprevious().iter(qn("w:instrText"))
    ]


def test_english_source_line_has_no_space_before_colon(en):
    assert "Source: [1]" in [p.text for p in en.paragraphs]
    assert "Table 1: Laoshan figures" in [p.text for p in en.paragraphs]


def test_a_source_line_lists_its_sources_in_note_order():
    from briefgen.document import Table

    base = sample_document("fr")
    table = Table(header=("A", "B"), rows=(("x", "1"),), caption="Ordre", sources=("s2", "s1"))
    word = reopen(render(dataclasses.replace(base, blocks=(*base.blocks, table))))
    lines = [p.text for p in word.paragraphs if p.text.startswith("Sources\u00a0:")]
    assert lines[-1] == "Sources\u00a0: [1], [2]"


def test_figure_image_size_alt_text_caption_and_sources(fr):
    (shape,) = fr.inline_shapes
    assert shape.width == Cm(12) and abs(shape.height - Cm(7.5)) <= 1
    (doc_pr,) = fr.element.body.xpath(".//wp:docPr")
    assert doc_pr.get("descr") == "Diagramme en barres"
    assert doc_pr.get("title") == "Part de la haute technologie"
    texts = [p.text for p in fr.paragraphs]
    caption = texts.index(f"Figure 1{NBSP}: Part de la haute technologie")
    assert texts[caption - 1] == "" and fr.paragraphs[caption - 1].style.name == "Figure"
    assert texts[caption + 1] == f"Sources{NBSP}: [1], [2]"


def test_wide_figure_is_scaled_to_sixteen_centimetres():
    document = sample_document("en")
    image = dataclasses.replace(tiny_chart(), width_cm=24.0, height_cm=12.0)
    figure = Figure(image=image, caption="Wide", alt_text="A wide chart", sources=())
    word = reopen(render(Document(document.meta, (figure,), document.sources)))
    (shape,) = word.inline_shapes
    assert shape.width == Cm(16) and abs(shape.height - Cm(8)) <= 1


# --- sources, header, footer ----------------------------------------------------------


def test_sources_list(fr):
    entries = [p.text for p in styled(fr, "Source Entry")]
    assert entries == [
        "[1]\tLaoshan district drives innovation growth — chinadaily.com.cn, 18 novembre 2024 (anglais)",
        "[2]\tCoopération avec Qingdao & <autres> — Fondation Sophia Antipolis, août 2022 (français)",
    ]
    names = [b.get(qn("w:name")) for p in styled(fr, "Source Entry") for b in p._p.iter(qn("w:bookmarkStart"))]
    assert names == ["_Source1", "_Source2"]


def test_header_and_localized_page_footer(fr):
    section = fr.sections[0]
    assert section.different_first_page_header_footer
    assert [p.text for p in section.header.paragraphs] == ["Diffusion restreinte", "Qingdao et Laoshan\tnovembre 2026"]
    footer = section.footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert re.fullmatch(r"Page \d+ sur \d+", footer.text)
    assert all(not p.text for p in section.first_page_header.paragraphs)
    assert not list(section.first_page_footer._element.iter(qn("w:instrText")))


def test_english_footer(en):
    assert re.fullmatch(r"Page \d+ of \d+", en.sections[0].footer.paragraphs[0].text)


def test_page_is_a4(fr):
    section = fr.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


# --- metadata and language -----------------------------------------------------------


def test_core_properties(fr, fr_bytes):
    props = fr.core_properties
    assert props.title == "Qingdao et Laoshan"
    assert props.subject == "Note d’information"
    assert props.author == props.last_modified_by == "Sophia Antipolis"
    assert props.keywords == "Qingdao, Laoshan, innovation"
    assert props.language == "fr-FR"
    issued = datetime.datetime(2026, 11, 21, tzinfo=datetime.timezone.utc)
    assert props.created == props.modified == issued
    assert props.revision == 1
    with zipfile.ZipFile(io.BytesIO(fr_bytes)) as package:
        for name in package.namelist():
            assert b"python-docx" not in package.read(name), name
        assert not any("thumbnail" in name for name in package.namelist())


def test_document_language_in_style_defaults(fr_bytes):
    styles = part_xml(fr_bytes, "word/styles.xml")
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    assert re.search(r'<w:lang w:val="fr-FR" w:eastAsia="zh-CN"', defaults)
    assert '<w:themeFontLang w:val="fr-FR"' in part_xml(fr_bytes, "word/settings.xml")


def test_english_language_in_style_defaults():
    styles = part_xml(render(sample_document("en")), "word/styles.xml")
    assert '<w:lang w:val="en-GB"' in styles


def test_styles_use_the_document_font_not_theme_fonts(fr_bytes):
    styles = part_xml(fr_bytes, "word/styles.xml")
    assert "asciiTheme" not in styles
    assert 'w:ascii="Arial"' in styles


# --- reproducibility and speed ----------------------------------------------------------


def test_rendering_twice_gives_identical_bytes(fr_bytes):
    assert DocxWriter().render(sample_document("fr")) == fr_bytes


def test_zip_entries_have_fixed_timestamps_and_content_types_first(fr_bytes):
    with zipfile.ZipFile(io.BytesIO(fr_bytes)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def full_briefing() -> Document:
    """About twenty pages: the sample's blocks fourteen times over, six charts among them."""
    sample = sample_document("fr")
    blocks, charts = [], 0
    for copy in range(14):
        for block in sample.blocks:
            if isinstance(block, Figure):
                charts += 1
                if charts > 6:
                    continue
            if isinstance(block, Heading):
                block = Heading(block.level, block.inlines, f"{block.anchor}-{copy}")
            blocks.append(block)
    return Document(sample.meta, tuple(blocks), sample.sources)


def test_full_briefing_renders_quickly():
    document = full_briefing()
    DocxWriter().render(document)  # first use loads python-docx's modules
    started = time.perf_counter()
    word = reopen(DocxWriter().render(document))
    elapsed = time.perf_counter() - started
    assert len(word.inline_shapes) == 6
    # Generous bound: it takes about a quarter of a second on a developer machine.
    assert elapsed < 2.0


# --- LibreOffice -------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_libreoffice_opens_and_lays_out_the_document(fr_bytes, tmp_path):
    source = tmp_path / "briefing.docx"
    source.write_bytes(fr_bytes)
    profile = tmp_path / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "briefing.pdf"), "-"],
        check=True, capture_output=True, text=True,
    ).stdout
    for heading in ("Densité d’innovation", "Détail", "Coopération", "Sources", "Sommaire", "Chiffres de Laoshan"):
        assert heading in text
    assert "<confidential>" in text and "{{ 7*7 }}" in text
    pages = text.count("\f")
    assert re.search(rf"Page 2 sur {pages}", text)
