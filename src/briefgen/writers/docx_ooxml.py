"""WordprocessingML pieces python-docx has no API for: fields, bookmarks, hyperlinks, alt text.

Each helper writes the markup Word itself writes for the same thing, in the
order the schema requires, so Word opens the file without repairing it.
"""

from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _field_char_run(container, kind: str):
    run = _element("w:r")
    run.append(_element("w:fldChar", fldCharType=kind))
    container.append(run)


def begin_field(container, instruction: str) -> None:
    """Open a complex field in `container` (a w:p or w:hyperlink); its result follows."""
    _field_char_run(container, "begin")
    run = _element("w:r")
    text = _element("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    container.append(run)
    _field_char_run(container, "separate")


def end_field(container) -> None:
    """Close the field opened last in `container`'s paragraph."""
    _field_char_run(container, "end")


def add_field(paragraph, instruction: str, result: str, style=None) -> None:
    """A whole field (PAGE, NUMPAGES, SEQ…) with `result` shown until Word recomputes it."""
    begin_field(paragraph._p, instruction)
    paragraph.add_run(result, style)
    end_field(paragraph._p)


def add_page_reference(container, bookmark: str, result: str) -> None:
    """A PAGEREF field in `container`: the number of the page `bookmark` is on, `result` until it is computed.

    LibreOffice computes it as it lays the page out; Word when it prints or
    updates fields (F9), showing `result` until then. It is a simple field,
    one element around its result.
    """
    field = _element("w:fldSimple", instr=f" PAGEREF {bookmark} \\h ")
    run = _element("w:r")
    text = _element("w:t")
    text.text = result
    run.append(text)
    field.append(run)
    container.append(field)


def bookmark_name(anchor: str, taken: set[str], prefix: str = "") -> str:
    """A valid, unused Word bookmark name for `anchor`, recorded in `taken`.

    Word allows letters, digits and underscores, a letter first, at most 40
    characters; other characters become underscores. A `prefix` starting
    with an underscore ("_Toc_") makes a hidden bookmark, as Word puts on the
    headings its contents point to.
    """
    room = 36 - len(prefix)
    base = re.sub(r"\W", "_", anchor, flags=re.ASCII)[:room] or "section"
    if not base[0].isalpha():
        base = f"s{base}"[:room]
    base = prefix + base
    name, counter = base, 1
    while name.lower() in taken:
        counter += 1
        name = f"{base}_{counter}"
    taken.add(name.lower())
    return name


def add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the whole content of `paragraph` under `name`."""
    start = _element("w:bookmarkStart", id=str(bookmark_id), name=name)
    p_pr = paragraph._p.pPr
    if p_pr is None:
        paragraph._p.insert(0, start)
    else:
        p_pr.addnext(start)
    paragraph._p.append(_element("w:bookmarkEnd", id=str(bookmark_id)))


def add_hyperlink(paragraph, *, url: str | None = None, anchor: str | None = None):
    """An empty w:hyperlink appended to `paragraph`, to an address or a bookmark; runs go inside."""
    link = _element("w:hyperlink")
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    else:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def set_alt_text(run, title: str, description: str) -> None:
    """Give the picture in `run` a title and a description (what screen readers announce)."""
    for doc_pr in run._r.xpath(".//wp:docPr"):
        doc_pr.set("title", title)
        doc_pr.set("descr", description)


def set_table_alt_text(table, title: str) -> None:
    """Give `table` a title, shown by Word as its alternative text."""
    table._tbl.tblPr.insert_element_before(_element("w:tblCaption", val=title), "w:tblDescription", "w:tblPrChange")


def span_text_width(table) -> None:
    """Ask for `table` to fill the text width, so Word's autofit never shrinks it to its content."""
    width = table._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")


def repeat_as_header(row) -> None:
    """Make `row` a header row, repeated at the top of each page the table spans."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_element("w:cantSplit"))
    tr_pr.append(_element("w:tblHeader"))


def keep_row_together(row) -> None:
    """Forbid a page break inside `row`."""
    row._tr.get_or_add_trPr().append(_element("w:cantSplit"))


def use_current_layout_rules(settings) -> None:
    """Lay out as Word 2013 and later do, so Word does not open the file in "Compatibility Mode".

    Among other things, tables then line up with the text margins instead of
    hanging into the left margin by their cell padding.
    """
    for setting in settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
