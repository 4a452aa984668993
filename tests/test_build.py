"""End to end: the command line builds both languages; the outputs are reopened and read."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

import docx
import pytest
from pypdf import PdfReader

HEADINGS = {
    "fr": ["Synthèse", "Densité d’innovation à Laoshan et à Qingdao", "La filière de la réalité virtuelle à Laoshan",
           "L’économie maritime de Qingdao", "La transformation verte", "La coopération avec Sophia Antipolis"],
    "en": ["Executive summary", "Innovation density in Laoshan and Qingdao", "Laoshan’s virtual reality cluster",
           "Qingdao’s marine economy", "The green transformation", "Cooperation with Sophia Antipolis"],
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


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdftotext_keeps_the_french_no_break_space(built):
    text = subprocess.run(["pdftotext", str(built["fr.pdf"]), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert f"86,55{NBSP}%" in text


def _numbers(text: str, lang: str) -> Counter:
    """Every number in `text`, normalised across locales (1 000,5 and 1,000.5 both give 1000.5)."""
    found = Counter()
    for raw in re.findall(r"\d[\d\u202f\u00a0,.]*\d|\d", text):
        if lang == "fr":
            value = raw.replace(NNBSP, "").replace(NBSP, "").replace(",", ".")
        else:
            value = raw.replace(",", "")
        found[value.rstrip(".")] += 1
    return found


def test_both_languages_carry_the_same_figures(built):
    fr = _numbers(docx_text(built["fr.docx"]), "fr")
    en = _numbers(docx_text(built["en.docx"]), "en")
    # Dates of edition and page furniture aside, every figure appears as often in each language.
    assert fr == en
    assert fr["86.55"] >= 2 and fr["180"] >= 1
