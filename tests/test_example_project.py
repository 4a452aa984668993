"""The example project in examples/fraunhofer builds in German and English, read back from its outputs."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from briefgen.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "fraunhofer"
PERIOD = "2026-11"
BRIEFING_ID = "fraunhofer-briefing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def example_build(tmp_path_factory) -> Path:
    """The example built once, every language and format, by the command line; the month's folder."""
    out = tmp_path_factory.mktemp("example")
    assert main(["build", "--project", str(EXAMPLE), "--period", PERIOD, "--out", str(out)]) == 0
    return out / PERIOD


def output(folder: Path, lang: str, suffix: str) -> Path:
    return folder / f"{BRIEFING_ID}-{PERIOD}-{lang}.{suffix}"


def docx_text(document) -> str:
    """Every paragraph and table cell of a DOCX, one a line, as written (no-break spaces kept)."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def plain(text: str) -> str:
    """`text` with every run of spaces (no-break ones and line breaks too) made one space."""
    return " ".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def german_docx(example_build):
    return docx.Document(str(output(example_build, "de", "docx")))


def test_german_docx_has_the_templates_headings(german_docx):
    headings = {p.text.strip() for p in german_docx.paragraphs if p.style.name.startswith("Heading")}
    for heading in ("Zusammenfassung", "Organisation und Personal", "Finanzen",
                    "Erfindungen, Patente und Ausgründungen"):
        assert heading in headings


def test_german_docx_writes_figures_in_german_style(german_docx):
    text = docx_text(german_docx)
    # 3 400 000 000 EUR and a growth of 12: decimal comma, the scale word, a no-break space before %.
    assert "3,4 Milliarden Euro" in plain(text)
    assert "836 Millionen Euro" in plain(text)
    assert f"12{NBSP}%" in text
    assert "Im Mai 2023 wählte der Fraunhofer-Senat Holger Hanselka" in plain(text)
    assert "443" in text and "375" in text  # the 2022 figures, in the transfer section's sentence


def test_german_docx_lists_its_sources(german_docx):
    paragraphs = [p.text.strip() for p in german_docx.paragraphs]
    assert "Quellen" in paragraphs
    assert any("Vorstellung des Fraunhofer-Jahresberichts 2023" in p for p in paragraphs)


def test_german_docx_is_german_with_charts_and_a_table(german_docx):
    assert german_docx.core_properties.language == "de-DE"
    assert len(german_docx.inline_shapes) >= 2  # the staff chart and the bar chart of the 2023 transfer figures
    cells = [cell.text for table in german_docx.tables for row in table.rows for cell in row.cells]
    assert any("Vertragsforschung" in cell for cell in cells)


def test_german_pdf_is_tagged_german_with_contents_and_page_numbers(example_build):
    path = output(example_build, "de", "pdf")
    lang = str(PdfReader(path).trailer["/Root"].get("/Lang"))
    assert lang == "de-DE" or lang.startswith("de")
    text = plain("\n".join(pdf_pages(path)))
    assert "Inhalt" in text
    assert "Seite 2 von" in text
    assert "3,4 Milliarden Euro" in text


def test_english_files_exist_with_sources(example_build):
    for suffix in ("docx", "pdf"):
        assert output(example_build, "en", suffix).is_file()
    document = docx.Document(str(output(example_build, "en", "docx")))
    paragraphs = [p.text.strip() for p in document.paragraphs]
    assert "Sources" in paragraphs
    assert "Finances" in paragraphs
    assert "€3.4 billion" in plain(docx_text(document))
    assert document.core_properties.language.startswith("en")
    pdf_text = plain("\n".join(pdf_pages(output(example_build, "en", "pdf"))))
    assert "Sources" in pdf_text
    assert "€3.4 billion" in pdf_text
