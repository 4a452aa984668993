"""Render localized chart specifications as PNG and SVG images with matplotlib.

A chart specification holds final text only: category names, value labels and
the axis unit are already translated, and `tick_format` is the locale's number
format, so this module never calls Babel or `setlocale`. Rendering uses the
matplotlib object API on an Agg canvas (no pyplot state) with the bundled
DejaVu Sans, which has every glyph French numbers need (U+202F, U+00A0).
Chinese place names are drawn through matplotlib's font fallback with
WenQuanYi Micro Hei, the CJK font of the PDF text, when it is installed;
text that no chart font can draw (emoji) is refused rather than shown as
empty boxes.

Both images come from one figure: PNG at 200 dpi for DOCX, SVG for the PDF.
The SVG keeps text as text (`svg.fonttype` "none") so the PDF stays
searchable; it names both families, and the PDF side sets the text in the
briefing's registered TrueType fonts, Chinese in the CJK one. All text is of
normal weight because svglib does not resolve numeric font weights. Output
bytes are the same on every run.

Charts are drawn from matplotlib's built-in defaults plus this module's
style, never from a user's matplotlibrc or the process's rcParams, so a
chart looks the same on every machine with the same matplotlib and fonts.

matplotlib is imported only to draw: it takes about 0.3 s to import, which
commands that draw no chart, and builds whose charts are all kept, should
not pay.

Drawing is the costly part of a build, so images are kept: in memory for the
process, and in the file cache (see filecache) for later runs; text widths
measured while wrapping are kept for the process, since wrapping tries the
same lines many times. A kept image is reused only for a spec equal in every
field, drawn by the same code, matplotlib and font files, and a `tick_format`
that writes every tick the first drawing asked for the same way; as drawing
depends on nothing else, the reused bytes are those a new drawing would give.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import importlib.util
import io
import json
import math
import os
import struct
import unicodedata
import xml.parsers.expat
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Union

from briefgen.document import Image
from briefgen.errors import BriefgenError
from briefgen.digests import tree_digest
from briefgen.filecache import FileCache, digest, file_identity, package_identity

CM_PER_INCH = 2.54
PNG_DPI = 200
FONT_SIZE = 9  # points: legible when the figure is printed at its own size
SMALL_FONT_SIZE = 8
TEXT_COLOR = "#262626"
AXIS_COLOR = "#7F7F7F"
GRID_COLOR = "#E0E0E0"
LABEL_GAP_PT = 3  # between a bar end (or its marker) and the value label
MARKER_SIZE_PT = 7
POINT_SIZE_PT = 9  # the dots of a change chart
VERTICAL_NAME_LINES = 3  # lines a category name may take under a vertical bar
ELLIPSIS = "\u2026"  # ends a category name cut short to stay in its room

MAIN_FONT = "DejaVu Sans"
# The CJK fonts the PDF text uses, in the same order (Debian/Ubuntu fonts-wqy-microhei, fonts-wqy-zenhei).
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)

_STYLE = {
    "font.size": FONT_SIZE,
    "text.color": TEXT_COLOR,
    "text.parse_math": False,  # text such as "US$ 5 to $ 7" is data, never TeX
    "axes.labelcolor": TEXT_COLOR,
    "axes.labelsize": FONT_SIZE,
    "axes.edgecolor": AXIS_COLOR,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "grid.color": GRID_COLOR,
    "grid.linewidth": 0.6,
    "xtick.color": AXIS_COLOR,
    "ytick.color": AXIS_COLOR,
    "xtick.labelcolor": TEXT_COLOR,
    "ytick.labelcolor": TEXT_COLOR,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": SMALL_FONT_SIZE,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "none",
    "svg.hashsalt": "briefgen",  # stable clip-path ids, hence identical SVG bytes
}


class ChartError(BriefgenError):
    """A chart specification is inconsistent (a bug in the code that built it)."""

    category = "chart"


@dataclass(frozen=True)
class ChartColors:
    """Colours as "#RRGGBB": `primary` for the data, `accent` for what stands out."""

    primary: str = "#1F3A5F"
    accent: str = "#C8102E"

    def __post_init__(self) -> None:
        for name in ("primary", "accent"):
            value = getattr(self, name)
            if not (isinstance(value, str) and len(value) == 7 and value[0] == "#" and _is_hex(value[1:])):
                raise ChartError(f"ChartColors.{name} must be '#RRGGBB', got {value!r}")

    def muted(self) -> str:
        """The primary colour mixed 55 % with white, for a "before" value."""
        channels = (int(self.primary[i : i + 2], 16) for i in (1, 3, 5))
        return "#" + "".join(f"{round(c + (255 - c) * 0.55):02X}" for c in channels)


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


@dataclass(frozen=True)
class BarChart:
    """Bars for a few categories, each labelled with its formatted value.

    `orientation` is "vertical" (years, short names) or "horizontal" (long
    category names, listed top to bottom in the given order). `tick_format`
    turns an axis tick value into its text. `highlight` is the index of a bar
    drawn in the accent colour, or None. `bounded` marks values that are lower
    bounds ("more than 18 billion"): those bars get a triangle past their end,
    explained by `bound_note` in a key under the plot; it is empty, or one
    flag per value.
    """

    categories: tuple[str, ...]
    values: tuple[float, ...]
    value_labels: tuple[str, ...]
    axis_label: str
    tick_format: Callable[[float], str]
    orientation: str = "vertical"
    highlight: int | None = None
    bounded: tuple[bool, ...] = ()
    bound_note: str = ""

    def __post_init__(self) -> None:
        n = len(self.values)
        problems = _common_problems(self)
        if not n:
            problems.append("needs at least one value")
        if len(self.categories) != n or len(self.value_labels) != n:
            problems.append(
                f"has {len(self.categories)} categories, {n} values and {len(self.value_labels)} value labels"
            )
        if self.orientation not in ("vertical", "horizontal"):
            problems.append(f"orientation must be 'vertical' or 'horizontal', got {self.orientation!r}")
        if self.highlight is not None and not 0 <= self.highlight < n:
            problems.append(f"highlight {self.highlight} is not the index of a value")
        if self.bounded and len(self.bounded) != n:
            problems.append(f"bounded has {len(self.bounded)} flags for {n} values")
        if any(self.bounded) != bool(self.bound_note):
            problems.append("bound_note is needed exactly when some value is bounded")
        if any(flag and value <= 0 for flag, value in zip(self.bounded, self.values)):
            problems.append("a bounded value must be positive")
        _raise(self, problems)


@dataclass(frozen=True)
class ChangeChart:
    """One measure at two dates: two points joined by an arrow labelled with the change.

    `periods` name the two dates ("2016", "2023"); `change_label` is the
    formatted change ("+4,35 points", "60 places gained"). With
    `lower_is_better` (ranks) the axis is inverted so a better value sits
    higher. `axis_range` is the scale to show, e.g. (0, 100) for shares or
    (1, 132) for a rank among 132 economies; None fits the axis to the values
    (from rank 1 when lower is better and the values are whole numbers from 1).
    """

    periods: tuple[str, str]
    values: tuple[float, float]
    value_labels: tuple[str, str]
    change_label: str
    axis_label: str
    tick_format: Callable[[float], str]
    lower_is_better: bool = False
    axis_range: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        problems = _common_problems(self)
        for name in ("periods", "values", "value_labels"):
            if len(getattr(self, name)) != 2:
                problems.append(f"{name} must hold two items, one per period")
        if self.axis_range is not None:
            low, high = self.axis_range
            if not low < high:
                problems.append(f"axis_range {self.axis_range} must be (low, high)")
            elif not all(low <= v <= high for v in self.values):
                problems.append(f"axis_range {self.axis_range} does not contain the values")
        _raise(self, problems)


ChartSpec = Union[BarChart, ChangeChart]


def _common_problems(spec: ChartSpec) -> list[str]:
    problems = []
    if not callable(spec.tick_format):
        problems.append("tick_format must be a function of a number")
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in spec.values):
        problems.append(f"values must be finite numbers, got {spec.values!r}")
    return problems


def _raise(spec: ChartSpec, problems: list[str]) -> None:
    if problems:
        raise ChartError(f"{type(spec).__name__} " + "; ".join(problems))


IMAGE_FORMATS = ("png", "svg")


def render_chart(
    spec: ChartSpec,
    *,
    width_cm: float = 15.0,
    height_cm: float = 7.5,
    colors: ChartColors = ChartColors(),
    formats: tuple[str, ...] = IMAGE_FORMATS,
) -> Image:
    """Draw `spec` at its print size as the images `formats` asks for: "png" (200 dpi), "svg".

    An image drawn before, in this process or (through the file cache) in an
    earlier run, is reused; both formats come from one layout when both are
    drawn.
    """
    draw = {BarChart: _draw_bars, ChangeChart: _draw_change}.get(type(spec))
    if draw is None:
        raise ChartError(f"no chart is drawn for {type(spec).__name__}")
    unknown = [name for name in formats if name not in IMAGE_FORMATS]
    if unknown or not formats:
        raise ChartError(f"chart formats must be among {', '.join(IMAGE_FORMATS)}, got {', '.join(formats)}")
    key = _CACHE.key(spec, width_cm, height_cm, colors)
    images = {name: _CACHE.find(key, name, spec.tick_format) for name in formats}
    missing = tuple(name for name, data in images.items() if data is None)
    if missing:
        _check_glyphs(spec)
        ticks = _RecordedFormat(spec.tick_format)
        drawn = _draw(dataclasses.replace(spec, tick_format=ticks), draw, width_cm, height_cm, colors, missing)
        for name, data in drawn.items():
            _CACHE.keep(key, name, ticks.written, data)
        images.update(drawn)
    return Image(png=images.get("png"), svg=images.get("svg"), width_cm=width_cm, height_cm=height_cm)


def _draw(spec: ChartSpec, draw: Callable, width_cm: float, height_cm: float, colors: ChartColors,
          formats: tuple[str, ...]) -> dict[str, bytes]:
    """The chart laid out once and saved in each of `formats`."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # matplotlib's own defaults, whatever a matplotlibrc or earlier code set
        matplotlib.rcParams.update({**_STYLE, "font.family": [family for family, _path in _chart_fonts()]})
        # At 72 dpi a pixel is a point while laying out; the PNG is saved at PNG_DPI.
        fig = Figure(figsize=(width_cm / CM_PER_INCH, height_cm / CM_PER_INCH), dpi=72, layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig, spec, colors)
        fig.get_layout_engine().execute(fig)
        # Each save reuses this layout. No engine at all (None): even the "none"
        # placeholder would make every save lay the figure out once more.
        fig.set_layout_engine(None)
        images = {}
        for name in formats:
            buffer = io.BytesIO()
            if name == "png":
                fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
            else:
                fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
            images[name] = buffer.getvalue()
    return images


def clear_caches() -> None:
    """Forget every image and text width kept in this process (the file cache stays)."""
    _CACHE.clear()


class _RecordedFormat:
    """A tick format that remembers each value it was asked for and the text it gave."""

    def __init__(self, tick_format: Callable[[float], str]) -> None:
        self.tick_format = tick_format
        self.written: dict[float, str] = {}

    def __call__(self, value: float) -> str:
        text = self.tick_format(value)
        self.written[value] = text
        return text


class _Cache:
    """Finished images by spec and format, and measured line widths.

    Images are kept in memory and in the file cache, under a name that holds
    this module's source, matplotlib's installed files and the chart fonts'
    files, so an entry is only found by a drawing that would give the same
    bytes. The tick format is a function: an image is reused only when the
    format writes every tick its drawing wrote the same way.
    """

    MAX_IMAGES = 128  # a batch draws about 12 distinct charts per language, two formats; ~50 KB each
    MAX_WIDTHS = 20_000

    def __init__(self) -> None:
        self.images: OrderedDict[tuple, list[tuple[dict[float, str], bytes]]] = OrderedDict()
        self.widths: dict[tuple, float] = {}

    def clear(self) -> None:
        self.images.clear()
        self.widths.clear()

    @staticmethod
    def key(spec: ChartSpec, width_cm: float, height_cm: float, colors: ChartColors) -> tuple:
        # repr tells apart what == does not (-0.0 and 0.0, 1 and 1.0, 1 and True).
        fields = tuple(repr(getattr(spec, f.name)) for f in dataclasses.fields(spec) if f.name != "tick_format")
        return _drawing_digest(), type(spec).__name__, fields, repr(width_cm), repr(height_cm), colors.primary, \
            colors.accent

    def find(self, key: tuple, image_format: str, tick_format: Callable[[float], str]) -> bytes | None:
        kept = self.images.get((key, image_format))
        if kept is None:
            kept = self._read(key, image_format)
            if kept:
                self.images[key, image_format] = kept
        for written, data in kept or ():
            if all(tick_format(value) == text for value, text in written.items()):
                self.images.move_to_end((key, image_format))
                return data
        return None

    def keep(self, key: tuple, image_format: str, written: dict[float, str], data: bytes) -> None:
        self.images.setdefault((key, image_format), []).append((dict(written), data))
        self.images.move_to_end((key, image_format))
        while sum(len(kept) for kept in self.images.values()) > self.MAX_IMAGES:
            self.images.popitem(last=False)
        ticks = [[float(value), text] for value, text in written.items()]
        entry = {"ticks": ticks, "image": base64.b64encode(data).decode()}
        FileCache("charts").put(self._name(key, image_format), json.dumps(entry).encode())

    def _read(self, key: tuple, image_format: str) -> list[tuple[dict[float, str], bytes]]:
        """The file cache's image for `key`, as a one-item list, or an empty list.

        An entry is used only when it is what `keep` writes: ticks as pairs of
        a finite number and its text, and an image that passes the check of its
        format. Anything else (damaged, or from elsewhere) is drawn again and
        replaced; a broken image would otherwise go into the documents.
        """
        raw = FileCache("charts").get(self._name(key, image_format))
        if raw is None:
            return []
        try:
            entry = json.loads(raw)
        except (ValueError, RecursionError):
            return []
        if type(entry) is not dict or entry.keys() != {"ticks", "image"} or type(entry["ticks"]) is not list \
                or type(entry["image"]) is not str:
            return []
        ticks = entry["ticks"]
        if not all(type(tick) is list and len(tick) == 2 and type(tick[0]) is float and math.isfinite(tick[0])
                   and type(tick[1]) is str for tick in ticks):
            return []
        try:
            data = base64.b64decode(entry["image"], validate=True)
        except ValueError:
            return []
        whole = _is_whole_png if image_format == "png" else _is_svg_document
        return [(dict(ticks), data)] if whole(data) else []

    def _name(self, key: tuple, image_format: str) -> str:
        return f"{digest(key, image_format)}.{image_format}.json"

    def width(self, renderer, text: str, font) -> float:
        """The width in pixels of one line of `text` in `font`, measured once per process."""
        key = (text, font, renderer.dpi)
        width = self.widths.get(key)
        if width is None:
            if len(self.widths) >= self.MAX_WIDTHS:
                self.widths.clear()
            width = self.widths[key] = renderer.get_text_width_height_descent(text, font, ismath=False)[0]
        return width


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The bit depths each PNG colour type allows: greyscale, RGB, palette, greyscale and alpha, RGBA.
_PNG_BIT_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}


def _is_whole_png(data: bytes) -> bool:
    """Whether `data` is a PNG from signature to end: chunks whose CRCs match, a sound IHDR first, IDAT, IEND last.

    The CRCs find any damaged byte, compressed pixels included, in far less
    time than decoding the image would take.
    """
    if not data.startswith(_PNG_SIGNATURE):
        return False
    view, position, kinds = memoryview(data), len(_PNG_SIGNATURE), []
    while position + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if end > len(data) or zlib.crc32(view[position + 4:end - 4]) != struct.unpack_from(">I", data, end - 4)[0]:
            return False
        if not kinds and (kind != b"IHDR" or not _is_sound_header(view[position + 8:end - 4])):
            return False
        kinds.append(kind)
        position = end
    return position == len(data) and kinds[-1:] == [b"IEND"] and b"IDAT" in kinds


def _is_sound_header(header: memoryview) -> bool:
    """Whether a PNG's IHDR data gives a size, a known colour type and bit depth, and the standard methods."""
    if len(header) != 13:
        return False
    width, height, depth, color, compression, filtering, interlace = struct.unpack(">IIBBBBB", header)
    return 0 < width < 2**31 and 0 < height < 2**31 and depth in _PNG_BIT_DEPTHS.get(color, ()) \
        and compression == filtering == 0 and interlace in (0, 1)


_SVG_ROOT = "http://www.w3.org/2000/svg svg"  # as expat names it, with namespace_separator " "


def _is_svg_document(data: bytes) -> bool:
    """Whether `data` is UTF-8 text that parses as XML whose root is an SVG `svg` element.

    Entity declarations are refused: a chart's SVG has none, and they could
    make a small entry expand into a huge one.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    elements = []
    parser.StartElementHandler = lambda name, attributes: elements.append(name)

    def refuse_entity(*declaration) -> None:
        raise ValueError("an entity declaration")

    parser.EntityDeclHandler = refuse_entity
    try:
        parser.Parse(data, True)
    except (xml.parsers.expat.ExpatError, ValueError):
        return False
    return elements[:1] == [_SVG_ROOT]


def _drawing_digest() -> str:
    """What decides the bytes of a drawing besides its spec: this code, matplotlib, the fonts.

    matplotlib is known by its installed files rather than imported: a
    build whose charts are all kept never loads it.
    """
    package = Path(importlib.util.find_spec("matplotlib").origin).parent
    fonts = [package / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf", _cjk_font_file()]
    return digest(_SOURCE, package_identity("matplotlib"), [file_identity(font) for font in fonts])


_SOURCE = tree_digest([Path(__file__)])


def _cjk_font_file() -> str | None:
    """The installed CJK font file the charts fall back to, or None."""
    return next((path for path in CJK_FONT_FILES if os.path.isfile(path)), None)



_CACHE = _Cache()


def _check_glyphs(spec: ChartSpec) -> None:
    """Refuse text no chart font can draw, rather than print empty boxes."""
    texts = [spec.axis_label, *spec.value_labels]
    if isinstance(spec, BarChart):
        texts += [*spec.categories, spec.bound_note]
    else:
        texts += [*spec.periods, spec.change_label]
    known = _font_codepoints()
    missing = sorted({c for text in texts for c in text if c != "\n" and ord(c) not in known})
    if missing:
        shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in missing[:_MAX_SHOWN])
        if len(missing) > _MAX_SHOWN:
            shown += f" and {len(missing) - _MAX_SHOWN} more"
        families = [family for family, _path in _chart_fonts()]
        chinese = any(unicodedata.name(c, "").startswith(("CJK ", "IDEOGRAPHIC ", "FULLWIDTH ")) for c in missing)
        hint = " (for Chinese, install the package fonts-wqy-microhei)" if chinese and len(families) == 1 else ""
        fonts = f"{families[0]} cannot" if len(families) == 1 else f"neither {' nor '.join(families)} can"
        raise ChartError(f"{type(spec).__name__} text has characters {fonts} draw: {shown}{hint}")


_MAX_SHOWN = 8


@functools.cache
def _chart_fonts() -> tuple[tuple[str, str], ...]:
    """(family, file) of each chart font in fallback order: DejaVu Sans, then the CJK font when installed."""
    from matplotlib.font_manager import FontProperties, findfont, fontManager, get_font

    fonts = [(MAIN_FONT, os.fspath(findfont(FontProperties(family=MAIN_FONT), fallback_to_default=False)))]
    path = _cjk_font_file()
    if path is not None:
        try:
            if not any(entry.fname == path for entry in fontManager.ttflist):
                fontManager.addfont(path)  # installed after matplotlib listed the system's fonts
            family = get_font(path).family_name
            if os.path.samefile(findfont(FontProperties(family=family), fallback_to_default=False), path):
                fonts.append((family, path))
        except (OSError, RuntimeError, ValueError):
            pass  # an unreadable font file: Chinese is refused as if none were installed
    return tuple(fonts)


@functools.cache
def _font_codepoints() -> frozenset[int]:
    """The characters some chart font has a glyph for."""
    from matplotlib.font_manager import get_font

    return frozenset().union(*(get_font(path).get_charmap() for _family, path in _chart_fonts()))


def _draw_bars(fig, spec: BarChart, colors: ChartColors) -> None:
    vertical = spec.orientation == "vertical"
    n = len(spec.values)
    positions = range(n)
    fills = [colors.accent if i == spec.highlight else colors.primary for i in positions]
    ax = fig.add_subplot()
    if vertical:
        ax.bar(positions, spec.values, width=0.6, color=fills, zorder=2)
        ax.set_xlim(-0.5, n - 0.5)
        width = _line_width(fig)
        ax.set_xticks(positions, labels=["\n".join(_boxed(width, c, _slot_pt(fig, n), VERTICAL_NAME_LINES))
                                         for c in spec.categories])
        category_axis, value_axis = ax.xaxis, ax.yaxis
    else:
        ax.barh(positions, spec.values, height=0.6, color=fills, zorder=2)
        ax.set_ylim(n - 0.5, -0.5)  # first category on top
        ax.set_yticks(positions, labels=_side_names(fig, spec.categories))
        category_axis, value_axis = ax.yaxis, ax.xaxis
    category_axis.set_tick_params(length=0, pad=4)
    _format_value_axis(value_axis, spec.tick_format, spec.values)
    value_axis.set_label_text(_axis_label(fig, spec.axis_label, vertical))
    value_axis.grid(True)
    if min(spec.values) < 0:
        (ax.axhline if vertical else ax.axvline)(0, color=AXIS_COLOR, linewidth=0.8, zorder=3)

    labels = _label_bars(fig, ax, spec, fills)
    if any(spec.bounded):
        from matplotlib.lines import Line2D

        key = Line2D([], [], marker=_bound_marker(spec), markersize=MARKER_SIZE_PT, linestyle="none",
                     color=colors.primary)
        fig.legend([key], [spec.bound_note], loc="outside lower left", handletextpad=0.2, borderaxespad=0.1)
    low, high = min(0.0, *spec.values), max(0.0, *spec.values)
    if low == high:  # all zero: any scale will do, but it must have a length
        high = 1.0
    (ax.set_ylim if vertical else ax.set_xlim)(low, high)
    _make_room(fig, ax, labels, spec.values, vertical)


def _bound_marker(spec: BarChart) -> str:
    """A triangle pointing the way the bars grow: "more than" this."""
    return "^" if spec.orientation == "vertical" else ">"


def _side_names(fig, categories: tuple[str, ...]) -> list[str]:
    """Category names for the left of horizontal bars, wrapped to fit beside their bar.

    The names take a third of the figure's width, more (up to half) when
    that is what keeps each name within the lines its bar's height allows;
    a name that still needs more is cut short (see `_boxed`).
    """
    figure_width_pt = fig.get_figwidth() * 72
    line_pt = FONT_SIZE * 1.25
    most_lines = max(1, int(fig.get_figheight() * 72 * 0.75 / len(categories) // line_pt))
    width = _line_width(fig)

    def too_tall(name: str, width_pt: float) -> bool:
        # Evening the lines out never adds one, so a name that fits when first
        # filled fits; only the others need the whole (costlier) wrapping.
        return (len(_filled(width, name, width_pt)) > most_lines
                and len(_wrapped(width, name, width_pt)) > most_lines)

    width_pt = figure_width_pt / 3
    while width_pt < figure_width_pt / 2 and any(too_tall(c, width_pt) for c in categories):
        width_pt += figure_width_pt / 20
    return ["\n".join(_boxed(width, c, width_pt, most_lines)) for c in categories]


def _slot_pt(fig, count: int) -> float:
    """About how wide, in points, the room of one of `count` vertical bars is (before layout)."""
    return fig.get_figwidth() * 72 * 0.85 / count


def _label_bars(fig, ax, spec: BarChart, fills: list[str]) -> list:
    """Write each value label past its bar end, after a triangle if the value is a bound.

    Above vertical bars a label wider than its bar's room is wrapped, so
    neighbouring labels never overlap.
    """
    from matplotlib.transforms import offset_copy

    vertical = spec.orientation == "vertical"
    labels = []
    for i, (value, text) in enumerate(zip(spec.values, spec.value_labels)):
        at = (i, value) if vertical else (value, i)
        gap = LABEL_GAP_PT
        if spec.bounded and spec.bounded[i]:
            shift = MARKER_SIZE_PT / 2 + 2
            dx, dy = (0, shift) if vertical else (shift, 0)
            beyond = offset_copy(ax.transData, fig=fig, x=dx, y=dy, units="points")
            ax.plot(*at, marker=_bound_marker(spec), markersize=MARKER_SIZE_PT, color=fills[i],
                    transform=beyond, clip_on=False, zorder=3)
            gap += MARKER_SIZE_PT + 3
        outward = 1 if value >= 0 else -1
        if vertical:
            offset, align = (0, gap * outward), {"ha": "center", "va": "bottom" if outward > 0 else "top"}
        else:
            offset, align = (gap * outward, 0), {"ha": "left" if outward > 0 else "right", "va": "center"}
        if vertical:
            text = _wrap(fig, text, _slot_pt(fig, len(spec.values)) * 0.95)
        label = ax.annotate(text, xy=at, xytext=offset, textcoords="offset points", zorder=4, **align)
        label.set_in_layout(False)  # `_make_room` puts it inside the axes; it must not shrink them first
        labels.append(label)
    return labels


def _draw_change(fig, spec: ChangeChart, colors: ChartColors) -> None:
    before, after = spec.values
    ax = fig.add_subplot()
    ax.set_xlim(-0.7, 1.7)
    ax.set_xticks([0, 1], labels=list(spec.periods))
    ax.xaxis.set_tick_params(length=0, pad=6)
    ax.spines["bottom"].set_visible(False)
    ax.yaxis.grid(True)
    ax.set_ylabel(_axis_label(fig, spec.axis_label, vertical=True))
    locator = _format_value_axis(ax.yaxis, spec.tick_format, spec.values)
    if spec.axis_range is not None:
        ax.set_ylim(*spec.axis_range)
        ax.set_yticks(_range_ticks(locator, *spec.axis_range))
    else:
        spread = abs(after - before) or abs(after) * 0.1 or 1.0
        ticks = locator.tick_values(min(spec.values) - spread * 0.4, max(spec.values) + spread * 0.4)
        if spec.lower_is_better and min(spec.values) >= 1 and all(float(v).is_integer() for v in spec.values):
            # Ranks: the scale starts at 1, the best, and shows it.
            ax.set_ylim(1, ticks[-1])
            ax.set_yticks(_range_ticks(locator, 1, ticks[-1]))
        else:
            ax.set_ylim(ticks[0], ticks[-1])
    if spec.lower_is_better:
        ax.invert_yaxis()

    ax.plot([0], [before], "o", markersize=POINT_SIZE_PT, color=colors.muted(), zorder=3, clip_on=False)
    ax.plot([1], [after], "o", markersize=POINT_SIZE_PT, color=colors.primary, zorder=3, clip_on=False)
    ax.annotate(
        "", xy=(1, after), xytext=(0, before),
        arrowprops={"arrowstyle": "-|>", "color": colors.accent, "linewidth": 1.5,
                    "shrinkA": POINT_SIZE_PT, "shrinkB": POINT_SIZE_PT, "mutation_scale": 12},
    )
    ax.text(
        0.5, (before + after) / 2, spec.change_label, ha="center", va="center", color=colors.accent, zorder=4,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "none"},
    )
    gap = POINT_SIZE_PT / 2 + LABEL_GAP_PT
    for x, value, text, side in ((0, before, spec.value_labels[0], -1), (1, after, spec.value_labels[1], 1)):
        ax.annotate(text, xy=(x, value), xytext=(side * gap, 0), textcoords="offset points",
                    ha="left" if side > 0 else "right", va="center")


def _axis_label(fig, text: str, vertical: bool) -> str:
    """The unit label, wrapped to the length of its axis (a vertical one runs up the figure's height)."""
    length_pt = (fig.get_figheight() * 0.85 if vertical else fig.get_figwidth() * 0.6) * 72
    return _wrap(fig, text, length_pt)


def _format_value_axis(axis, tick_format: Callable[[float], str], values: tuple[float, ...]):
    """Give `axis` a few round ticks written by `tick_format`; return the locator."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    integer = all(float(v).is_integer() for v in values)
    locator = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=3)
    axis.set_major_locator(locator)
    # Round away float noise (0.30000000000000004) and -0.0 before the locale sees the tick.
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: tick_format(float(f"{value:.12g}") + 0.0)))
    return locator


def _range_ticks(locator, low: float, high: float) -> list[float]:
    """Round ticks inside (low, high) plus both ends, so a scale such as 1 to 132 shows its bounds."""
    ticks = [t for t in locator.tick_values(low, high) if low <= t <= high]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else high - low
    return [low, *(t for t in ticks if t - low >= step / 2 and high - t >= step / 2), high]


def _make_room(fig, ax, labels: list, values: tuple[float, ...], vertical: bool) -> None:
    """Widen the value axis just enough for every value label to sit inside the plot.

    A label reaches a fixed number of pixels past its bar end whatever the
    scale, so the scale is solved for directly: the limits must hold each
    value plus its label's reach, over the axes' length in pixels (as laid
    out once; the final layout then only fine-tunes it).
    """
    fig.get_layout_engine().execute(fig)
    box = ax.get_window_extent()
    length = (box.height if vertical else box.width) - 2  # a little air at the end
    low, high = ax.get_ylim() if vertical else ax.get_xlim()
    ends = [(high, 0.0)]  # (value, reach in pixels) that must fit below the upper limit
    starts = [(low, 0.0)]
    for label, value in zip(labels, values):
        extent = label.get_window_extent()
        anchor = ax.transData.transform((0, value) if vertical else (value, 0))[1 if vertical else 0]
        if value >= 0:
            ends.append((value, (extent.y1 if vertical else extent.x1) - anchor))
        else:
            starts.append((value, anchor - (extent.y0 if vertical else extent.x0)))
    units_per_px = max(
        (v_end - v_start) / max(length - r_end - r_start, 1.0) for v_end, r_end in ends for v_start, r_start in starts
    )
    high = max(v + r * units_per_px for v, r in ends)
    low = min(v - r * units_per_px for v, r in starts)
    (ax.set_ylim if vertical else ax.set_xlim)(low, high)


def _wrap(fig, text: str, width_pt: float) -> str:
    """Break `text` at spaces into as few lines as fit in `width_pt`, of even lengths.

    A word longer than the width keeps a line of its own. Only ordinary spaces
    break: U+00A0 and U+202F hold numbers and units together.
    """
    return "\n".join(_wrapped(_line_width(fig), text, width_pt))


def _line_width(fig) -> Callable[[str], float]:
    """The width in points of one line of chart text, as `fig` lays it out."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    font = FontProperties(size=FONT_SIZE)
    return lambda line: _CACHE.width(renderer, line, font)


def _filled(width: Callable[[str], float], text: str, limit: float) -> list[str]:
    """The lines of `text` filled word by word up to `limit` (the fewest lines that fit)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and width(f"{lines[-1]} {word}") <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _wrapped(width: Callable[[str], float], text: str, width_pt: float) -> list[str]:
    """The lines of `_wrap`: filled to `width_pt`, then evened out without adding a line."""
    lines = _filled(width, text, width_pt)
    while len(lines) > 1:  # narrow the measure while the line count holds, to even the lines out
        narrower = _filled(width, text, max(width(line) for line in lines) - 1)
        if len(narrower) > len(lines) or narrower == lines:  # more lines, or a word wider than the measure
            break
        lines = narrower
    return lines


def _boxed(width: Callable[[str], float], text: str, width_pt: float, most_lines: int) -> list[str]:
    """The lines of `_wrapped`, none wider than `width_pt` and at most `most_lines` of them.

    A word wider than the measure is broken where it reaches the edge; a text
    that needs more lines is cut at the end of the last one, which then ends
    in "…". A category name so never reaches past its room nor squeezes the
    plot; the chart's alternative text and the tables keep it whole.
    """
    lines = [piece for line in _wrapped(width, text, width_pt) for piece in _broken(width, line, width_pt)]
    if len(lines) <= most_lines:
        return lines
    last = lines[most_lines - 1]
    while last and width(last.rstrip() + ELLIPSIS) > width_pt:
        last = last[:-1]
    return [*lines[: most_lines - 1], last.rstrip() + ELLIPSIS]


def _broken(width: Callable[[str], float], line: str, width_pt: float) -> list[str]:
    """`line` as it is when it fits in `width_pt`, else in pieces that do, broken between characters."""
    if width(line) <= width_pt:
        return [line]
    pieces = [""]
    for char in line:
        if pieces[-1] and width(pieces[-1] + char) > width_pt:
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces
