"""The cover says what the document is, the same in DOCX and PDF: kind, title, subtitle, publisher,
contact, classification, edition and language; and the settings those come from."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from sample_document import NBSP, sample_document

from briefgen.config import CLASSIFICATION_LIMIT, TEXT_LIMIT, load_config
from briefgen.document import Document
from briefgen.errors import ConfigError
from briefgen.writers.docx import DocxWriter
from briefgen.writers.pdf import PdfWriter

ROOT = Path(__file__).resolve().parent.parent


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(NBSP, " ").replace("\u202f", " ")).strip()


def docx_cover(document: Document) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The cover's (style, text) pairs: the page's paragraphs and tables before the contents, and its footer."""
    word = docx.Document(io.BytesIO(DocxWriter().render(document)))
    page = []
    for element in word.element.body.iterchildren():
        for p in element.iter(qn("w:p")):
            paragraph = docx.text.paragraph.Paragraph(p, word)
            if paragraph.style.name == "TOC Heading":
                return page, [(p.style.name, p.text) for p in word.sections[0].first_page_footer.paragraphs]
            page.append((paragraph.style.name, paragraph.text))
    raise AssertionError("no contents after the cover")


def pdf_cover(document: Document) -> str:
    return flat(pypdf.PdfReader(io.BytesIO(PdfWriter().render(document))).pages[0].extract_text())


# --- the writers ---------------------------------------------------------------


def test_docx_cover_in_reading_order():
    page, foot = docx_cover(sample_document("fr"))
    assert page == [
        ("Cover Organisation", "Sophia Antipolis"),
        ("Cover Kind", "Note d’information pour une visite de délégation"),
        ("Title", "Qingdao et Laoshan"),
        ("Subtitle", "Note d’information"),
        ("Cover Period", "novembre 2026"),
        ("Cover Classification", "Diffusion restreinte"),
    ]
    assert foot == [
        ("Cover Publisher", "Sophia Antipolis"),
        ("Cover Detail", f"Contact{NBSP}: Service des relations internationales — international@example.org"),
        ("Cover Detail", "Édition du 21 novembre 2026"),
        ("Cover Detail", f"Langue{NBSP}: français"),
    ]


def test_docx_cover_panel_is_a_shaded_table_the_title_in_it():
    word = docx.Document(io.BytesIO(DocxWriter().render(sample_document("en"))))
    panel = word.tables[0]
    assert panel.style.name == "Cover Panel"
    assert [p.text for p in panel.rows[0].cells[0].paragraphs] == [
        "Briefing note for a delegation visit", "Qingdao and Laoshan", "Briefing note", "November 2026"]
    shading = panel.style.element.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert shading.get(qn("w:fill")) == "1F3A5F"
    assert str(word.styles["Title"].font.color.rgb) == "FFFFFF"
    assert word.styles["Cover Classification"].font.all_caps


def test_pdf_cover_says_the_same_in_the_same_order():
    text = pdf_cover(sample_document("fr"))
    parts = ["Sophia Antipolis", "Note d’information pour une visite de délégation", "Qingdao et Laoshan",
             "Note d’information", "novembre 2026", "DIFFUSION RESTREINTE", "Sophia Antipolis",
             "Contact : Service des relations internationales — international@example.org",
             "Édition du 21 novembre 2026", "Langue : français"]
    positions = [text.index(part, text.index(parts[i - 1]) + 1 if i else 0) for i, part in enumerate(parts)]
    assert positions == sorted(positions)


@pytest.mark.parametrize("render", [lambda d: docx_cover(d)[0] + docx_cover(d)[1], pdf_cover],
                         ids=["docx", "pdf"])
def test_unset_lines_are_left_out(render):
    document = sample_document("en")
    meta = dataclasses.replace(document.meta, kind="", contact="", classification="", subtitle="")
    cover = str(render(dataclasses.replace(document, meta=meta)))
    assert "Restricted" not in cover and "RESTRICTED" not in cover and "Contact" not in cover
    assert "Qingdao and Laoshan" in cover and "Edition of 21 November 2026" in cover


# --- the settings ----------------------------------------------------------------


def test_repository_settings_fill_the_cover():
    config = load_config(ROOT / "briefgen.toml")
    assert config.kind["fr"] == "Note d’information pour la préparation d’une visite de délégation"
    assert config.kind["en"] == "Briefing note for a delegation visit"
    assert config.contact.startswith("Fondation Sophia Antipolis")
    assert dict(config.classification) == {"fr": "", "en": ""}


def test_example_project_has_a_classification():
    config = load_config(ROOT / "examples" / "fraunhofer" / "briefgen.toml")
    assert dict(config.classification) == {"de": "Öffentlich", "en": "Public"}
    assert config.kind["de"] and config.contact


def settings(tmp_path, keys: str = "", table: str = "") -> Path:
    """A settings file with `keys` added to [briefing] and `table` (a [briefing.x] table) after them."""
    path = tmp_path / "briefgen.toml"
    path.write_text(f'[briefing]\nid = "b"\nlanguages = ["fr", "en"]\nsections = ["s"]\n{keys}\n{table}\n'
                    '[briefing.title]\nfr = "T"\nen = "T"\n', encoding="utf-8")
    return path


def test_absent_cover_settings_are_empty(tmp_path):
    config = load_config(settings(tmp_path))
    assert dict(config.kind) == dict(config.classification) == {"fr": "", "en": ""}
    assert config.contact == ""


@pytest.mark.parametrize(("keys", "table", "expected"), [
    (f'contact = "{"x" * (TEXT_LIMIT + 1)}"', "", f"contact must be one line of text of at most {TEXT_LIMIT} characters"),
    ('contact = "a\\nb"', "", "contact must be one line of text"),
    ("contact = 3", "", "contact must be one line of text"),
    ('kind = "Note"', "", "kind must be a table of texts per language ([briefing.kind] with fr = … and en = …)"),
    ("", f'[briefing.kind]\nfr = "{"x" * (TEXT_LIMIT + 1)}"', f"[briefing.kind] fr must be text of 1 to {TEXT_LIMIT} characters"),
    ("", '[briefing.kind]\nit = "Nota"', "[briefing.kind] it: 'it' is not one of the briefing's languages"),
    ("", f'[briefing.classification]\nen = "{"X" * (CLASSIFICATION_LIMIT + 1)}"',
     f"[briefing.classification] en must be text of 1 to {CLASSIFICATION_LIMIT} characters"),
    ("", "[briefing.classification]\nfr = 1", "[briefing.classification] fr must be text of 1 to"),
])
def test_bad_cover_settings_name_the_file_and_key(tmp_path, keys, table, expected):
    path = settings(tmp_path, keys, table)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{path}: ") and expected in problem


# --- the built briefing ------------------------------------------------------------


def test_built_covers_carry_the_settings(built):
    for lang, kind, date in (("fr", "Note d’information pour la préparation d’une visite de délégation",
                              "Édition du 1er novembre 2026"),
                             ("en", "Briefing note for a delegation visit", "Edition of 1 November 2026")):
        word = docx.Document(str(built[f"{lang}.docx"]))
        assert word.tables[0].rows[0].cells[0].paragraphs[0].text == kind
        foot = [p.text for p in word.sections[0].first_page_footer.paragraphs]
        assert date in foot and any("Contact" in line and "Fondation Sophia Antipolis" in line for line in foot)
        cover = flat(pypdf.PdfReader(str(built[f"{lang}.pdf"])).pages[0].extract_text())
        assert kind in cover and date in cover


def test_built_french_edition_date_raises_the_ordinal(built):
    word = docx.Document(str(built["fr.docx"]))
    (edition,) = [p for p in word.sections[0].first_page_footer.paragraphs if p.text.startswith("Édition")]
    assert [r.text for r in edition.runs if r.font.superscript] == ["er"]
