"""Charts for the PDF: the SVG as vector drawing through svglib, the PNG when the SVG cannot be used."""

from __future__ import annotations

import functools
import io

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.units import cm
from reportlab.platypus import Flowable
from reportlab.platypus import Image as ImageFlowable
from svglib.fonts import FontMap
from svglib.svglib import svg2rlg

from briefgen.document import Image
from briefgen.errors import BriefgenError
from briefgen.writers.pdf_fonts import FontSet


class _BriefingFontMap(FontMap):
    """svglib font lookup that sets every chart text in the briefing's own fonts.

    svglib would otherwise search the system (fontconfig) for each family
    and fall back to the unembedded Helvetica; charts name "DejaVu Sans",
    which is the briefing font anyway.
    """

    def __init__(self, fonts: FontSet) -> None:
        super().__init__()
        self._fonts = fonts

    def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        bold = str(weight).lower() == "bold" or (str(weight).isdigit() and int(weight) >= 600)
        italic = str(style).lower() in ("italic", "oblique")
        return self._fonts.face(bold, italic), True


@functools.cache
def _font_map(fonts: FontSet) -> _BriefingFontMap:
    return _BriefingFontMap(fonts)


def chart_flowable(image: Image, max_width: float, fonts: FontSet) -> Flowable:
    """The chart at its size in centimetres (narrowed to `max_width` points if needed)."""
    scale = min(1.0, max_width / (image.width_cm * cm))
    width, height = image.width_cm * cm * scale, image.height_cm * cm * scale
    drawing = _vector(image.svg, fonts) if image.svg else None
    if drawing is None:
        if image.png is None:
            raise BriefgenError(f"chart: {image!r} has no SVG the PDF writer can read, and no PNG")
        flowable = ImageFlowable(io.BytesIO(image.png), width=width, height=height)
    else:
        drawing.scale(width / drawing.width, height / drawing.height)
        drawing.width, drawing.height = width, height
        flowable = drawing
    flowable.hAlign = "LEFT"  # on the text column, like its caption
    return flowable


def _vector(svg: bytes, fonts: FontSet) -> Drawing | None:
    """The SVG as a reportlab drawing, or None when svglib cannot read it."""
    drawing = svg2rlg(io.BytesIO(svg), font_map=_font_map(fonts))
    if drawing is None or not drawing.width or not drawing.height:
        return None
    drawing.initialFontName = fonts.regular  # the renderer's starting font, Helvetica otherwise
    _fit_chart_text(drawing, fonts)
    return drawing


def _fit_chart_text(group: Group, fonts: FontSet) -> None:
    """Set chart texts with characters the main font lacks (Chinese) in the fallback font;
    give the others the main font's no-break stand-ins, so the text layer keeps them."""
    for node in group.contents:
        if isinstance(node, Group):
            _fit_chart_text(node, fonts)
        elif isinstance(node, String):
            if fonts.fallback and any(fonts.needs_fallback(c) for c in node.text):
                node.fontName = fonts.fallback
            else:
                node.text = fonts.unbreakable(node.text)

