"""The writer interface and the registry that finds a writer by name.

A writer turns one `Document` into the bytes of one file format. It is a
visitor over the document's node types: an unknown node is an error, never
skipped. Writers import the document model and their own library only.
"""

from __future__ import annotations

import importlib

from briefgen.document import Document, Meta, Text
from briefgen.errors import BriefgenError


class Writer:
    """Base class: subclasses set `name`, `suffix` and `chart_format` and implement `render`.

    `chart_format` is the image format ("png", "svg") the writer reads from
    a chart, so a build draws only the formats its writers use.
    """

    name: str = ""
    suffix: str = ""
    chart_format: str = "png"

    def render(self, document: Document) -> bytes:
        """The whole file for `document`, as bytes (deterministic for equal input)."""
        raise NotImplementedError


class UnknownNodeError(BriefgenError):
    """A writer met a node type it does not know (a bug in briefgen)."""

    category = "document"


_REGISTRY: dict[str, type[Writer]] = {}

# Built-in writers are imported when first asked for, so that building only
# DOCX never loads reportlab and building only PDF never loads python-docx;
# their suffixes are known beforehand, so that a build can name its files
# while its worker processes import only the writers they use.
_BUILTIN = {"docx": ("briefgen.writers.docx", ".docx"), "pdf": ("briefgen.writers.pdf", ".pdf")}


def register(writer: type[Writer]) -> type[Writer]:
    """Class decorator: make `writer` available under its `name`; duplicates are refused."""
    if not writer.name or not writer.suffix:
        raise ValueError(f"{writer.__name__} must set name and suffix")
    if writer.name in _REGISTRY:
        raise ValueError(f"a writer named {writer.name!r} is already registered")
    _REGISTRY[writer.name] = writer
    return writer


def get_writer(name: str) -> Writer:
    """A new writer for format `name`; an unknown name lists the known ones."""
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name][0])
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise BriefgenError(f"unknown output format {name!r}; known formats: {', '.join(writer_names())}") from None


def key_figure_columns(count: int) -> int:
    """How many figures a row of the key-figures panel holds, the same in every format.

    Up to three share one row and four make two pairs; more go in rows of
    three or four, whichever needs fewer rows without leaving one figure
    alone on the last row (three when both do).
    """
    if count <= 3:
        return max(count, 1)
    if count == 4:
        return 2
    fitting = [columns for columns in (3, 4) if count % columns != 1] or [3]
    return min(fitting, key=lambda columns: -(-count // columns))


def cover_details(meta: Meta) -> tuple[tuple[str, tuple], ...]:
    """The lines at the foot of the cover, the same in every format, each as (what it gives, its inlines).

    The organisation ("organisation") and whom to ask ("contact") when the
    settings name them, then the edition's date ("edition") and language
    ("language").
    """
    colon = meta.label("colon")
    lines = [("organisation", (Text(meta.organisation),))] if meta.organisation else []
    if meta.contact:
        lines.append(("contact", (Text(f"{meta.label('contact')}{colon}{meta.contact}"),)))
    lines += [
        ("edition", (Text(f"{meta.label('edition')} "), *meta.edition_date)),
        ("language", (Text(f"{meta.label('language')}{colon}{meta.label('language_name')}"),)),
    ]
    return tuple(lines)


def writer_suffix(name: str) -> str:
    """The file suffix of format `name` (".pdf"), without importing a built-in writer."""
    if name not in _REGISTRY and name in _BUILTIN:
        return _BUILTIN[name][1]
    return get_writer(name).suffix


def writer_names() -> list[str]:
    """Names of every known writer, sorted."""
    return sorted(set(_REGISTRY) | set(_BUILTIN))
