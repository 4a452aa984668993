"""Tests for chart rendering: deterministic bytes, print size, localized text kept as text, svglib."""

from __future__ import annotations

import hashlib
import io
import logging
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from briefgen import charts
from briefgen.charts import BarChart, ChangeChart, ChartColors, ChartError, clear_caches, render_chart
from briefgen.document import Image

NNBSP = "\u202f"
NBSP = "\u00a0"
SVG = "{http://www.w3.org/2000/svg}"
CJK_FONT = pathlib.Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_cjk_font = pytest.mark.skipif(not CJK_FONT.is_file(),
                                    reason=f"{CJK_FONT} is missing: apt-get install fonts-wqy-microhei")


def french_number(value: float) -> str:
    """A stand-in for the locale layer: French digit groups and decimal comma."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", NNBSP).replace(".", ",")


def english_number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def french_percent(value: float) -> str:
    return f"{french_number(value)}{NBSP}%"


FRENCH_BARS = BarChart(
    categories=("2016", "2023"),
    values=(80_000, 125_000),
    value_labels=(f"80{NNBSP}000", f"plus de 125{NNBSP}000"),
    axis_label="entreprises",
    tick_format=french_number,
    bounded=(False, True),
    bound_note="plus de : valeur minimale",
)
GREEN_BARS = BarChart(
    categories=(
        "Entreprises de fabrication verte",
        "Usines vertes de niveau provincial",
        "Chaînes d’approvisionnement vertes",
        "Champions de l’efficacité énergétique",
    ),
    values=(65, 47, 14, 5),
    value_labels=("65", "47", "14", "5"),
    axis_label="nombre",
    tick_format=french_number,
    orientation="horizontal",
    highlight=0,
)
SHARE_CHANGE = ChangeChart(
    periods=("2016", "2023"),
    values=(82.2, 86.55),
    value_labels=(f"82,2{NBSP}%", f"86,55{NBSP}%"),
    change_label="+4,35 points",
    axis_label="part (%)",
    tick_format=french_percent,
    axis_range=(0, 100),
)
RANK_CHANGE = ChangeChart(
    periods=("2016", "2023"),
    values=(80, 20),
    value_labels=("80th", "20th"),
    change_label="60 places up",
    axis_label="rank (1 = best)",
    tick_format=english_number,
    lower_is_better=True,
    axis_range=(1, 132),
)
SPECS = [FRENCH_BARS, GREEN_BARS, SHARE_CHANGE, RANK_CHANGE]


@pytest.fixture(scope="module")
def images() -> dict[int, Image]:
    """Each sample spec rendered once at the default size, keyed by its index in SPECS."""
    return {i: render_chart(spec) for i, spec in enumerate(SPECS)}


def svg_texts(image: Image) -> list[tuple[str, float, float]]:
    """Every text element of the SVG as (text, x, y); a line of wrapped text is placed by a translation."""
    found = []
    for element in ET.fromstring(image.svg).iter(f"{SVG}text"):
        if element.get("x") is not None:
            x, y = float(element.get("x")), float(element.get("y"))
        else:
            x, y = map(float, re.match(r"translate\((\S+) (\S+)\)", element.get("transform")).groups())
        found.append((element.text or "", x, y))
    return found


def text_y(image: Image, text: str) -> float:
    (y,) = [y for t, _x, y in svg_texts(image) if t == text]
    return y


@pytest.mark.parametrize("index", range(len(SPECS)))
def test_rendering_twice_gives_identical_bytes(images, index):
    again = render_chart(SPECS[index])
    assert again.png == images[index].png
    assert again.svg == images[index].svg


def test_bytes_do_not_depend_on_the_process(monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "off")  # both sides draw: nothing is read back from a cache
    clear_caches()
    script = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]);"
        "from test_charts import SPECS; from briefgen.charts import render_chart;"
        "image = render_chart(SPECS[0]);"
        "print(hashlib.sha256(image.png + image.svg).hexdigest())"
    )
    here = str(pathlib.Path(__file__).parent)
    result = subprocess.run([sys.executable, "-c", script, here], capture_output=True, text=True, check=True)
    image = render_chart(SPECS[0])
    clear_caches()
    assert result.stdout.strip() == hashlib.sha256(image.png + image.svg).hexdigest()


@pytest.mark.parametrize("width_cm, height_cm", [(15.0, 7.5), (8.0, 6.0)])
def test_png_decodes_at_200_dpi_print_size(width_cm, height_cm):
    from matplotlib.image import imread

    image = render_chart(SHARE_CHANGE, width_cm=width_cm, height_cm=height_cm)
    pixels = imread(io.BytesIO(image.png), format="png")
    height_px, width_px = pixels.shape[:2]
    assert abs(width_px - width_cm / 2.54 * 200) <= 1
    assert abs(height_px - height_cm / 2.54 * 200) <= 1
    assert (image.width_cm, image.height_cm) == (width_cm, height_cm)


def test_svg_keeps_french_numbers_as_text(images):
    texts = [t for t, _x, _y in svg_texts(images[0])]
    assert f"100{NNBSP}000" in texts  # a tick, formatted by the given function
    assert f"plus de 125{NNBSP}000" in texts
    assert "entreprises" in texts
    assert "plus de : valeur minimale" in texts
    share_texts = [t for t, _x, _y in svg_texts(images[2])]
    assert f"86,55{NBSP}%" in share_texts
    assert f"100{NBSP}%" in share_texts
    assert "+4,35 points" in share_texts


def test_svg_names_the_bundled_font_then_the_cjk_fallback_at_normal_weight(images):
    families = [family for family, _path in charts._chart_fonts()]
    assert families[0] == "DejaVu Sans"
    assert families[1:] == (["WenQuanYi Micro Hei"] if CJK_FONT.is_file() else [])
    declared = "font-family: " + ", ".join(repr(family) for family in families)
    for image in images.values():
        svg = image.svg.decode()
        assert "font-weight" not in svg  # svglib does not resolve numeric weights
        assert svg.count(declared + ";") == svg.count("<text ")


def test_lower_is_better_puts_the_better_rank_higher(images):
    ranks = images[3]
    assert text_y(ranks, "1") < text_y(ranks, "50") < text_y(ranks, "132")  # SVG y grows downwards
    assert text_y(ranks, "20th") < text_y(ranks, "80th")
    upright = render_chart(replace(RANK_CHANGE, lower_is_better=False))
    assert text_y(upright, "1") > text_y(upright, "132")


def test_ranks_without_range_start_at_the_best_rank():
    spec = ChangeChart(("2019", "2024"), (80, 20), ("80e", "20e"), "60 places gagnées", "rang", french_number,
                       lower_is_better=True)
    image = render_chart(spec)
    texts = [t for t, _x, _y in svg_texts(image)]
    assert "1" in texts and "0" not in texts
    assert text_y(image, "1") < text_y(image, "20e")


def test_long_axis_labels_are_wrapped_to_the_axis():
    label = "% de la valeur de la production industrielle"
    texts = [t for t, _x, _y in svg_texts(render_chart(replace(SHARE_CHANGE, axis_label=label), height_cm=7.0))]
    assert label not in texts
    assert " ".join(t for t in texts if t and t[0] in "%p").split() == label.split()


def test_change_chart_without_range_fits_round_ticks_around_the_values():
    spec = ChangeChart(("2016", "2023"), (82.2, 86.55), ("82,2", "86,55"), "+4,35", "%", french_number)
    ticks = [float(t.replace(",", ".")) for t, _x, _y in svg_texts(render_chart(spec)) if t[0].isdigit() and "," not in t]
    assert min(ticks) <= 82.2 and max(ticks) >= 86.55


def test_horizontal_bars_list_categories_top_down_and_wrap_long_names(images):
    texts = [t for t, _x, _y in svg_texts(images[1])]
    assert "Entreprises de fabrication verte" not in texts  # too long for one line
    lines = [t for t in texts if t and not t[0].isdigit() and t != GREEN_BARS.axis_label]
    assert " ".join(lines).split() == " ".join(GREEN_BARS.categories).split()
    first, last = lines[0], lines[-1]
    assert text_y(images[1], first) < text_y(images[1], last)


def test_text_is_never_read_as_mathtext():
    spec = BarChart(("US$ 5 to $ 7",), (6.0,), ("$6 _x_ ^2",), "US$", english_number)
    texts = [t for t, _x, _y in svg_texts(render_chart(spec))]
    assert "US$ 5 to $ 7" in texts and "$6 _x_ ^2" in texts


def test_tick_format_gets_clean_numbers():
    seen: list[float] = []

    def record(value: float) -> str:
        seen.append(value)
        return english_number(value)

    render_chart(BarChart(("a", "b", "c"), (-0.1, 0.2, 0.3), ("-0.1", "0.2", "0.3"), "u", record))
    assert seen and all(repr(v) == repr(float(f"{v:.12g}")) for v in seen)
    assert "-0.0" not in map(repr, seen)


def test_negative_values_get_labels_below_their_bars():
    spec = BarChart(("Exports", "Imports"), (-3.5, 12.25), ("−3.5%", "+12.25%"), "%", english_number)
    image = render_chart(spec)
    assert text_y(image, "−3.5%") > text_y(image, "+12.25%")


def test_french_glyphs_render_without_warnings_or_font_fallback(caplog):
    caplog.set_level(logging.WARNING)
    spec = BarChart(
        ("Qualité « verte »", "Chaînes d’approvisionnement", "Œuvres — €, ¥"),
        (1.5, 2.25, 1e6),
        (f"1,5{NBSP}%", f"2{NNBSP}250", f"plus de 1{NNBSP}000{NNBSP}000"),
        f"milliards de yuans (−){NNBSP}▲",
        french_number,
        orientation="horizontal",
        bounded=(False, False, True),
        bound_note="plus de : valeur minimale",
    )
    render_chart(spec)  # warnings are errors in this test suite
    assert not caplog.records


@needs_cjk_font
def test_chinese_is_drawn_with_the_cjk_fallback(caplog):
    caplog.set_level(logging.WARNING)
    qingdao = render_chart(BarChart(("青岛 Laoshan",), (1.0,), ("1",), "u", english_number))
    laoshan = render_chart(BarChart(("崂山 Laoshan",), (1.0,), ("1",), "u", english_number))
    assert not caplog.records  # no "Glyph … missing from font" (warnings are errors in this test suite)
    assert "青岛 Laoshan" in [t for t, _x, _y in svg_texts(qingdao)]
    assert qingdao.png != laoshan.png  # real glyphs: empty boxes would draw both names alike


def test_text_no_chart_font_can_draw_is_refused_in_one_line():
    emoji = "".join(chr(0x1F680 + i) for i in range(10))
    with pytest.raises(ChartError) as refused:
        render_chart(BarChart((f"taille {emoji}",), (1.0,), ("1",), "u", english_number))
    message = str(refused.value)
    assert "\n" not in message
    assert "draw: '🚀' (U+1F680) '🚁' (U+1F681)" in message and message.endswith(" and 2 more")


@pytest.fixture
def no_cjk_font(monkeypatch):
    """Charts drawn as on a machine without a CJK font."""
    def forget() -> None:
        clear_caches()
        charts._chart_fonts.cache_clear()
        charts._font_codepoints.cache_clear()

    monkeypatch.setattr(charts, "CJK_FONT_FILES", ("/nonexistent/wqy-microhei.ttc",))
    forget()
    yield
    monkeypatch.undo()
    forget()


def test_without_a_cjk_font_chinese_is_refused_with_the_package_to_install(no_cjk_font):
    expected = (r"DejaVu Sans cannot draw: '岛' \(U\+5C9B\) '青' \(U\+9752\) "
                r"\(for Chinese, install the package fonts-wqy-microhei\)$")
    with pytest.raises(ChartError, match=expected):
        render_chart(BarChart(("青岛",), (1.0,), ("1",), "u", english_number))


def test_the_cache_name_changes_with_the_cjk_font_file(tmp_path, monkeypatch):
    import os

    font = tmp_path / "cjk.ttc"
    font.write_bytes(b"font")
    monkeypatch.setattr(charts, "CJK_FONT_FILES", (str(font),))
    installed = charts._drawing_digest()
    os.utime(font, ns=(0, 10**18))  # the font replaced in place
    replaced = charts._drawing_digest()
    font.unlink()
    assert len({installed, replaced, charts._drawing_digest()}) == 3


@pytest.mark.parametrize("index", range(len(SPECS)))
def test_svglib_reads_the_svg_at_print_size_with_text(images, index):
    import matplotlib
    from reportlab.graphics.shapes import String
    from svglib.svglib import register_font, svg2rlg

    # What the PDF writer does: map the SVG family to the TrueType font shipped with matplotlib.
    register_font("DejaVu Sans", str(pathlib.Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"))
    drawing = svg2rlg(io.BytesIO(images[index].svg))
    assert drawing.width == pytest.approx(15 / 2.54 * 72, abs=0.01)
    assert drawing.height == pytest.approx(7.5 / 2.54 * 72, abs=0.01)
    strings = []

    def collect(node) -> None:
        for child in getattr(node, "contents", ()):
            if isinstance(child, String):
                strings.append(child)
            collect(child)

    collect(drawing)
    assert {s.fontName for s in strings} == {"DejaVu Sans"}
    assert set(SPECS[index].value_labels) <= {s.text for s in strings}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"values": (1.0,)}, "1 values"),
        ({"orientation": "diagonal"}, "orientation"),
        ({"highlight": 2}, "highlight"),
        ({"bounded": (True,)}, "bounded has 1 flags"),
        ({"bound_note": ""}, "bound_note"),
        ({"values": (-1.0, 2.0), "bounded": (True, False)}, "positive"),
        ({"values": (float("nan"), 2.0)}, "finite"),
        ({"tick_format": "{:.0f}"}, "tick_format"),
    ],
)
def test_inconsistent_bar_charts_are_refused(change, message):
    with pytest.raises(ChartError, match=message):
        replace(FRENCH_BARS, **change)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"periods": ("2016",)}, "periods"),
        ({"axis_range": (100, 0)}, "low, high"),
        ({"axis_range": (1, 50)}, "does not contain"),
    ],
)
def test_inconsistent_change_charts_are_refused(change, message):
    with pytest.raises(ChartError, match=message):
        replace(RANK_CHANGE, **change)


@pytest.mark.parametrize("colour", ["red", "#12345", "#GG0000"])
def test_colours_must_be_hex(colour):
    with pytest.raises(ChartError, match="RRGGBB"):
        ChartColors(primary=colour)


def test_colours_reach_the_image():
    image = render_chart(GREEN_BARS, colors=ChartColors(primary="#00FF00", accent="#0000FF"))
    svg = image.svg.decode()
    assert "#00ff00" in svg.lower() and "#0000ff" in svg.lower()


def test_importing_charts_does_not_import_matplotlib():
    code = "import sys, briefgen.charts; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
