"""The library internals briefgen's speed tricks rely on are still there: an upgrade that moves one fails here, loudly.

Each trick would otherwise go on working more slowly without a word (a kept
drawing refused and converted again, lines found at every request, YAML read
by the slower loader). pyproject pins these libraries to the versions tested;
before raising a pin, read the trick in bench/README.md.
"""

from __future__ import annotations

import yaml

HINT = "a speed trick relies on this; see bench/README.md before raising the pin in pyproject.toml"


def test_reportlab_paragraphs_keep_their_lines_in_blpara():
    """pdf_template.BodyParagraph.wrap reuses the lines reportlab's Paragraph.wrap leaves in `blPara`."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    paragraph = Paragraph("a few words " * 30, getSampleStyleSheet()["Normal"])
    assert paragraph.wrap(100, 1000)[1] > 0
    assert hasattr(paragraph, "blPara") and paragraph.blPara.lines, HINT
    assert Paragraph("x", getSampleStyleSheet()["Normal"]).wrap(0, 100) == (0, 0x7FFFFFFF), HINT


def test_reportlab_shapes_are_attribute_bags_checked_by_attrmap():
    """pdf_drawings builds shapes without their constructors, from the fields `vars()` shows, checked by `_attrMap`."""
    from reportlab.graphics.shapes import Drawing, Group, Path, String

    for shape in (Drawing(1, 1), Group(), Path(), String(0, 0, "")):
        fields = {name: value for name, value in vars(shape).items() if name not in ("_attrMap", "contents")}
        checks = type(shape)._attrMap
        assert fields and all(name in checks and checks[name].validate(value) for name, value in fields.items()), HINT
        bare = type(shape).__new__(type(shape))
        bare.__dict__.update(fields)
        assert {name: getattr(bare, name) for name in fields} == fields, HINT


def test_svglib_paths_are_reportlab_paths_by_these_names():
    """pdf_drawings writes svglib's clipping and stroke-less paths down by their class names."""
    from reportlab.graphics.shapes import Path
    from svglib import svglib

    for name in ("ClippingPath", "NoStrokePath"):
        cls = getattr(svglib, name, None)
        assert cls is not None and issubclass(cls, Path) and cls.__module__ == "svglib.svglib", HINT


def test_python_docx_elements_and_style_names():
    """The DOCX writer sets styles on the elements (`_p`, `_r`) and looks styles up by BabelFish's internal names."""
    import docx
    from docx.styles import BabelFish

    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("x")
    paragraph._p.style = "Heading1"
    run._r.style = "Strong"
    assert paragraph._p.style == "Heading1" and run._r.style == "Strong", HINT
    assert BabelFish.ui2internal("Heading 1") == "heading 1", HINT


def test_pyyaml_composes_nodes_and_keeps_its_scalar_constructors():
    """yamlfile._load_plain builds values from libyaml's node tree with SafeConstructor's scalar constructors."""
    from yaml.constructor import SafeConstructor

    assert hasattr(yaml, "CSafeLoader"), "PyYAML is built without libyaml: every facts file is read about 7x slower"
    loader = yaml.CSafeLoader("a: [1, 2024-01-02]\n")
    node = loader.get_single_node()
    loader.dispose()
    assert type(node) is yaml.MappingNode and type(node.value[0][0]) is yaml.ScalarNode, HINT
    assert node.value[0][0].start_mark.line == 0, HINT
    for tag in ("null", "bool", "int", "float", "timestamp", "str", "seq", "map"):
        assert f"tag:yaml.org,2002:{tag}" in SafeConstructor.yaml_constructors, HINT
    assert yaml.reader.Reader.NON_PRINTABLE.search("\x07"), HINT
