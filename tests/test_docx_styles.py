"""The DOCX style sheet holds the briefing's styles and Word's defaults, nothing of python-docx's template."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sample_document import sample_document

from briefgen.writers.docx import DocxWriter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Styles the writer uses in some briefings only: a panel four figures wide, a third heading level.
SOMETIMES_USED = {"KeyFigureValueNarrow", "Heading3", "Heading3Char", "toc3"}


@pytest.fixture(scope="module")
def package() -> dict[str, str]:
    data = DocxWriter().render(sample_document("fr"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}


def style_elements(styles_xml: str) -> dict[str, str]:
    """Each style's id and its XML."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<w:style [^>]*w:styleId="([^"]+)".*?</w:style>', styles_xml)}


def referenced(xml: str) -> set[str]:
    return set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle|basedOn|link|next) w:val="([^"]+)"', xml))


def test_every_style_is_used_by_the_text_by_another_style_or_is_a_word_default(package):
    styles = style_elements(package["word/styles.xml"])
    text_parts = [xml for name, xml in package.items() if name != "word/styles.xml"]
    used = set().union(*(referenced(xml) for xml in text_parts))
    pending = list(used)
    while pending:  # and what those styles are based on, linked to or followed by
        for style_id in referenced(styles.get(pending.pop(), "")) - used:
            used.add(style_id)
            pending.append(style_id)
    defaults = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    assert set(styles) - used - defaults <= SOMETIMES_USED


def test_the_template_styles_are_gone(package):
    styles = style_elements(package["word/styles.xml"])
    tables = {style_id for style_id, xml in styles.items() if 'w:type="table"' in xml}
    assert tables == {"TableNormal", "BriefingTable", "KeyFiguresPanel", "CoverPanel"}
    for legacy in ("LightShading-Accent1", "BodyText", "IntenseQuote", "ListNumber", "ListBullet2", "NoSpacing"):
        assert legacy not in styles
    # The shared sheet's own styles; a marked document, as the sample is, adds its header's marking.
    assert "HeaderClassification" in styles and len(set(styles) - {"HeaderClassification"}) < 50


def test_every_style_reference_resolves(package):
    styles = style_elements(package["word/styles.xml"])
    for name, xml in package.items():
        assert referenced(xml) <= set(styles), name


def test_list_definitions_are_those_the_styles_number_with(package):
    numbering = package["word/numbering.xml"]
    num_ids = set(re.findall(r'<w:num w:numId="(\d+)"', numbering))
    used = set(re.findall(r'<w:numId w:val="(\d+)"/>', package["word/styles.xml"] + package["word/document.xml"]))
    assert num_ids == used and used
    abstract = set(re.findall(r'<w:abstractNum [^>]*w:abstractNumId="(\d+)"', numbering))
    assert abstract == set(re.findall(r'<w:abstractNumId w:val="(\d+)"/>', numbering))
