"""A chart's SVG as a reportlab drawing, through svglib, in the briefing's fonts.

Imported only when a chart is converted: svglib and what it loads take about
a tenth of a second, which a build whose drawings are all kept need not pay.
"""

from __future__ import annotations

import functools
import io

from reportlab.graphics.shapes import Drawing
from svglib.fonts import FontMap
from svglib.svglib import svg2rlg

from briefgen.writers.pdf_fonts import FontSet


class BriefingFontMap(FontMap):
    """svglib font lookup that sets every chart text in the briefing's own fonts.

    svglib would otherwise search the system (fontconfig) for each family
    and fall back to the unembedded Helvetica. Charts name "DejaVu Sans",
    the briefing font, then their CJK fallback: every text gets the main
    face here, and the PDF writer sets its Chinese in the CJK one.
    """

    def __init__(self, fonts: FontSet) -> None:
        super().__init__()
        self._fonts = fonts

    def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        bold = str(weight).lower() == "bold" or (str(weight).isdigit() and int(weight) >= 600)
        italic = str(style).lower() in ("italic", "oblique")
        return self._fonts.face(bold, italic), True


@functools.cache
def font_map(fonts: FontSet) -> BriefingFontMap:
    return BriefingFontMap(fonts)


def svg_drawing(svg: bytes, fonts: FontSet) -> Drawing | None:
    """The SVG as svglib draws it, or None when svglib cannot read it."""
    return svg2rlg(io.BytesIO(svg), font_map=font_map(fonts))
