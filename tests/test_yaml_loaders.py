"""The libyaml loader and the pure-Python loader read the facts identically, lines included."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.facts import yamlfile
from located_tree import assert_same_tree

FACTS = Path(__file__).resolve().parent.parent / "facts"


@pytest.mark.parametrize("path", sorted(FACTS.glob("*.yaml")), ids=lambda p: p.name)
def test_both_loaders_give_the_same_data_and_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yamlfile._load(yamlfile._FastLocatingLoader, text)
    python = yamlfile._load(yamlfile._LocatingLoader, text)
    assert_same_tree(fast[0], python[0], path.name)
    assert fast[1] == python[1]


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: [1, 2\n", "YAML does not parse"),
    ("a: 1\na: 2\n", "key 'a' appears twice in one mapping"),
    ("a: 2024-02-30\n", "'2024-02-30' is not a valid timestamp"),
    ("a: !!python/object:os.system x\n", "tags are refused"),
    ("a: \x07\n", "character U+0007 is not allowed in YAML"),
])
def test_problems_are_worded_by_the_python_loader(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "topic.yaml"
    path.write_text(text, encoding="utf-8")
    data, problems = yamlfile.read_yaml(path, "facts/topic.yaml")
    assert problems and problems[0].startswith("facts/topic.yaml:")
    assert expected in problems[0]
