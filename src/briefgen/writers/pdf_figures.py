"""Charts for the PDF: the SVG as a vector drawing, the PNG when the SVG cannot be used.

Drawings are converted from the SVG by svglib (see pdf_svg) once, then kept:
in memory for the process, and as data in the file cache for later ones,
so a build whose charts were all converted before does not load svglib.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
from collections import OrderedDict
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus import Image as ImageFlowable

from briefgen.document import Image
from briefgen.errors import BriefgenError
from briefgen.digests import tree_digest
from briefgen.filecache import FileCache, digest, package_identity
from briefgen.writers import pdf_drawings
from briefgen.writers.pdf_fonts import FontSet
from briefgen.writers.pdf_template import PageCounter


def chart_flowable(image: Image, max_width: float, fonts: FontSet, counter: PageCounter) -> Flowable:
    """The chart at its size in centimetres (narrowed to `max_width` points if needed)."""
    scale = min(1.0, max_width / (image.width_cm * cm))
    width, height = image.width_cm * cm * scale, image.height_cm * cm * scale
    drawing = _vector(image.svg, fonts) if image.svg else None
    if drawing is None:
        if image.png is None:
            raise BriefgenError(f"chart: {image!r} has no SVG the PDF writer can read, and no PNG")
        flowable = ImageFlowable(io.BytesIO(image.png), width=width, height=height)
    else:
        flowable = _VectorChart(drawing, width, height, counter)
    flowable.hAlign = "LEFT"  # on the text column, like its caption
    return flowable


class _VectorChart(Flowable):
    """A converted chart drawn at a given size.

    The drawing is shared by every document that shows the same chart, so it
    is scaled on the canvas, never changed. Nothing is drawn in the first
    layout pass, which only counts pages (its output is never kept): drawing
    a chart costs as much as laying out a page of text.
    """

    def __init__(self, drawing: Drawing, width: float, height: float, counter: PageCounter) -> None:
        super().__init__()
        self._drawing = drawing
        self.width, self.height = width, height
        self._counter = counter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self._counter.first_pass:
            return
        self.canv.scale(self.width / self._drawing.width, self.height / self._drawing.height)
        renderPDF.draw(self._drawing, self.canv, 0, 0)


_DRAWINGS: OrderedDict[tuple, Drawing | None] = OrderedDict()
MAX_DRAWINGS = 64  # a batch shows about 12 distinct charts per language


def _vector(svg: bytes, fonts: FontSet) -> Drawing | None:
    """The SVG as a reportlab drawing, or None when svglib cannot read it.

    Converted once per process, and kept as data in the file cache for the
    next process (see pdf_drawings). The drawing is shared: never changed.
    """
    key = (svg, fonts)
    if key in _DRAWINGS:
        _DRAWINGS.move_to_end(key)
        return _DRAWINGS[key]
    files, name = FileCache("drawings"), _entry_name(svg, fonts)
    drawing = _kept_drawing(files.get(name))
    if drawing is None:
        from briefgen.writers.pdf_svg import svg_drawing  # svglib is loaded only to convert

        drawing = svg_drawing(svg, fonts)
        if drawing is None or not drawing.width or not drawing.height:
            drawing = None
        else:
            drawing.initialFontName = fonts.regular  # the renderer's starting font, Helvetica otherwise
            _fit_chart_text(drawing, fonts)
            data = pdf_drawings.encode(drawing)
            if data is not None:
                files.put(name, data)
    _DRAWINGS[key] = drawing
    while len(_DRAWINGS) > MAX_DRAWINGS:
        _DRAWINGS.popitem(last=False)
    return drawing


def _kept_drawing(data: bytes | None) -> Drawing | None:
    if data is None:
        return None
    try:
        return pdf_drawings.decode(data)
    except ValueError:
        return None  # damaged or from elsewhere: converted again and replaced


def _entry_name(svg: bytes, fonts: FontSet) -> str:
    """A name for the drawing of `svg` in `fonts` that changes with anything that changes the drawing."""
    return f"{digest(hashlib.sha256(svg).hexdigest(), fonts.identity, _code_version())}.json"


@functools.cache
def _code_version() -> tuple:
    """The code that makes a drawing: this module, pdf_drawings, pdf_svg, svglib and reportlab."""
    sources = tree_digest([Path(__file__), Path(pdf_drawings.__file__), Path(__file__).with_name("pdf_svg.py")])
    return sources, package_identity("svglib"), package_identity("reportlab")


def _fit_chart_text(group: Group, fonts: FontSet) -> None:
    """Set chart texts in the fonts matplotlib drew them with: characters the main font lacks
    (Chinese) in the fallback font, the others in the main font with its no-break stand-ins,
    so the text layer keeps them."""
    contents = []
    for node in group.contents:
        if isinstance(node, Group):
            _fit_chart_text(node, fonts)
            contents.append(node)
        elif isinstance(node, String):
            contents.extend(_font_runs(node, fonts))
        else:
            contents.append(node)
    group.contents[:] = contents


def _font_runs(string: String, fonts: FontSet) -> list[String]:
    """`string` as one String per run of characters of one font, placed side by side where it was anchored."""
    runs = (fonts.runs(string.text) if fonts.fallback else []) or [(string.text, False)]
    pieces = []
    for text, fallback in runs:
        piece = copy.copy(string) if len(runs) > 1 else string
        piece.text, piece.fontName = (text, fonts.fallback) if fallback else (fonts.unbreakable(text), string.fontName)
        pieces.append(piece)
    if len(pieces) > 1:
        widths = [stringWidth(piece.text, piece.fontName, piece.fontSize) for piece in pieces]
        x = string.x - sum(widths) * {"middle": 0.5, "end": 1.0}.get(string.textAnchor, 0.0)
        for piece, width in zip(pieces, widths):
            piece.x, piece.textAnchor = x, "start"
            x += width
    return pieces
