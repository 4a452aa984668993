"""A marked briefing carries its classification on every page after the cover, the same in DOCX and PDF:
centred above the header's title and period, in small bold capitals of the accent colour; an unmarked
one shows no marking and keeps the header it had."""

from __future__ import annotations

import dataclasses
import io
import re

import docx
import pypdf
import pytest
from sample_document import sample_document

from briefgen.config import load_config
from briefgen.starter import EXAMPLE_CLASSIFICATION, EXAMPLE_KIND, settings_text, starter_languages
from briefgen.writers.docx import DocxWriter
from briefgen.writers.pdf import PdfWriter

LONG_TITLE = ("Qingdao and Laoshan: innovation, the marine economy, the green transformation and the "
              "cooperation with the Sophia Antipolis technology park, from 2020 to 2026")
LONG_MARKING = "Restricted — not to be passed on beyond the services it is addressed to, nor quoted"


def marked(classification: str = "Restricted", title: str | None = None):
    """The English sample briefing with `classification` (and `title`, when given)."""
    document = sample_document("en")
    meta = dataclasses.replace(document.meta, classification=classification, title=title or document.meta.title)
    return dataclasses.replace(document, meta=meta)


def flat(text: str) -> str:
    """Text with every run of whitespace as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def pdf_pages(document) -> list[pypdf.PageObject]:
    return pypdf.PdfReader(io.BytesIO(PdfWriter().render(document))).pages


def word(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(DocxWriter().render(document)))


# --- DOCX ----------------------------------------------------------------------------


def test_docx_header_part_holds_the_marking_above_title_and_period():
    section = word(marked()).sections[0]
    marking, title = section.header.paragraphs
    assert (marking.style.name, marking.text) == ("Header Classification", "Restricted")
    assert (title.style.name, title.text) == ("Header", "Qingdao and Laoshan\tNovember 2026")
    font = marking.style.font
    assert font.all_caps and font.bold and str(font.color.rgb) == "C8102E"
    assert font.size.pt < 10.5  # smaller than the cover's boxed marking
    assert marking.style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


def test_docx_marking_is_in_the_header_part_word_repeats_not_in_the_body_or_cover():
    document = word(marked("Confidential pass on by hand"))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "Confidential pass on by hand" in section.header.part.blob.decode()
    assert all(not p.text for p in section.first_page_header.paragraphs)
    assert "Confidential" not in " ".join(p.text for p in section.first_page_footer.paragraphs)
    assert "Confidential" not in " ".join(p.text for p in section.footer.paragraphs)
    body = [p.text for p in document.paragraphs if p.style.name != "Cover Classification"]
    assert not any("Confidential" in text for text in body)


def test_docx_marking_uses_the_branding_accent():
    document = marked()
    branding = dataclasses.replace(document.meta.branding, accent_color="#127A5B")
    document = dataclasses.replace(document, meta=dataclasses.replace(document.meta, branding=branding))
    assert str(word(document).sections[0].header.paragraphs[0].style.font.color.rgb) == "127A5B"


def test_docx_without_classification_has_the_plain_header_and_no_marking_style():
    document = word(marked(""))
    header = document.sections[0].header
    assert [(p.style.name, p.text) for p in header.paragraphs] == [("Header", "Qingdao and Laoshan\tNovember 2026")]
    assert "Header Classification" not in [style.name for style in document.styles]


# --- PDF -----------------------------------------------------------------------------


def test_pdf_every_body_page_carries_the_marking_once():
    pages = pdf_pages(marked())
    assert len(pages) > 3
    for number, page in enumerate(pages[1:], start=2):
        assert flat(page.extract_text()).count("RESTRICTED") == 1, f"page {number}"


def test_pdf_cover_keeps_its_one_boxed_marking_and_no_header():
    cover = flat(pdf_pages(marked())[0].extract_text())
    assert cover.count("RESTRICTED") == 1
    assert "November 2026" in cover and not re.search(r"Page \d+ of \d+", cover)


def test_pdf_without_classification_shows_no_marking():
    pages = pdf_pages(marked(""))
    assert not any("RESTRICTED" in page.extract_text().upper() for page in pages)


def test_pdf_long_title_and_long_marking_are_both_whole_and_apart():
    pages = pdf_pages(marked(LONG_MARKING, LONG_TITLE))
    page = pages[2]
    assert LONG_MARKING.upper() in flat(page.extract_text())
    assert LONG_TITLE in flat(page.extract_text())
    lines: list[tuple[str, float, float]] = []  # (text, baseline, size) of every piece drawn

    def visit(text, cm, tm, font, size):
        if text.strip():
            lines.append((text.strip(), cm[5] + tm[5] * cm[3], size * tm[3]))

    page.extract_text(visitor_text=visit)
    marking = [y for text, y, _ in lines if text in LONG_MARKING.upper()]
    title = [(y, size) for text, y, size in lines if text in LONG_TITLE and len(text) > 3]
    assert marking and len(title) >= 2  # the title wrapped onto a second line
    top_of_title = max(y + size for y, size in title)
    assert min(marking) > top_of_title  # the marking's baseline clears the title's highest line


# --- the starter ----------------------------------------------------------------------


def test_every_starter_language_has_example_cover_lines():
    assert set(starter_languages()) <= set(EXAMPLE_KIND) & set(EXAMPLE_CLASSIFICATION)


def test_starter_settings_show_kind_contact_and_classification_commented_out(tmp_path):
    text = settings_text("briefing", ("de", "en"), "Partnerbesuch", [])
    for line in ("# contact = ", "# [briefing.kind]", "# [briefing.classification]",
                 '# de = "Nur für den Dienstgebrauch"', '# en = "Briefing note for a delegation visit"'):
        assert line in text
    (tmp_path / "briefgen.toml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path / "briefgen.toml")
    assert config.contact == "" and dict(config.kind) == dict(config.classification) == {"de": "", "en": ""}


def test_starter_examples_uncommented_are_valid_settings(tmp_path):
    text = settings_text("briefing", ("fr", "en"), "Visite", [])
    text = re.sub(r"^# (contact =|\[briefing\.(kind|classification)\]|fr =|en =)", r"\1", text, flags=re.M)
    (tmp_path / "briefgen.toml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path / "briefgen.toml")
    assert config.contact.endswith("international@example.org")
    assert config.kind["fr"] == EXAMPLE_KIND["fr"] and config.classification["en"] == "Restricted"
