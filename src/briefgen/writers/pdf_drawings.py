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
time; anything unexpected in an entry makes `decode` raise ValueError, and
the caller converts the SVG.
"""

from __future__ import annotations

import json

from reportlab.graphics.shapes import Drawing, Group, Path, String
from reportlab.lib.colors import Color

_KINDS: dict[str, type] = {"drawing": Drawing, "group": Group, "path": Path, "string": String}
_KIND_OF = {cls: kind for kind, cls in _KINDS.items()}
_SVGLIB_PATHS = ("ClippingPath", "NoStrokePath")  # svglib's Path subclasses, by name: svglib is not imported
_GROUPS = (Drawing, Group)
_PLAIN = (type(None), bool, int, float, str)


class _Unsupported(Exception):
    """A drawing holds something this format does not write down."""


def encode(drawing: Drawing) -> bytes | None:
    """`drawing` as JSON bytes, or None when it holds a shape or value this format does not know."""
    try:
        return json.dumps(_node(drawing), separators=(",", ":"), allow_nan=False).encode()
    except (_Unsupported, ValueError):
        return None


def decode(data: bytes) -> Drawing:
    """The drawing written by `encode`; ValueError for anything else."""
    try:
        drawing = _build(json.loads(data))
    except (TypeError, KeyError, AttributeError, RecursionError) as error:
        raise ValueError(f"not a chart drawing: {error}") from None
    if type(drawing) is not Drawing:
        raise ValueError("not a chart drawing: its top is not a drawing")
    return drawing


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


def _build(node: dict) -> object:
    cls = _KINDS[node["kind"]]
    shape = cls.__new__(cls)  # the attributes below are all a shape has: no constructor to run
    shape.__dict__.update({name: _read(value) for name, value in node["attributes"].items()})
    if issubclass(cls, _GROUPS):
        shape.contents = [_build(child) for child in node["contents"]]
    return shape


def _read(value: object) -> object:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list):
        return [_read(item) for item in value]
    if isinstance(value, dict) and value.keys() == {"tuple"}:
        return tuple(_read(item) for item in value["tuple"])
    if isinstance(value, dict) and value.keys() == {"rgba"}:
        return Color(*value["rgba"])
    raise ValueError(f"not a chart drawing: unexpected value {value!r:.60}")
