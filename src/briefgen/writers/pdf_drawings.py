"""Converted chart drawings as plain JSON, so that a later run need not convert the SVG again.

svglib takes about a fiftieth of a second per chart to turn matplotlib's SVG
into reportlab shapes, and a tenth of a second to import: the largest share
of a PDF's rendering in a fresh process. The shapes it makes for our charts
are few and simple (drawings, groups, paths, strings, with colours and
transforms), so they are written down as JSON data, never as code or
pickles, and read back as reportlab shapes. svglib's own path classes (a
clipping path, a path without stroke) differ from reportlab's only by the
properties they report for drawing: those are written down, and read back
into a plain reportlab path that draws the same. Anything else in a drawing
makes `encode` return None and the drawing is simply converted again next
time.

An entry is read from a folder anyone can write in, and a drawing that fails
only when it is drawn would stop the build, so `decode` checks every node
and every field before any shape is made: each node of a known kind with all
the fields its constructor sets, each field one reportlab knows for that
shape and of the type reportlab's own checks accept, numbers finite, colours
four numbers from 0 to 1, fonts ones the process has, a path's points as
many as its operators take, a drawing of positive size, no deeper than
`MAX_DEPTH`. Anything else makes it raise ValueError, and the caller
converts the SVG again.
"""

from __future__ import annotations

import json
import math

from reportlab.graphics.shapes import Drawing, Group, Path, String
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics

_KINDS: dict[str, type] = {"drawing": Drawing, "group": Group, "path": Path, "string": String}
_KIND_OF = {cls: kind for kind, cls in _KINDS.items()}
_SVGLIB_PATHS = ("ClippingPath", "NoStrokePath")  # svglib's Path subclasses, by name: svglib is not imported
_GROUPS = (Drawing, Group)
_PLAIN = (type(None), bool, int, float, str)
_NUMBERS = (int, float)

MAX_DEPTH = 32  # groups in groups; a chart's are about 10 deep, and drawing recurses once per level
# What each constructor sets: a shape without one of these fails when drawn.
_REQUIRED = {kind: frozenset(vars(shape)) - {"_attrMap", "contents"}
             for kind, shape in (("drawing", Drawing(1, 1)), ("group", Group()), ("path", Path()),
                                 ("string", String(0, 0, "")))}
_SVGLIB_FIELDS = {"group": {"svgid": str}}  # fields svglib sets that reportlab does not check
_FONT_FIELDS = ("fontName", "initialFontName")
_UNKEPT_FIELDS = ("contents", "canv")  # contents are nodes; a canvas is never part of a kept drawing
_POINTS_PER_OPERATOR = (2, 2, 6, 0)  # reportlab's path operators: moveTo, lineTo, curveTo, closePath


class _Unsupported(Exception):
    """A drawing holds something this format does not write down."""


def encode(drawing: Drawing) -> bytes | None:
    """`drawing` as JSON bytes, or None when it holds a shape or value this format does not know."""
    try:
        return json.dumps(_node(drawing), separators=(",", ":"), allow_nan=False).encode()
    except (_Unsupported, ValueError):
        return None


def decode(data: bytes) -> Drawing:
    """The drawing written by `encode`; ValueError for anything else, so that nothing fails when it is drawn."""
    try:
        return _build(json.loads(data), ("drawing",), 0)
    except RecursionError:  # lists in lists, in the JSON or in a field
        raise ValueError("not a chart drawing: nested too deep") from None


def _node(shape: object) -> dict:
    kind = _KIND_OF.get(type(shape))
    attributes = {name: value for name, value in vars(shape).items() if name not in ("_attrMap", "contents")}
    if kind is None and _is_svglib_path(shape):
        # What the subclass changes is what it reports to the renderer: keep that.
        kind = "path"
        attributes.update({name: value for name, value in shape.getProperties().items() if name in attributes})
    if kind is None:
        raise _Unsupported(type(shape).__name__)
    attributes = {name: _value(value) for name, value in attributes.items()}
    node = {"kind": kind, "attributes": attributes}
    if isinstance(shape, _GROUPS):
        node["contents"] = [_node(child) for child in shape.contents]
    return node


def _is_svglib_path(shape: object) -> bool:
    cls = type(shape)
    return cls.__module__ == "svglib.svglib" and cls.__name__ in _SVGLIB_PATHS and isinstance(shape, Path)


def _value(value: object) -> object:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [_value(item) for item in value]}
    if type(value) is Color:
        return {"rgba": [value.red, value.green, value.blue, value.alpha]}
    raise _Unsupported(type(value).__name__)


def _build(node: object, kinds: tuple[str, ...], depth: int) -> object:
    """The shape `node` stands for, when it is of one of `kinds` and passes every check of the module's docstring."""
    if depth > MAX_DEPTH:
        raise ValueError(f"not a chart drawing: groups nested more than {MAX_DEPTH} deep")
    kind = node.get("kind") if type(node) is dict else None
    if kind not in kinds:
        raise ValueError(f"not a chart drawing: a {kind!r:.30} node where a {' or '.join(kinds)} belongs")
    fields = {"kind", "attributes", "contents"} if _KINDS[kind] in _GROUPS else {"kind", "attributes"}
    if node.keys() != fields or type(node["attributes"]) is not dict:
        raise ValueError(f"not a chart drawing: a {kind} with the fields {sorted(node)}")
    attributes = {name: _read(value) for name, value in node["attributes"].items()}
    _check(kind, attributes)
    cls = _KINDS[kind]
    shape = cls.__new__(cls)  # the attributes below are all a shape has: no constructor to run
    shape.__dict__.update(attributes)
    if "contents" in fields:
        if type(node["contents"]) is not list:
            raise ValueError(f"not a chart drawing: a {kind} whose contents are no list")
        shape.contents = [_build(child, ("group", "path", "string"), depth + 1) for child in node["contents"]]
    return shape


def _check(kind: str, attributes: dict[str, object]) -> None:
    """Refuse (ValueError) the attributes of a `kind` node that reportlab could not draw."""
    missing = _REQUIRED[kind] - attributes.keys()
    if missing:
        raise ValueError(f"not a chart drawing: a {kind} without {', '.join(sorted(missing))}")
    for name, value in attributes.items():
        if not _valid_field(kind, name, value):
            raise ValueError(f"not a chart drawing: a {kind} whose {name} is {value!r:.60}")
    if kind == "drawing" and not (attributes["width"] > 0 and attributes["height"] > 0):
        raise ValueError("not a chart drawing: its size is not positive")
    if kind == "path":
        operators, points = attributes["operators"], attributes["points"]
        if not all(type(operator) is int and 0 <= operator < len(_POINTS_PER_OPERATOR) for operator in operators) \
                or len(points) != sum(_POINTS_PER_OPERATOR[operator] for operator in operators):
            raise ValueError("not a chart drawing: a path whose points do not fit its operators")


def _valid_field(kind: str, name: str, value: object) -> bool:
    """Whether `value` is one reportlab accepts for the field `name` of a `kind` shape."""
    if name in _SVGLIB_FIELDS.get(kind, {}):
        return type(value) is _SVGLIB_FIELDS[kind][name]
    checks = _KINDS[kind]._attrMap
    if name in _UNKEPT_FIELDS or name not in checks or not checks[name].validate(value):
        return False
    if name in _FONT_FIELDS:
        return (value is None and name == "initialFontName") or _known_font(value)
    return True


def _known_font(name: object) -> bool:
    """A font the renderer finds without looking on disk: one registered in this process, or a standard one."""
    return type(name) is str and (name in pdfmetrics.standardFonts or name in pdfmetrics.getRegisteredFontNames())


def _read(value: object) -> object:
    if type(value) is float and not math.isfinite(value):
        raise ValueError(f"not a chart drawing: the number {value}")
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list):
        return [_read(item) for item in value]
    if type(value) is dict and value.keys() == {"tuple"} and type(value["tuple"]) is list:
        return tuple(_read(item) for item in value["tuple"])
    if type(value) is dict and value.keys() == {"rgba"} and _is_rgba(value["rgba"]):
        return Color(*value["rgba"])
    raise ValueError(f"not a chart drawing: unexpected value {value!r:.60}")


def _is_rgba(value: object) -> bool:
    """Red, green, blue and alpha: four numbers from 0 to 1."""
    return type(value) is list and len(value) == 4 and all(
        type(part) in _NUMBERS and 0 <= part <= 1 for part in value)
