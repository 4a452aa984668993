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
    "locale": {"errors", "vocabulary"},
    "vocabulary": set(),
    "digests": set(),
    "facts": {"errors", "vocabulary", "filecache", "digests"},
    "filecache": set(),
    "charts": {"errors", "document", "filecache", "digests"},
    "writers": {"errors", "document", "filecache", "digests"},
    "narrative": {"errors", "document", "facts", "locale", "config", "changes", "charts", "vocabulary"},
    "changes": {"errors", "facts"},
    "manifest": {"errors", "changes", "digests"},
    "config": {"errors", "vocabulary"},
    "publish": {"errors"},
    "project": {"errors", "config"},
    "starter": {"errors", "config"},
    "intake": {"errors", "facts", "vocabulary", "digests"},
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


# What the first project is about: the tool must not know it (the project folder does).
SUBJECT_WORDS = ("laoshan", "qingdao", "sophia")


def test_the_tool_names_no_subject_of_a_briefing():
    """No file of the package (code, docstrings, catalogs, starter project) names the shipped briefing's subject."""
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".po", ".toml", ".md", ".yaml", ".txt"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if any(word in line.lower() for word in SUBJECT_WORDS):
                    found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:80]}")
    assert found == []


def test_the_tool_declares_no_fact_id_of_the_shipped_briefing():
    """No fact id of the repository's store appears in the package's code."""
    ids = {line.split("id:", 1)[1].strip() for path in (PACKAGE.parent.parent / "facts").glob("*.yaml")
           for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith("- id:")}
    dotted = {fact_id for fact_id in ids if "." in fact_id}
    assert dotted, "the repository's store has dotted fact ids"
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert sorted(fact_id for fact_id in dotted if fact_id in code) == []
