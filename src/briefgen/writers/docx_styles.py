"""The DOCX style sheet: page, fonts, colours, language and every named style the writer uses.

Everything the reader sees as "formatting" lives here as a named style, so
staff who edit the briefing in Word or LibreOffice change one style and the
whole document follows. The DOCX writer only picks style names.
"""

from __future__ import annotations

import copy
import functools
import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from briefgen.writers.docx_unused import drop_unused_styles

# Arial rather than DejaVu Sans: the file is edited in Word on office machines,
# where Arial is always installed and DejaVu rarely is; LibreOffice replaces
# Arial with the metric-compatible Liberation Sans, so lines break at the same
# places in both. Both faces carry U+202F and U+00A0 (French digit grouping).
FONT = "Arial"
# Chinese place names (青岛, 崂山): Microsoft YaHei ships with Office on Windows
# and macOS; elsewhere the system falls back to an installed CJK sans face.
EAST_ASIAN_FONT = "Microsoft YaHei"

PAGE_SIZES = {"A4": (Cm(21.0), Cm(29.7)), "letter": (Cm(21.59), Cm(27.94))}
"""Width and height of each page size a briefing may be printed on (see Meta.page_size)."""
MARGIN = Cm(2.2)
TEXT_WIDTH = PAGE_SIZES["A4"][0] - 2 * MARGIN
"""The width of the text on every page size: the narrowest page's, centred on wider ones."""
TOP_MARGIN, BOTTOM_MARGIN = Cm(2.5), Cm(2.2)

WHITE = RGBColor(0xFF, 0xFF, 0xFF)
TEXT = RGBColor(0x26, 0x26, 0x26)  # the PDF's text colour
GREY = RGBColor(0x40, 0x40, 0x40)
LIGHT_GREY = RGBColor(0x6E, 0x6E, 0x6E)
RULE_GREY = "BFBFBF"

_CJK_LANGUAGES = ("zh", "ja", "ko")
NARROW_KEY_FIGURE_VALUE = "Key Figure Value Narrow"  # the value style of a panel four figures wide


def styled_document(language: str, primary: str, accent: str, page_size: str = "A4"):
    """A new python-docx Document with the style sheet applied, and its styles by name.

    Applying the sheet costs about a third of a briefing's render, and is the
    same for every document of a language and branding: it is done once per
    process, and each document starts from a copy of the result.
    """
    document = docx.Document(io.BytesIO(_styled_package(language, primary, accent, page_size)))
    return document, StyleIndex(document)


@functools.lru_cache(maxsize=8)
def _styled_package(language: str, primary: str, accent: str, page_size: str) -> bytes:
    document = docx.Document()
    apply_style_sheet(document, language, primary, accent, page_size)
    package = io.BytesIO()
    document.save(package)
    return package.getvalue()


def apply_style_sheet(document, language: str, primary: str, accent: str, page_size: str = "A4") -> None:
    """Set page geometry, defaults and every named style of `document` (a python-docx Document).

    `language` is a BCP 47 tag; `primary` and `accent` are "#RRGGBB" colours;
    `page_size` one of PAGE_SIZES. The template's styles the sheet does not
    set are removed, so the style gallery shows the briefing's own.
    """
    colours = _Colours(primary, accent)
    styles = StyleIndex(document)
    _page_setup(document, page_size)
    _defaults(document, language)
    _built_in_styles(styles, colours)
    _custom_styles(styles, colours)
    _note_styles(styles, colours)
    _table_styles(styles, colours)
    drop_unused_styles(document, styles.used)


class StyleIndex:
    """The styles of a document by name, as `document.styles[name]` finds them, without its cost.

    python-docx finds a style by running an XPath query over every style of
    the template (about 160), and checks a new name by reading each style's
    name; with some 90 lookups per document that was a third of the style
    sheet's time. The index is filled once; styles are only ever added
    through it, and none is renamed. `used` holds the ids of the styles
    looked up or added through it: the style sheet's, once it is applied.
    """

    def __init__(self, document) -> None:
        self.styles = document.styles
        self.by_name: dict[str, object] = {}
        self.ids: set[str] = set()
        self.used: set[str] = set()
        for element in self.styles.element.style_lst:
            self._index(element)

    def _index(self, element) -> None:
        self.by_name.setdefault(element.name_val, element)  # the first of a name wins, as in python-docx
        self.ids.add(element.styleId)

    def __getitem__(self, name: str):
        element = self.by_name.get(BabelFish.ui2internal(name))
        if element is not None:
            self.used.add(element.styleId)
            return StyleFactory(element)
        if name in self.ids:
            self.used.add(name)
            return self.styles[name]  # python-docx's deprecated lookup by id, with its warning
        raise KeyError(f"no style with name '{name}'")

    def __contains__(self, name: str) -> bool:
        return BabelFish.ui2internal(name) in self.by_name

    def add(self, name: str, kind, builtin: bool):
        """A new style called `name`, as `document.styles.add_style` adds it."""
        internal = BabelFish.ui2internal(name)
        if internal in self.by_name:
            raise ValueError(f"document already contains style '{name}'")
        element = self.styles.element.add_style_of_type(internal, kind, builtin)
        self._index(element)
        self.used.add(element.styleId)
        return StyleFactory(element)

    def append(self, element) -> None:
        """Add a style written as XML (a `w:style` element) at the end of the style sheet."""
        self.styles.element.append(element)
        self._index(element)
        self.used.add(element.styleId)


class _Colours:
    """The branding colours as python-docx values and bare hex strings."""

    def __init__(self, primary: str, accent: str) -> None:
        self.primary_hex = primary.lstrip("#").upper()
        self.accent_hex = accent.lstrip("#").upper()
        self.primary = RGBColor.from_string(self.primary_hex)
        self.accent = RGBColor.from_string(self.accent_hex)
        # A pale tint of the primary colour for shaded panels.
        self.tint_hex = _mix_with_white(self.primary_hex, 0.88)
        # Nearly white, for small text on the primary colour (the PDF's tint at a fifth of its strength).
        self.pale = RGBColor.from_string(_mix_with_white(self.primary_hex, 0.8))


def add_marking_style(styles: StyleIndex, accent: str) -> str:
    """Add "Header Classification" to a document's sheet; the style's name.

    The classification above the title and period of every page's header:
    small bold capitals in the accent colour, centred, as the cover's marking
    is set. It is added only to a document that is marked, so the style sheet
    of an unmarked one is the shared sheet unchanged.
    """
    name = "Header Classification"
    marking = _style(styles, name)
    _look(marking, size=8.5, bold=True, caps=True, color=RGBColor.from_string(accent.lstrip("#").upper()),
          before=0, after=2, line=1.0, align=WD_ALIGN_PARAGRAPH.CENTER)
    return name


def _mix_with_white(colour_hex: str, white: float) -> str:
    """`colour_hex` with a share `white` (0 to 1) of white mixed in."""
    return "".join(f"{round(c + (255 - c) * white):02X}" for c in bytes.fromhex(colour_hex))


def _page_setup(document, page_size: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    width, height = PAGE_SIZES[page_size]
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = Emu(int((width - TEXT_WIDTH) / 2))
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)


def _defaults(document, language: str) -> None:
    """Font, size, spacing and language for every paragraph that does not say otherwise."""
    styles = document.styles.element
    # The template's styles point at theme fonts (Calibri, Cambria); dropping
    # those references lets every style inherit the document font below.
    for fonts in styles.xpath(".//w:rFonts[@w:asciiTheme or @w:hAnsiTheme]"):
        fonts.getparent().remove(fonts)
    east_asian_lang = language if language.split("-")[0] in _CJK_LANGUAGES else "zh-CN"
    run_defaults = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    for child in list(run_defaults):
        run_defaults.remove(child)
    run_defaults.append(
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}"'
            f' w:eastAsia="{EAST_ASIAN_FONT}" w:cs="{FONT}"/>'
        )
    )
    run_defaults.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="21"/>'))
    run_defaults.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="21"/>'))
    run_defaults.append(
        parse_xml(f'<w:lang {nsdecls("w")} w:val="{language}" w:eastAsia="{east_asian_lang}" w:bidi="ar-SA"/>')
    )
    paragraph_defaults = styles.xpath("w:docDefaults/w:pPrDefault/w:pPr")[0]
    for child in list(paragraph_defaults):
        paragraph_defaults.remove(child)
    # No lone first or last line of a paragraph at a page edge.
    paragraph_defaults.append(parse_xml(f'<w:widowControl {nsdecls("w")}/>'))
    paragraph_defaults.append(
        parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="120" w:line="276" w:lineRule="auto"/>')
    )
    # Theme fonts and spell-check of text typed later follow the same language.
    for theme_lang in document.settings.element.xpath("w:themeFontLang"):
        theme_lang.set(qn("w:val"), language)
        theme_lang.set(qn("w:eastAsia"), east_asian_lang)


def _style(styles: StyleIndex, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, *, base: str | None = "Normal",
           builtin: bool = False):
    """The style called `name`, added (based on `base`) when the template lacks it."""
    try:
        style = styles[name]
    except KeyError:
        style = styles.add(name, kind, builtin=builtin)
        if base is not None:
            style.base_style = styles[base]
    style.hidden = False
    style.unhide_when_used = False
    return style


def _look(style, *, size=None, bold=None, italic=None, color=None, caps=None,
          before=None, after=None, keep_next=None, align=None, line=None) -> None:
    """Set the usual font and paragraph properties of `style`; None leaves one inherited."""
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color
    if caps is not None:
        font.all_caps = caps
    if not hasattr(style, "paragraph_format"):
        return
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next is not None:
        fmt.keep_with_next = keep_next
    if align is not None:
        fmt.alignment = align
    if line is not None:
        fmt.line_spacing = line


def _border(style, *edges: str, colour_hex: str, eighths_of_point: int, space: int) -> None:
    """Replace any paragraph border of `style` with lines on `edges` ("top", "left", "bottom", "right")."""
    p_pr = style.element.get_or_add_pPr()
    for old in p_pr.findall(qn("w:pBdr")):
        p_pr.remove(old)
    lines = "".join(f'<w:{edge} w:val="single" w:sz="{eighths_of_point}" w:space="{space}" w:color="{colour_hex}"/>'
                    for edge in edges)
    p_pr.insert_element_before(
        parse_xml(f'<w:pBdr {nsdecls("w")}>{lines}</w:pBdr>'), "w:shd", "w:tabs", "w:suppressAutoHyphens",
        "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    )


def _bottom_rule(style, colour_hex: str, eighths_of_point: int, space: int = 4) -> None:
    """Replace any paragraph border of `style` with a rule under the text."""
    _border(style, "bottom", colour_hex=colour_hex, eighths_of_point=eighths_of_point, space=space)


def _rule_above(style, colour_hex: str) -> None:
    """A thin rule over the text, 10 points above it (the foot of the cover)."""
    _border(style, "top", colour_hex=colour_hex, eighths_of_point=6, space=10)


def _box(style, colour_hex: str) -> None:
    """A frame around the text, across the text width, the text 8 points inside it (the classification)."""
    _border(style, "top", "left", "bottom", "right", colour_hex=colour_hex, eighths_of_point=10, space=5)
    style.paragraph_format.left_indent = style.paragraph_format.right_indent = Pt(8)


def _sync_linked_character_style(styles: StyleIndex, style) -> None:
    """Give the character twin Word applies to part of a paragraph ("Heading 1 Char") the same look."""
    link = style.element.find(qn("w:link"))
    twin = styles.styles.element.get_by_id(link.get(qn("w:val"))) if link is not None else None
    if twin is None:
        return
    twin.remove_all("w:rPr")
    twin.append(copy.deepcopy(style.element.rPr))


def _built_in_styles(styles: StyleIndex, c: _Colours) -> None:
    """Restyle Word's own styles, so the contents, captions and lists keep working."""
    # The title and subtitle are set in white on the cover's panel (see "Cover Panel").
    title = _style(styles, "Title")
    _look(title, size=30, bold=True, color=WHITE, before=0, after=10, line=1.0)
    title.element.get_or_add_pPr().remove_all("w:pBdr")
    title.element.rPr.remove_all("w:spacing", "w:kern")

    subtitle = _style(styles, "Subtitle")
    _look(subtitle, size=15, italic=False, color=WHITE, before=0, after=0, line=1.0)
    subtitle.element.pPr.remove_all("w:numPr")
    subtitle.element.rPr.remove_all("w:spacing")

    for level, size, before, after in ((1, 16, 18, 8), (2, 13, 14, 4), (3, 11, 10, 3)):
        heading = _style(styles, f"Heading {level}")
        _look(heading, size=size, bold=True, italic=False, color=c.primary, before=before, after=after, keep_next=True)
    _bottom_rule(styles["Heading 1"], c.accent_hex, 6, space=2)

    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
        _sync_linked_character_style(styles, styles[name])

    contents_title = _style(styles, "TOC Heading")
    # Based on Normal, not Heading 1: the contents title must never list itself.
    contents_title.base_style = styles["Normal"]
    _look(contents_title, size=16, bold=True, color=c.primary, before=0, after=12, keep_next=True)

    for level in (1, 2, 3):
        entry = _style(styles, f"toc {level}", builtin=True)
        _look(entry, bold=level == 1, before=6 if level == 1 else 0, after=2)
        entry.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        entry.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    bullet = _style(styles, "List Bullet")
    _look(bullet, after=3)

    caption = _style(styles, "Caption")
    _look(caption, size=9, bold=True, color=c.primary, before=6, after=3, keep_next=True)

    for name in ("Header", "Footer"):
        band = _style(styles, name)
        _look(band, size=8.5, color=LIGHT_GREY)
        band.paragraph_format.tab_stops.clear_all()
        band.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _bottom_rule(styles["Header"], RULE_GREY, 4, space=4)
    _look(styles["Footer"], align=WD_ALIGN_PARAGRAPH.CENTER)

    _look(_style(styles, "Hyperlink", WD_STYLE_TYPE.CHARACTER, base="Default Paragraph Font", builtin=True),
          color=c.primary)
    styles["Hyperlink"].font.underline = True

    # Bold and italic text keep Word's own look, through its own styles.
    for name in ("Strong", "Emphasis"):
        _style(styles, name, WD_STYLE_TYPE.CHARACTER, base="Default Paragraph Font", builtin=True)


def _custom_styles(styles: StyleIndex, c: _Colours) -> None:
    """Styles of the briefing's own parts: cover, key figures, tables, figures, notes."""
    _look(_style(styles, "Cover Organisation"), size=11, bold=True, color=c.primary, before=11, after=91)
    _look(_style(styles, "Cover Kind"), size=10.5, bold=True, color=c.pale, before=0, after=10, line=1.0)
    _look(_style(styles, "Cover Period"), size=11, bold=True, color=c.pale, before=14, after=0, line=1.0)
    classification = _style(styles, "Cover Classification")
    _look(classification, size=10.5, bold=True, caps=True, color=c.accent, before=23, after=0)
    _box(classification, c.accent_hex)
    publisher = _style(styles, "Cover Publisher")
    _look(publisher, size=10.5, bold=True, color=c.primary, before=0, after=2)
    _rule_above(publisher, c.primary_hex)
    _look(_style(styles, "Cover Detail"), size=9.5, color=TEXT, before=0, after=0)

    _look(_style(styles, "Key Figures Title"), size=9, bold=True, caps=True, color=c.primary,
          before=12, after=4, keep_next=True)
    _look(_style(styles, "Key Figure Value"), size=18, bold=True, color=c.primary, before=0, after=0, line=1.0,
          keep_next=True)
    # Four figures to a row leave about 4 cm each: "milliards" must still fit a line.
    _look(_style(styles, NARROW_KEY_FIGURE_VALUE, base="Key Figure Value"), size=14)
    _look(_style(styles, "Key Figure Label"), size=9, color=GREY, before=2, after=0, line=1.0, keep_next=True)

    # Keep-with-next on every cell keeps a table on one page (with its source
    # line) unless it is longer than a page; Word then breaks it, header repeated.
    table_text = _style(styles, "Table Text")
    _look(table_text, size=9.5, before=0, after=0, line=1.0, keep_next=True)
    _look(_style(styles, "Table Number", base="Table Text"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _look(_style(styles, "Table Header", base="Table Text"), bold=True, color=WHITE)
    _look(_style(styles, "Table Header Number", base="Table Header"), align=WD_ALIGN_PARAGRAPH.RIGHT)

    _look(_style(styles, "Figure"), before=6, after=0, keep_next=True, align=WD_ALIGN_PARAGRAPH.LEFT, line=1.0)
    _look(_style(styles, "Source Line"), size=8, color=LIGHT_GREY, before=3, after=12)

    entry = _style(styles, "Source Entry")
    _look(entry, size=9.5, after=4)
    entry.paragraph_format.left_indent = Cm(0.9)
    entry.paragraph_format.first_line_indent = Cm(-0.9)
    entry.paragraph_format.tab_stops.add_tab_stop(Cm(0.9))


def _note_styles(styles: StyleIndex, c: _Colours) -> None:
    """Word's footnote styles, under Word's own names and ids, so its footnote commands keep using them.

    The mark is in the primary colour, as the PDF's note calls are.
    """
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText">'
        '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
        '<w:pPr><w:spacing w:before="0" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>'
    ))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
        '<w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>'
        f'<w:rPr><w:color w:val="{c.primary_hex}"/><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    ))


def _table_styles(styles: StyleIndex, c: _Colours) -> None:
    """Table styles: data tables ruled in the primary colour, key figures as a shaded panel, the cover's panel."""
    margins = (
        '<w:tblCellMar><w:top w:w="{v}" w:type="dxa"/><w:left w:w="{h}" w:type="dxa"/>'
        '<w:bottom w:w="{v}" w:type="dxa"/><w:right w:w="{h}" w:type="dxa"/></w:tblCellMar>'
    )
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BriefingTable">'
        '<w:name w:val="Briefing Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:tblPr><w:tblBorders>'
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{c.primary_hex}"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{c.primary_hex}"/>'
        f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE_GREY}"/>'
        '</w:tblBorders>' + margins.format(v=50, h=100) + '</w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:tcPr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{c.primary_hex}"/>'
        '</w:tcPr></w:tblStylePr></w:style>'
    ))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="CoverPanel">'
        '<w:name w:val="Cover Panel"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:tblPr><w:tblBorders>'
        f'<w:left w:val="single" w:sz="48" w:space="0" w:color="{c.accent_hex}"/>'
        '</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="440" w:type="dxa"/><w:left w:w="440" w:type="dxa"/>'
        '<w:bottom w:w="480" w:type="dxa"/><w:right w:w="440" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{c.primary_hex}"/></w:tcPr>'
        '</w:style>'
    ))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="KeyFiguresPanel">'
        '<w:name w:val="Key Figures Panel"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:tblPr><w:tblBorders>'
        f'<w:top w:val="single" w:sz="18" w:space="0" w:color="{c.accent_hex}"/>'
        '</w:tblBorders>' + margins.format(v=110, h=140) + '</w:tblPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{c.tint_hex}"/></w:tcPr>'
        '</w:style>'
    ))
