"""A check shared by the YAML tests: two trees read from one file are the same, lines included."""

from __future__ import annotations

from briefgen.facts import yamlfile


def assert_same_tree(left: object, right: object, where: str) -> None:
    """`left` and `right` hold the same values of the same types, and every mapping the same lines."""
    assert type(left) is type(right) and repr(left) == repr(right), where  # repr: nan is nan
    if isinstance(left, yamlfile.Located):
        assert (left.line, left.key_lines) == (right.line, right.key_lines), where
        for key in left:
            assert_same_tree(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list):
        for index, (a, b) in enumerate(zip(left, right)):
            assert_same_tree(a, b, f"{where}[{index}]")
