"""End to end: the command line builds both languages; the outputs are reopened and read."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from collections import Counter

import docx
import pytest
from pypdf import PdfReader

HEADINGS = {
    "fr": ["À retenir", "Synthèse", "Densité d’innovation à Laoshan et à Qingdao",
           "La filière de la réalité virtuelle à Laoshan", "L’économie maritime de Qingdao", "La transformation verte",
           "La coopération avec Sophia Antipolis", "Qui est qui", "Glossaire"],
    "en": ["Key points", "Summary", "Innovation density in Laoshan and Qingdao", "Laoshan’s virtual reality industry",
           "Qingdao’s marine economy", "The green transformation", "Cooperation with Sophia Antipolis", "Who is who",
           "Glossary"],
}
NNBSP, NBSP = "\u202f", "\u00a0"
FIGURES = {
    "fr": [f"86,55{NBSP}%", f"plus de 180{NBSP}milliards de yuans (25,33{NBSP}milliards de dollars)",
           f"plus de 2{NNBSP}000{NBSP}mu (133,33{NBSP}hectares)", "20e", f"plus de 9{NNBSP}300", "environ 230"],
    "en": ["86.55%", "more than 180 billion yuan (US$25.33 billion)", "more than 2,000 mu (133.33 hectares)",
           "20th", "more than 9,300", "about 230"],
}


def docx_text(path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_docx_holds_headings_and_figures(built, lang):
    document = docx.Document(str(built[f"{lang}.docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for heading in HEADINGS[lang]:
        assert heading in headings
    text = docx_text(built[f"{lang}.docx"])
    for figure in FIGURES[lang]:
        assert figure in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_holds_headings_and_figures(built, lang):
    text = pdf_text(built[f"{lang}.pdf"])
    flat = re.sub(r"\s+", " ", text.replace(NNBSP, " ").replace(NBSP, " "))
    for heading in HEADINGS[lang]:
        assert heading in flat
    for figure in FIGURES[lang]:
        assert re.sub(r"\s+", " ", figure.replace(NNBSP, " ").replace(NBSP, " ")) in flat


def test_pdf_text_keeps_the_french_no_break_spaces(built):
    # pypdf reads the text layer as written; pdftotext turns every Unicode space into a plain one.
    text = pdf_text(built["fr.pdf"])
    assert f"86,55{NBSP}%" in text
    assert f"9{NNBSP}300" in text


def test_both_languages_show_the_same_figures(repo):
    """Each edition shows the same observations, whatever its language writes around them."""
    from briefgen.build import edition_for
    from briefgen.config import load_config
    from briefgen.facts import load_store
    from briefgen.narrative.assemble import assemble
    from briefgen.narrative.figures import ChartDrawing

    config = load_config(repo / "briefgen.toml")
    edition = edition_for(datetime.date(2026, 11, 1), None)
    store = load_store(repo / "facts", edition.as_of, config.languages)
    shown = {lang: {(o.fact_id, o.period) for o in assemble(store, config, repo / "templates", lang, edition,
                                                            ChartDrawing(formats=("png",))).shown}
             for lang in config.languages}
    assert shown["fr"] == shown["en"]
    assert ("laoshan.hightech_output_share", "2023") in shown["fr"] and len(shown["fr"]) > 40


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_qpdf_finds_the_pdf_sound(built, lang):
    result = subprocess.run(["qpdf", "--check", str(built[f"{lang}.pdf"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_pdf_font_is_embedded(built, lang):
    rows = subprocess.run(["pdffonts", str(built[f"{lang}.pdf"])], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column
        assert "Helvetica" not in row


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_pdf_metadata_names_title_and_language(built):
    info = subprocess.run(["pdfinfo", str(built["fr.pdf"])], capture_output=True, text=True, check=True).stdout
    assert "Title:           Qingdao et Laoshan" in info
    assert "Author:          Sophia Antipolis" in info
    catalog = PdfReader(str(built["fr.pdf"])).trailer["/Root"]
    assert catalog["/Lang"] == "fr-FR"


def test_pdf_outline_lists_every_section(built):
    outline = [item.title for item in PdfReader(str(built["en.pdf"])).outline if not isinstance(item, list)]
    for heading in HEADINGS["en"]:
        assert heading in outline


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_docx(built, tmp_path):
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(built["fr.docx"])], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    converted = tmp_path / built["fr.docx"].with_suffix(".pdf").name
    text = "\n".join(page.extract_text() for page in PdfReader(str(converted)).pages)
    assert "La coopération avec Sophia Antipolis" in text
