"""The DOCX's contents give page numbers without asking Word to update fields: laid out by LibreOffice,
they are the pages the headings are on, and the numbers written in the file are the same or close."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sample_document import sample_document

from briefgen.writers.docx import DocxWriter
from briefgen.writers.docx_layout import estimated_pages

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                       reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")


def laid_out(docx, folder) -> list[str]:
    """The pages of the PDF LibreOffice makes from `docx` (a path), as text."""
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True, timeout=180)
    pdf = folder / (docx.stem + ".pdf")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout.split("\f")


def contents(pages: list[str]) -> list[tuple[str, int]]:
    """The entries of the contents page (the second): title and page number."""
    return [(m[1].strip(), int(m[2])) for m in re.finditer(r"^(.+?)\.{3,}\s*(\d+)\s*$", pages[1], re.M)]


def assert_pages_are_right(pages: list[str]) -> list[int]:
    entries = contents(pages)
    assert len(entries) >= 4
    for title, number in entries:
        found = [n for n, page in enumerate(pages[2:], start=3) if re.search(rf"^\s*{re.escape(title)}\s*$", page, re.M)]
        assert found and found[0] == number, (title, number, found)
    return [number for _, number in entries]


def cached(docx: bytes | Path) -> list[int]:
    """The page numbers written in the file (`docx` itself or its path): the PAGEREF fields' results."""
    with zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx) as package:
        xml = package.read("word/document.xml").decode()
    return [int(n) for n in re.findall(r'<w:fldSimple w:instr=" PAGEREF \S+ \\h "><w:r><w:t>(\d+)</w:t>', xml)]


def test_estimate_follows_forced_page_breaks_and_the_contents():
    document = sample_document("fr")
    # Cover, contents; the body from page 3; "Coopération" after a page break; the sources on a page of their own.
    pages = estimated_pages(document)
    assert pages[0] == 3 and pages[2] > pages[1] and pages[-1] > pages[2]
    assert cached(DocxWriter().render(document)) == pages


@needs_libreoffice
def test_libreoffice_lays_out_the_sample_with_the_right_page_numbers(tmp_path):
    source = tmp_path / "sample.docx"
    source.write_bytes(DocxWriter().render(sample_document("fr")))
    numbers = assert_pages_are_right(laid_out(source, tmp_path))
    assert numbers == estimated_pages(sample_document("fr"))


@needs_libreoffice
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_libreoffice_lays_out_the_briefing_with_the_right_page_numbers(built, lang, tmp_path):
    numbers = assert_pages_are_right(laid_out(built[f"{lang}.docx"], tmp_path))
    # What Word shows before it updates fields: at most a page away, and mostly the same.
    written = cached(built[f"{lang}.docx"])
    assert len(written) == len(numbers)
    assert all(abs(a - b) <= 1 for a, b in zip(written, numbers))
    assert sum(a == b for a, b in zip(written, numbers)) >= 0.75 * len(numbers)
