"""Remove what python-docx's default template brings and a briefing never uses: styles and list definitions.

The template holds some 180 styles (over a hundred of them legacy table
styles such as "Light Shading Accent 1") and nine list definitions; a
colleague opening the briefing would find them all in the style gallery,
among the few the briefing is made of. Only the styles the style sheet
sets, the ones they are based on, linked to or followed by, and the four
defaults every Word file declares are kept; then only the list definitions
those styles number their paragraphs with.
"""

from __future__ import annotations

from docx.oxml.ns import qn

# Word's own defaults: the base of every paragraph, run, table and list style.
WORD_DEFAULTS = ("Normal", "DefaultParagraphFont", "TableNormal", "NoList")
_REFERENCES = ("w:basedOn", "w:link", "w:next")


def drop_unused_styles(document, used_ids: set[str]) -> None:
    """Keep only the styles with an id in `used_ids`, what they refer to, and Word's defaults."""
    styles = document.styles.element
    by_id = {element.styleId: element for element in styles.style_lst}
    kept: set[str] = set()
    pending = [style_id for style_id in (*WORD_DEFAULTS, *used_ids) if style_id in by_id]
    while pending:
        style_id = pending.pop()
        if style_id in kept:
            continue
        kept.add(style_id)
        for tag in _REFERENCES:
            reference = by_id[style_id].find(qn(tag))
            if reference is not None and reference.get(qn("w:val")) in by_id:
                pending.append(reference.get(qn("w:val")))
    for style_id, element in by_id.items():
        if style_id not in kept:
            styles.remove(element)
    _drop_unused_numbering(document, [by_id[style_id] for style_id in kept])


def _drop_unused_numbering(document, styles: list) -> None:
    """Keep only the list definitions the kept styles use (List Bullet's bullets)."""
    numbering = document.part.numbering_part.element
    num_ids = {num_id.get(qn("w:val")) for style in styles for num_id in style.iter(qn("w:numId"))}
    abstract_ids = set()
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) in num_ids:
            abstract_ids.add(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        else:
            numbering.remove(num)
    for abstract in numbering.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) not in abstract_ids:
            numbering.remove(abstract)
