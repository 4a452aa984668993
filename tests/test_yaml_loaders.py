"""The libyaml loader and the pure-Python loader read the facts identically, lines included."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.facts import yamlfile

FACTS = Path(__file__).resolve().parent.parent / "facts"


def _same(left: object, right: object, where: str) -> None:
    assert type(left) is type(right) and left == right, where
    if isinstance(left, yamlfile.Located):
        assert (left.line, left.key_lines) == (right.line, right.key_lines), where
        for key in left:
            _same(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        for index, (a, b) in enumerate(zip(left, right)):
            _same(a, b, f"{where}[{index}]")


@pytest.mark.parametrize("path", sorted(FACTS.glob("*.yaml")), ids=lambda p: p.name)
def test_both_loaders_give_the_same_data_and_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = yamlfile._load(yamlfile._FastLocatingLoader, text)
    python = yamlfile._load(yamlfile._LocatingLoader, text)
    _same(fast[0], python[0], path.name)
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
