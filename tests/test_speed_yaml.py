"""The one-pass reading of plain YAML gives what PyYAML's loaders give, lines included, or leaves the file to them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefgen.facts import yamlfile
from located_tree import assert_same_tree

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("facts/*.yaml"), *ROOT.glob("examples/*/facts/*.yaml")])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_stores_read_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert_same_tree(yamlfile._load_plain(text), yamlfile._load(yamlfile._LocatingLoader, text)[0], path.name)


PLAIN = [
    "a: 1\nb: 1.5\nc: -0\nd: 0x1f\ne: 1_000\n",
    "when: 2024-11-18\nat: 2024-11-18 10:00:00\nyear: 2024\nmonth: 2024-11\n",
    "yes: yes\nno: [no, off, on, true, ~, null, '']\n",
    "? complex key\n: value\n1: int key\n2024-01-01: date key\nnull: null key\n",
    "- [1, [2, [3, {a: b}]]]\n- {x: {y: {z: []}}}\n- {}\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\nquoted: \"a\\tb\"\n",
    "# only a comment before\n\nfacts:\n\n  - id: a.b\n    label: {fr: x, en: y}\n",
    "same: &text hello\nagain: *text\n",
    ".inf: .nan\nlist: [.inf, -.inf]\n",
]
NOT_PLAIN = [
    "a: &shared [1, 2]\nb: *shared\n",  # a collection met twice is shared by PyYAML
    "a: &loop [*loop]\n",
    "base: &base {x: 1}\nderived:\n  <<: *base\n  y: 2\n",
    "a: 1\na: 2\n",
    "a: 1\n1.0: x\n1: y\n",
    "a: !!set {x, y}\n",
    "a: !!binary aGVsbG8=\n",
    "a: !custom x\n",
    "[1, 2]: list key\n",
    "a: 2024-02-30\n",
    "= : value tag\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_data_reads_alike(text: str) -> None:
    assert_same_tree(yamlfile._load_plain(text), yamlfile._load(yamlfile._LocatingLoader, text)[0], repr(text))


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    with pytest.raises((yamlfile._NotPlain, yaml.YAMLError, ValueError, TypeError)):
        yamlfile._load_plain(text)


def test_aliases_nested_to_blow_up_are_not_expanded() -> None:
    """A document that doubles in size at each alias level would take forever to expand: it is left to PyYAML."""
    levels = ["a0: &a0 [x, x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 40)]
    with pytest.raises(yamlfile._NotPlain):
        yamlfile._load_plain("\n".join(levels) + "\n")
