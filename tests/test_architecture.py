"""Imports point downward only: writers never see facts, templates or Babel; the model depends on nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "briefgen"

# What each layer may import from briefgen itself (besides its own package).
ALLOWED = {
    "errors": set(),
    "document": {"errors"},
    "locale": {"errors"},
    "digests": set(),
    "facts": {"errors"},
    "filecache": set(),
    "charts": {"errors", "document", "filecache", "digests"},
    "writers": {"errors", "document", "filecache", "digests"},
    "narrative": {"errors", "document", "facts", "locale", "config", "changes"},
    "changes": {"errors", "facts"},
    "manifest": {"errors", "changes", "digests"},
    "config": {"errors"},
    "publish": {"errors"},
    "sections": {"errors", "document", "facts", "locale", "charts"},
}
FORBIDDEN_LIBRARIES = {"writers": {"jinja2", "babel", "pandas", "yaml"}, "document": {"docx", "reportlab", "jinja2", "babel"}}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_downward(path):
    layer = _layer(path)
    if layer not in ALLOWED:
        return  # cli, build, __init__, __main__: the top may import anything
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "briefgen" and len(parts) > 1:
            assert parts[1] in ALLOWED[layer] | {layer}, f"{layer} must not import {name}"
        assert parts[0] not in FORBIDDEN_LIBRARIES.get(layer, set()), f"{layer} must not import {name}"
