"""Word footnotes, which python-docx has no API for (its issue #1): the footnotes part and references to it.

A footnote lives in its own part, word/footnotes.xml, related to the main
document and listed in the content types; the text holds a
w:footnoteReference run where its mark goes. Word and LibreOffice number
footnotes themselves, in the order they appear, so a footnote a colleague
adds later renumbers the rest. The part is made as Word makes it: the two
separator footnotes first (the rule above the notes, and its continuation
on the next page), named in the settings' footnote properties.
"""

from __future__ import annotations

import itertools

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

_SEPARATOR = (
    '<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
)
_PART = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    + _SEPARATOR.format(kind="separator", id="-1")
    + _SEPARATOR.format(kind="continuationSeparator", id="0")
    + "</w:footnotes>"
)
# Children of w:settings that the schema places after w:footnotePr.
_AFTER_FOOTNOTE_PROPERTIES = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


def _styled_run(style_id: str, child: str, **attributes: str):
    """A run in character style `style_id` holding one empty `child` element (a mark or a reference)."""
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), style_id)
    properties.append(style)
    run.append(properties)
    mark = OxmlElement(child)
    for name, value in attributes.items():
        mark.set(qn(f"w:{name}"), value)
    run.append(mark)
    return run


class Footnotes:
    """The footnotes of one document; the part is added with the first footnote.

    `text_style` and `reference_style` are the style ids of the footnote's
    paragraph and of its mark, in the text and in the note alike.
    """

    def __init__(self, document, text_style: str, reference_style: str) -> None:
        self._document = document
        self._text_style = text_style
        self._reference_style = reference_style
        self._part: XmlPart | None = None
        self._ids = itertools.count(1)

    def add(self, container) -> Paragraph:
        """Put a footnote mark at the end of `container` (a w:p or w:hyperlink); the note's paragraph, to fill."""
        footnote_id = str(next(self._ids))
        container.append(_styled_run(self._reference_style, "w:footnoteReference", id=footnote_id))
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), footnote_id)
        paragraph = OxmlElement("w:p")
        footnote.append(paragraph)
        paragraph.get_or_add_pPr().style = self._text_style
        paragraph.append(_styled_run(self._reference_style, "w:footnoteRef"))
        self._notes().element.append(footnote)
        note = Paragraph(paragraph, self._notes())
        note.add_run(" ")
        return note

    def _notes(self) -> XmlPart:
        if self._part is None:
            main = self._document.part
            self._part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_PART), main.package)
            main.relate_to(self._part, RT.FOOTNOTES)
            properties = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                                   "</w:footnotePr>")
            self._document.settings.element.insert_element_before(properties, *_AFTER_FOOTNOTE_PROPERTIES)
        return self._part
