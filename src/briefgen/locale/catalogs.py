"""Gettext catalogs of UI strings: each language's messages.po files read, checked, merged and compiled."""

from __future__ import annotations

import string
from importlib.resources.abc import Traversable
from io import BytesIO

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

DOMAIN = "briefgen"


def read(file: Traversable, locale: str | None) -> tuple[Catalog | None, list[str]]:
    """One messages.po, or the problem that keeps it from being read (with its line).

    `locale` gives the plural rule when the file's header has no Plural-Forms.
    """
    try:
        with file.open("rb") as po:
            catalog = read_po(po, locale=locale, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        # Babel counts lines from 0 and appends " on <line>" to its message.
        return None, [f"{file}: line {exc.lineno + 1}: not a valid .po file: {str(exc).rsplit(' on ', 1)[0]}"]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{file}: cannot be read: {exc}"]
    return catalog, [f"{file}: {problem}" for message in catalog if message.id for problem in _placeholders(message)]


def placeholders(text: str) -> set[str]:
    """The {names} str.format fills in `text`."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _placeholders(message: Message) -> list[str]:
    """A problem if a translation does not fill the same {placeholders} as its msgid."""
    ids = (message.id,) if isinstance(message.id, str) else message.id
    strings = (message.string,) if isinstance(message.string, str) else message.string
    wanted = set().union(*(placeholders(i) for i in ids))
    if all(placeholders(s) == wanted for s in strings if s):
        return []
    shown = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "no {…} placeholder"
    return [f"the translation of {ids[0]!r} must use {shown}, as the msgid does"]


def merged(catalogs: list[Catalog]) -> Catalog:
    """The first catalog with each later one's messages put over its own (the header stays the first's)."""
    result = catalogs[0]
    for override in catalogs[1:]:
        for message in override:
            if message.id:
                # Assigning over an existing message keeps the old msgstr: delete it first.
                result.delete(message.id, message.context)
                result[message.id] = message
    return result


def missing(catalog: Catalog, reference: Catalog) -> list[str]:
    """The msgids of `reference` (the English catalog) that `catalog` lacks, as the English text."""
    return [m.id if isinstance(m.id, str) else m.id[0] for m in reference if m.id and m.id not in catalog]


def compiled(catalog: Catalog) -> Translations:
    """The catalog as gettext translations, compiled in memory: no .mo file is needed.

    An empty msgstr (as in the English catalog) falls back to the msgid.
    """
    binary = BytesIO()
    write_mo(binary, catalog)
    binary.seek(0)
    return Translations(fp=binary, domain=DOMAIN)
