"""Read one YAML file with PyYAML's safe loader, keeping the line of every mapping and key.

Files are parsed with libyaml (PyYAML's C parser) when PyYAML was built with
it: about seven times faster. A file libyaml refuses is parsed again by the
pure-Python parser, whose messages are the ones reported, so the wording of a
problem never depends on how PyYAML was installed.

A file of plain data (text, numbers, dates, lists and mappings, each key
once) is built from libyaml's node tree in one pass, without PyYAML's
constructor machinery: about twice as fast again. Anything else (an anchor
used twice, a merge key, another tag, a key given twice, a value its tag
cannot hold) is read by the loaders above, as before.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor


class Located(dict):
    """A YAML mapping that knows its own line and the line of each key (1-based)."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[object, int] = {}

    def line_of(self, key: object) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class _Locating:
    """Safe-loader behaviour building `Located` mappings and noting repeated keys.

    Only the plain-data constructors of `SafeLoader` exist, so a tag such as
    `!!python/object` is refused with a ConstructorError, never constructed.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self.repeated_keys: list[tuple[int, object]] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        """The node's value; a scalar its tag cannot hold (a 2024-02-30 date) is a ConstructorError at its line."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, OverflowError) as error:
            kind = node.tag.rsplit(":", 1)[-1]
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            detail = f" ({error})" if type(error) is ValueError else ""
            hint = "; put it in quotes if it is meant as text" if kind in ("timestamp", "int", "float") else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"{_one_line(value)!r} is not a valid {kind}{detail}{hint}", node.start_mark
            ) from None


def _construct_located_mapping(loader: _LocatingLoader, node: yaml.MappingNode):
    data = Located(node.start_mark.line + 1)
    yield data
    own_keys = [key_node for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge"]
    # construct_mapping resolves merge keys (<<) in place: merged pairs come
    # first, so the mapping's own keys override them, lines included.
    data.update(loader.construct_mapping(node))
    for key_node, _ in node.value:
        data.key_lines[loader.construct_object(key_node)] = key_node.start_mark.line + 1
    seen = set()
    for key_node in own_keys:
        key = loader.construct_object(key_node)
        if key in seen:
            loader.repeated_keys.append((key_node.start_mark.line + 1, key))
        seen.add(key)


class _LocatingLoader(_Locating, yaml.SafeLoader):
    """The pure-Python safe loader, with lines: its messages are the ones reported."""


class _FastLocatingLoader(_Locating, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same loader on libyaml's parser, when PyYAML has it."""


for _loader in (_LocatingLoader, _FastLocatingLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_located_mapping)


def read_yaml(path: Path, shown: str) -> tuple[object, list[str]]:
    """The data in `path` and the problems met reading it; data is None when it could not be read.

    `shown` is how messages name the file (e.g. "facts/vr.yaml").
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [f"{shown}: file not found"]
    except UnicodeDecodeError:
        return None, [f"{shown}: is not UTF-8 text"]
    except OSError as error:
        return None, [f"{shown}: cannot be read ({error.strerror})"]
    try:
        data, repeated_keys = _parse(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        return None, [f"{shown}:{line}: character U+{error.character:04X} is not allowed in YAML ({error.reason})"]
    except yaml.constructor.ConstructorError as error:
        problem = _one_line(error.problem)
        if "constructor for the tag" in problem:
            problem += "; only plain YAML data is read, tags are refused"
        return None, [f"{shown}:{_line(error)}: {problem}"]
    except yaml.YAMLError as error:
        problem = _one_line(getattr(error, "problem", None) or str(error))
        return None, [f"{shown}:{_line(error)}: YAML does not parse: {problem}"]
    except RecursionError:
        return None, [f"{shown}: YAML does not parse: its lists or mappings are nested too deeply"]
    if data is None:
        return None, [f"{shown}:1: holds no data (the file is empty or only comments)"]
    problems = [f"{shown}:{line}: key {key!r} appears twice in one mapping" for line, key in repeated_keys]
    return data, problems


def _parse(text: str) -> tuple[object, list[tuple[int, object]]]:
    """The data of one YAML document and its repeated keys (line, key); YAMLError when it does not parse.

    The fast loader reads the file unless it holds a character the Python
    reader refuses (libyaml accepts a few more); on any error the Python
    loader reads it again, so problems are always worded the same way.
    """
    if not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return _load_plain(text), []
        except (_NotPlain, yaml.YAMLError, ValueError, TypeError, AttributeError, OverflowError, RecursionError):
            pass
        try:
            return _load(_FastLocatingLoader, text)
        except (yaml.YAMLError, ValueError, TypeError, AttributeError, OverflowError, RecursionError):
            pass
    return _load(_LocatingLoader, text)


def _load(loader_class: type, text: str) -> tuple[object, list[tuple[int, object]]]:
    loader = loader_class(text)  # the Python reader checks for unprintable characters already
    try:
        return loader.get_single_data(), loader.repeated_keys
    finally:
        loader.dispose()


class _NotPlain(Exception):
    """The document holds something `_load_plain` leaves to PyYAML's constructors."""


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
# Scalar tags whose constructor returns the value itself (the others build collections).
_SCALARS = {tag: SafeConstructor.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp")}


def _load_plain(text: str) -> object:
    """The data of a document of plain data, as `_FastLocatingLoader` reads it; _NotPlain for anything else.

    libyaml composes the node tree; each node is then turned into its value
    directly. A node met twice (an alias) is refused rather than shared, and
    so is a key met twice, so that PyYAML's loaders word what they find.
    """
    loader = _FastLocatingLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        return None
    seen: set[int] = set()  # the collections built: one met again is an alias, which PyYAML shares

    def value(node: yaml.Node) -> object:
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            construct = _SCALARS.get(tag)
            if construct is None:
                raise _NotPlain
            return construct(loader, node)
        if id(node) in seen:
            raise _NotPlain
        seen.add(id(node))
        if kind is yaml.MappingNode and tag == _MAP:
            data = Located(node.start_mark.line + 1)
            key_lines = data.key_lines
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _NotPlain
                key = value(key_node)
                if key in data:
                    raise _NotPlain
                data[key] = value(value_node)
                key_lines[key] = key_node.start_mark.line + 1
            return data
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [value(item) for item in node.value]
        raise _NotPlain

    return value(node)


def _line(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return str(mark.line + 1) if mark is not None else "?"


def _one_line(text: str) -> str:
    """`text` with its line breaks as spaces: every problem is reported on one line."""
    return " ".join(str(text).split())
