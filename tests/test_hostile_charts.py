"""Bar category names of any length a label may have stay inside the chart: wrapped, broken, or cut with "…".

Each chart is drawn for real; at the moment matplotlib saves it, laid out,
the test measures with its renderer what was drawn: everything inside the
figure, the category names clear of each other, and the plot keeping most
of the figure rather than collapsing to make room for a name.
"""

from __future__ import annotations

import matplotlib.figure
import pytest

from briefgen import charts
from briefgen.charts import BarChart, render_chart
from briefgen.facts.topics import LABEL_LIMIT

NAMES = {
    "short": "Unicorns",
    "words, the longest label": ("robotics firms of the park " * 10)[:LABEL_LIMIT],
    "60 unbroken": "x" * 60,
    "60 wide unbroken": "W" * 60,
    "longest label, unbroken": "W" * LABEL_LIMIT,
    "compound words": "Donaudampfschifffahrtsgesellschaftskapitänsmützen Forschungseinrichtungen " * 2,
}


def english(value: float) -> str:
    return f"{value:,.0f}"


@pytest.fixture
def drawn(monkeypatch):
    """Draw a chart afresh (no cache) and return its laid-out figure, caught as it is saved."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")
    figures = []
    save = matplotlib.figure.Figure.savefig

    def catch(figure, *args, **kwargs):
        if not figures:
            figures.append(figure)
        return save(figure, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", catch)

    def draw(spec: BarChart) -> matplotlib.figure.Figure:
        charts.clear_caches()
        figures.clear()
        render_chart(spec, formats=("png",))
        return figures[0]

    return draw


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
@pytest.mark.parametrize("count", [1, 4, 8])
@pytest.mark.parametrize("name", NAMES, ids=NAMES.keys())
def test_category_names_stay_inside_the_chart(drawn, orientation, count, name):
    categories = tuple(f"{NAMES[name]} {index}" for index in range(count))
    spec = BarChart(categories, tuple(10.0 * (i + 1) for i in range(count)),
                    tuple(f"{10 * (i + 1)} firms" for i in range(count)), "firms", english, orientation=orientation)
    figure = drawn(spec)
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    drawn_box = figure.get_tightbbox(renderer)  # in inches: everything drawn, ticks outside the limits excepted
    assert drawn_box.x0 >= -0.01 and drawn_box.y0 >= -0.01, drawn_box
    assert drawn_box.x1 * 72 <= width + 0.5 and drawn_box.y1 * 72 <= height + 0.5, drawn_box
    axes = figure.axes[0]
    plot = axes.get_window_extent(renderer)
    assert plot.width >= 0.4 * width and plot.height >= 0.4 * height, plot
    axis = axes.yaxis if orientation == "horizontal" else axes.xaxis
    boxes = sorted((label.get_window_extent(renderer) for label in axis.get_ticklabels()),
                   key=lambda box: (box.y0, box.x0))
    assert len(boxes) == count
    for first, second in zip(boxes, boxes[1:]):
        apart = first.y1 <= second.y0 + 0.5 if orientation == "horizontal" else first.x1 <= second.x0 + 0.5
        assert apart or not first.overlaps(second), (first, second)
    shown = [label.get_text() for label in axis.get_ticklabels()]
    if name == "short":
        assert [text.replace("\n", " ") for text in shown] == list(categories)  # a name that fits stays whole


def test_a_name_cut_short_ends_with_an_ellipsis_and_keeps_its_start(drawn):
    long = ("robotics firms of the park " * 10)[:LABEL_LIMIT]
    figure = drawn(BarChart(tuple(f"{long} {i}" for i in range(8)), tuple(float(i + 1) for i in range(8)),
                            tuple(str(i + 1) for i in range(8)), "firms", english, orientation="horizontal"))
    shown = [label.get_text() for label in figure.axes[0].yaxis.get_ticklabels()]
    assert all(text.endswith("\u2026") and long.startswith(text[:-1].replace("\n", " ").rstrip()) for text in shown)
