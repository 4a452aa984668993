"""Chart drawings kept as JSON read back into drawings that draw the very same PDF."""

from __future__ import annotations

import io
import json

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Rect
from reportlab.pdfgen.canvas import Canvas
from svglib.svglib import svg2rlg

from briefgen.charts import render_chart
from briefgen.writers import pdf_drawings
from briefgen.writers.pdf_figures import _fit_chart_text
from briefgen.writers.pdf_svg import font_map
from briefgen.writers.pdf_fonts import load_fonts
from test_charts import SPECS


def pdf_of(drawing: Drawing) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName=load_fonts().regular)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("index", range(len(SPECS)))
def test_a_drawing_read_back_draws_the_same_pdf(index):
    fonts = load_fonts()
    drawing = svg2rlg(io.BytesIO(render_chart(SPECS[index], formats=("svg",)).svg), font_map=font_map(fonts))
    drawing.initialFontName = fonts.regular
    _fit_chart_text(drawing, fonts)
    data = pdf_drawings.encode(drawing)
    assert data is not None
    again = pdf_drawings.decode(data)
    assert pdf_of(again) == pdf_of(drawing)
    assert pdf_drawings.encode(again) == data


def test_a_shape_the_format_does_not_know_is_not_kept():
    assert pdf_drawings.encode(Drawing(10, 10, Group(Rect(0, 0, 5, 5)))) is None


@pytest.mark.parametrize("data", [
    b"", b"[]", b'{"kind": "drawing"}', b'{"kind": "os.system", "attributes": {}}',
    b'{"kind": "group", "attributes": {}, "contents": []}',
    b'{"kind": "drawing", "attributes": {"x": {"call": "print"}}, "contents": []}',
    b'{"kind": "drawing", "attributes": {}, "contents": [{"kind": "string", "attributes": []}]}',
])
def test_anything_else_is_refused(data):
    with pytest.raises(ValueError, match="chart drawing|Expecting|JSON"):
        pdf_drawings.decode(data)


def test_values_keep_their_types():
    drawing = Drawing(10, 20)
    drawing.transform = (1, 0, 0, 1, 0.5, -0.0)
    again = pdf_drawings.decode(pdf_drawings.encode(drawing))
    assert again.transform == (1, 0, 0, 1, 0.5, -0.0) and isinstance(again.transform, tuple)
    assert [type(v) for v in again.transform] == [int, int, int, int, float, float]
    assert json.loads(pdf_drawings.encode(drawing))["kind"] == "drawing"


def test_a_new_process_reads_a_converted_drawing_back_instead_of_converting(tmp_path, monkeypatch):
    from briefgen.writers import pdf_figures, pdf_svg

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pdf_figures, "_DRAWINGS", type(pdf_figures._DRAWINGS)())
    fonts = load_fonts()
    svg = render_chart(SPECS[1], formats=("svg",)).svg
    converted = pdf_figures._vector(svg, fonts)
    assert len(list((tmp_path / "drawings").iterdir())) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(pdf_figures, "_DRAWINGS", type(pdf_figures._DRAWINGS)())  # as in a new process
    monkeypatch.setattr(pdf_svg, "svg2rlg", refuse)
    assert pdf_of(pdf_figures._vector(svg, fonts)) == pdf_of(converted)
