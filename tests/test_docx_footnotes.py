"""Citations in the DOCX are Word footnotes: their part, their marks, their text, and numbering left to Word."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree
from sample_document import sample_document

from briefgen.document import Citation, Document, Link, Paragraph, SourceEntry, Text
from briefgen.writers.docx import DocxWriter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes, name: str):
    return etree.fromstring(parts(data)[name])


def text(element) -> str:
    return "".join(element.itertext())


def notes(data: bytes) -> dict[str, str]:
    """The ordinary footnotes by id, with their text (the mark itself has none)."""
    root = xml(data, "word/footnotes.xml")
    return {f.get(f"{{{W}}}id"): text(f).strip() for f in root.findall("w:footnote", NS) if f.get(f"{{{W}}}type") is None}


def marks(data: bytes) -> list[str]:
    return [m.get(f"{{{W}}}id") for m in xml(data, "word/document.xml").iter(f"{{{W}}}footnoteReference")]


def with_blocks(*blocks, sources=None) -> Document:
    document = sample_document("fr")
    return Document(document.meta, document.blocks + blocks, sources or document.sources)


@pytest.fixture(scope="module")
def fr() -> bytes:
    return DocxWriter().render(sample_document("fr"))


def test_footnotes_part_is_related_and_typed(fr):
    package = parts(fr)
    assert "word/footnotes.xml" in package
    rels = xml(fr, "word/_rels/document.xml.rels")
    assert [r.get("Target") for r in rels.findall("rel:Relationship", NS) if r.get("Type") == FOOTNOTES_TYPE] == [
        "footnotes.xml"]
    overrides = {o.get("PartName"): o.get("ContentType")
                 for o in xml(fr, "[Content_Types].xml").findall("ct:Override", NS)}
    assert overrides["/word/footnotes.xml"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def test_separators_come_first_and_are_named_in_the_settings(fr):
    root = xml(fr, "word/footnotes.xml")
    first, second = root.findall("w:footnote", NS)[:2]
    assert (first.get(f"{{{W}}}type"), first.get(f"{{{W}}}id")) == ("separator", "-1")
    assert (second.get(f"{{{W}}}type"), second.get(f"{{{W}}}id")) == ("continuationSeparator", "0")
    settings = xml(fr, "word/settings.xml")
    properties = settings.find("w:footnotePr", NS)
    assert [f.get(f"{{{W}}}id") for f in properties.findall("w:footnote", NS)] == ["-1", "0"]
    tags = [etree.QName(child).localname for child in settings]
    assert tags.index("footnotePr") < tags.index("compat")


def test_every_citation_is_a_mark_with_its_own_footnote(fr):
    # The sample cites: two key figures, then s1, s2 in the text, then s2 again.
    assert marks(fr) == ["1", "2", "3", "4", "5"]
    assert set(notes(fr)) == set(marks(fr))


def test_footnote_text_is_the_source_entry_then_a_pointer_to_it(fr):
    """A source's first footnote gives its entry as the sources list shows it; later ones point to that entry."""
    document = sample_document("fr")
    body = xml(fr, "word/document.xml")
    listed = [text(p) for p in body.iter(f"{{{W}}}p")
              if p.find("w:pPr/w:pStyle[@w:val='SourceEntry']", NS) is not None]
    entries = {entry.id: re.sub(r"^\[\d+\]\t?", "", line) for entry, line in zip(document.sources, listed)}
    short = {entry.id: f"Source [{number}]" for number, entry in enumerate(document.sources, start=1)}
    assert list(notes(fr).values()) == [entries["s1"], entries["s2"], short["s1"], short["s2"], short["s2"]]
    pointers = [h for h in xml(fr, "word/footnotes.xml").iter(f"{{{W}}}hyperlink") if h.get(f"{{{W}}}anchor")]
    assert len(pointers) == 3  # each "[n]" goes to its entry in the sources list
    assert entries["s2"] == "Coopération avec Qingdao & <autres> — Fondation Sophia Antipolis, août 2022 (français)"


def test_the_mark_is_styled_in_text_and_note(fr):
    root = xml(fr, "word/footnotes.xml")
    note = root.findall("w:footnote", NS)[2]
    assert note.find("w:p/w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "FootnoteText"
    ref = note.find("w:p/w:r/w:footnoteRef/..", NS)
    assert ref.find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "FootnoteReference"
    styles = xml(fr, "word/styles.xml")
    names = {s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val") for s in styles.findall("w:style", NS)}
    assert (names["FootnoteText"], names["FootnoteReference"]) == ("footnote text", "footnote reference")


def test_a_source_with_an_address_links_its_title_in_the_footnote():
    sources = (SourceEntry("web", "Annual report", "Example Org", "2024", "English", "https://example.org/r?a=1&b=2"),)
    cited = Paragraph((Text("Cited"), Citation("web")))
    data = DocxWriter().render(with_blocks(cited, sources=sources + sample_document("fr").sources))
    root = xml(data, "word/footnotes.xml")
    (link,) = [h for h in root.iter(f"{{{W}}}hyperlink") if h.get(f"{{{NS['r']}}}id")]
    assert text(link) == "Annual report"
    rels = xml(data, "word/_rels/footnotes.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    assert targets[link.get(f"{{{NS['r']}}}id")] == "https://example.org/r?a=1&b=2"


def test_a_citation_inside_a_link_keeps_its_mark_there():
    data = DocxWriter().render(with_blocks(Paragraph((Link((Text("see"), Citation("s1")), "https://example.org"),))))
    body = xml(data, "word/document.xml")
    assert [h for h in body.iter(f"{{{W}}}hyperlink") if h.find(".//w:footnoteReference", NS) is not None]


def test_a_document_citing_nothing_has_no_footnotes_part():
    document = sample_document("en")
    bare = dataclasses.replace(document, blocks=(Paragraph((Text("Nothing cited."),)),), sources=())
    data = DocxWriter().render(bare)
    assert "word/footnotes.xml" not in parts(data)
    assert xml(data, "word/settings.xml").find("w:footnotePr", NS) is None


def _convert(data: bytes, folder, name: str) -> str:
    source = folder / f"{name}.docx"
    source.write_bytes(data)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / f'profile-{name}').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return subprocess.run(["pdftotext", "-layout", str(folder / f"{name}.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
def test_libreoffice_numbers_the_footnotes_and_renumbers_after_an_added_one(fr, tmp_path):
    laid_out = _convert(fr, tmp_path, "briefing")
    entry = "Laoshan district drives innovation growth — chinadaily.com.cn"
    assert re.search(rf"^\s*1\s*\n\s*{entry}", laid_out, re.M)
    # A colleague adds a footnote before all the others, and saves: Word numbers the ids in the order of
    # the marks (LibreOffice pairs marks and notes in that order), so the new one is 1 and the others move up.
    package = parts(fr)

    def shifted(xml_text: bytes) -> bytes:
        return re.sub(rb'(<w:footnote(?:Reference)? w:id=")([1-9]\d*)"',
                      lambda m: m[1] + str(int(m[2]) + 1).encode() + b'"', xml_text)

    document = shifted(package["word/document.xml"])
    at = document.index(b"<w:r>", document.index(b"<w:body>"))
    mark = b'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    package["word/document.xml"] = document[:at] + mark + document[at:]
    footnotes = shifted(package["word/footnotes.xml"])
    first = footnotes.index(b'<w:footnote w:id="2">')
    note = (b'<w:footnote w:id="1"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/>'
            b'</w:r><w:r><w:t xml:space="preserve"> Added by hand</w:t></w:r></w:p></w:footnote>')
    package["word/footnotes.xml"] = footnotes[:first] + note + footnotes[first:]
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w") as archive:
        for name, content in package.items():
            archive.writestr(name, content)
    relaid = _convert(edited.getvalue(), tmp_path, "edited")
    assert re.search(r"^\s*1\s*Added by hand", relaid, re.M)
    assert re.search(rf"^\s*2\s*\n\s*{entry}", relaid, re.M)
