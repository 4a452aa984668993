"""Paragraph styles and colours of the PDF briefing, derived from the branding colours."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefgen.writers.pdf_fonts import FontSet

TEXT = colors.HexColor("#262626")
MUTED = colors.HexColor("#5F6368")
RULE = colors.HexColor("#C9CED6")
BODY_SIZE = 10


def tint(color: colors.Color, strength: float) -> colors.Color:
    """`color` mixed with white: `strength` 1 is the colour itself, 0 is white."""
    return colors.Color(*(1 - strength * (1 - c) for c in (color.red, color.green, color.blue)))


@dataclass(frozen=True)
class Styles:
    """Everything the writer needs to set text: paragraph styles by role, and colours."""

    primary: colors.Color
    accent: colors.Color
    paragraph: dict

    def __getitem__(self, role: str) -> ParagraphStyle:
        return self.paragraph[role]

    @property
    def primary_hex(self) -> str:
        """The primary colour as "#rrggbb", for links in markup."""
        return "#" + self.primary.hexval()[2:]


def make_styles(fonts: FontSet, primary_hex: str, accent_hex: str) -> Styles:
    """The styles of one briefing in its branding colours."""
    primary, accent = colors.HexColor(primary_hex), colors.HexColor(accent_hex)
    base = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=BODY_SIZE,
        leading=14.5,
        textColor=TEXT,
        spaceAfter=7,
        bulletFontName=fonts.regular,
        alignment=TA_LEFT,  # justified text would stretch the no-break spaces inside numbers
    )

    def style(name: str, parent: ParagraphStyle = base, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    heading = dict(fontName=fonts.bold, textColor=primary, keepWithNext=1)
    cell = style("cell", fontSize=8.8, leading=11.5, spaceAfter=0)
    toc = dict(fontName=fonts.regular, textColor=TEXT, spaceAfter=0)
    paragraph = {
        "body": base,
        "bullet": style("bullet", leftIndent=14, bulletIndent=3, spaceAfter=3.5, bulletColor=primary),
        "h1": style("h1", fontSize=17, leading=21, spaceBefore=16, spaceAfter=9, **heading),
        "h2": style("h2", fontSize=13, leading=17, spaceBefore=12, spaceAfter=6, **heading),
        "h3": style("h3", fontSize=11, leading=14.5, spaceBefore=9, spaceAfter=4, **dict(heading, textColor=TEXT)),
        "caption": style("caption", fontName=fonts.bold, fontSize=8.8, leading=11.5, spaceBefore=4, spaceAfter=4,
                         textColor=TEXT),
        "source_line": style("source_line", fontSize=7.8, leading=10, spaceBefore=3, spaceAfter=12, textColor=MUTED),
        "cell_left": cell,
        "cell_right": style("cell_right", parent=cell, alignment=TA_RIGHT),
        "head_left": style("head_left", parent=cell, fontName=fonts.bold, textColor=colors.white),
        "head_right": style("head_right", parent=cell, fontName=fonts.bold, textColor=colors.white,
                            alignment=TA_RIGHT),
        "panel_title": style("panel_title", fontName=fonts.bold, fontSize=8.5, leading=11, spaceAfter=0,
                             textColor=primary),
        "figure_value": style("figure_value", fontName=fonts.bold, fontSize=20, leading=24, spaceAfter=2,
                              textColor=primary),
        "figure_label": style("figure_label", fontSize=8.5, leading=11, spaceAfter=0, textColor=TEXT),
        "source_entry": style("source_entry", fontSize=8.8, leading=12, leftIndent=26, bulletIndent=0,
                              bulletFontName=fonts.bold, bulletFontSize=8.8, bulletColor=primary, spaceAfter=5),
        # Entries of level 1 are bold through markup: the style's font also
        # draws the dot leaders, which would be heavy in bold.
        "toc1": style("toc1", fontSize=10.5, leading=14, spaceBefore=7, **toc),
        "toc2": style("toc2", fontSize=9.5, leading=13, leftIndent=14, spaceBefore=2, **toc),
        "toc3": style("toc3", fontSize=9, leading=12, leftIndent=28, spaceBefore=1, **toc),
        "header": style("header", fontSize=7.5, leading=9, spaceAfter=0, textColor=MUTED),
        "header_right": style("header_right", fontSize=7.5, leading=9, spaceAfter=0, textColor=MUTED,
                              alignment=TA_RIGHT),
        # The classification above the header's title and period, as the DOCX's "Header Classification".
        "header_marking": style("header_marking", fontName=fonts.bold, fontSize=7.5, leading=9, spaceAfter=0,
                                textColor=accent, textTransform="uppercase", alignment=TA_CENTER),
        "cover_org": style("cover_org", fontName=fonts.bold, fontSize=11, leading=14, textColor=primary),
        "cover_kind": style("cover_kind", fontName=fonts.bold, fontSize=10.5, leading=14, spaceAfter=10,
                            textColor=tint(primary, 0.2)),
        "cover_period": style("cover_period", fontName=fonts.bold, fontSize=11, leading=14, spaceBefore=14,
                              spaceAfter=0, textColor=tint(primary, 0.2)),
        "cover_classification": style("cover_classification", fontName=fonts.bold, fontSize=10.5, leading=14,
                                      spaceAfter=0, textColor=accent, textTransform="uppercase"),
        "cover_title": style("cover_title", fontName=fonts.bold, fontSize=30, leading=35, spaceAfter=10,
                             textColor=colors.white),
        "cover_subtitle": style("cover_subtitle", fontSize=15, leading=19, spaceAfter=0,
                                textColor=colors.white),
        "cover_info_strong": style("cover_info_strong", fontName=fonts.bold, fontSize=10.5, leading=14.5,
                                   spaceAfter=2, textColor=primary),
        "cover_info": style("cover_info", fontSize=9.5, leading=13.5, spaceAfter=0, textColor=TEXT),
    }
    return Styles(primary=primary, accent=accent, paragraph=paragraph)
