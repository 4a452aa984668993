"""Superscript text (ordinal suffixes): the document model's helpers, and how each writer draws it."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from sample_document import sample_document

from briefgen.document import (
    DocumentError,
    Emph,
    Meta,
    Paragraph,
    Superscript,
    Text,
    dump,
    ordinal_inlines,
    plain_text,
    split_ordinal,
)
from briefgen.writers.docx import DocxWriter
from briefgen.writers.pdf import PdfWriter
from briefgen.writers.pdf_fonts import load_fonts
from briefgen.writers.pdf_markup import Markup


@pytest.mark.parametrize(("ordinal", "parts"), [
    ("20e", ("20", "e")),
    ("1er", ("1", "er")),
    ("1re", ("1", "re")),
    ("21st", ("21", "st")),
    ("1\u202f000e", ("1\u202f000", "e")),
    ("20.", ("20.", "")),  # German: the dot is not raised
    ("vingtième", ("vingtième", "")),
])
def test_split_ordinal(ordinal, parts):
    assert split_ordinal(ordinal) == parts


def test_ordinal_inlines_alone_and_in_a_date():
    assert ordinal_inlines("20e") == (Text("20"), Superscript("e"))
    assert ordinal_inlines("1er", "1er novembre 2026") == (Text("1"), Superscript("er"), Text(" novembre 2026"))
    assert ordinal_inlines("1er", "21 novembre 2026") == (Text("21 novembre 2026"),)  # "21" is no "1er"
    assert ordinal_inlines("1.", "1. Dezember 2026") == (Text("1. Dezember 2026"),)


def test_superscript_reads_as_plain_text():
    inlines = (Text("Qingdao est "), *ordinal_inlines("20e"), Text(" au classement"))
    assert plain_text(inlines) == "Qingdao est 20e au classement"
    assert plain_text((Emph(ordinal_inlines("1re")),)) == "1re"


def test_superscript_holds_text_only():
    with pytest.raises(DocumentError):
        Superscript(20)


def test_edition_date_is_inlines():
    meta = sample_document("fr").meta
    with pytest.raises(DocumentError, match="edition_date"):
        dataclasses.replace(meta, edition_date=(object(),))
    assert isinstance(meta, Meta)


def ranked() -> object:
    document = sample_document("fr")
    sentence = Paragraph((Text("Qingdao est "), *ordinal_inlines("20e"), Text(" ; la "),
                          Emph(ordinal_inlines("1re")), Text(" ville.")))
    meta = dataclasses.replace(document.meta, edition_date=ordinal_inlines("1er", "1er novembre 2026"))
    return dataclasses.replace(document, meta=meta, blocks=document.blocks + (sentence,))


def test_dump_marks_the_raised_text():
    assert "Paragraph: Qingdao est 20^e^ ; la _1^re^_ ville." in dump(ranked())


# --- DOCX ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(DocxWriter().render(ranked())))


def test_docx_raises_the_suffix_with_vertical_alignment(word):
    (paragraph,) = [p for p in word.paragraphs if p.text.startswith("Qingdao est")]
    assert paragraph.text == "Qingdao est 20e ; la 1re ville."
    raised = [(r.text, r._r.rPr.find(qn("w:vertAlign")).get(qn("w:val")), bool(r.italic or r.style.font.italic))
              for r in paragraph.runs if r.font.superscript]
    assert raised == [("e", "superscript", False), ("re", "superscript", True)]
    assert not [r for r in paragraph.runs if r.text in ("20", "Qingdao est ") and r.font.superscript]


def test_docx_cover_date_raises_the_ordinal_day(word):
    (edition,) = [p for p in word.sections[0].first_page_footer.paragraphs if p.text.startswith("Édition")]
    assert edition.text == "Édition du 1er novembre 2026"
    assert [r.text for r in edition.runs if r.font.superscript] == ["er"]


# --- PDF -------------------------------------------------------------------------


def test_pdf_markup_uses_super():
    markup = Markup(load_fonts(), lambda source_id: 1, "#1f3a5f")
    assert markup.inlines(ordinal_inlines("20e")) == "20<super>e</super>"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return PdfWriter().render(ranked())


def test_pdf_text_copies_as_written(pdf):
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "20e" in text and "1re" in text and "1er novembre 2026" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdftotext_reads_the_ordinals_whole(pdf, tmp_path):
    path = tmp_path / "ranked.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Qingdao est 20e ; la 1re ville." in text
    assert "Édition du 1er novembre 2026" in text


def test_pdf_draws_the_suffix_raised_and_smaller(pdf):
    streams = [page.get_contents().get_data().decode("latin-1") for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    (page,) = [stream for stream in streams if "(Qingdao est 20) Tj" in stream]
    drawn = page.split("(Qingdao est 20) Tj", 1)[1]
    # A text rise, a smaller size, the suffix, then back to the baseline.
    assert re.match(r" (\d+(?:\.\d+)?) Ts /F\S+ (\d+(?:\.\d+)?) Tf [^()]*\(e\) Tj 0 Ts", drawn)
    rise, size = map(float, re.match(r" (\S+) Ts /F\S+ (\S+) Tf", drawn).groups())
    assert rise > 0 and size < 10
