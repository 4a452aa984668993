"""Gettext catalogs of UI strings, compiled in memory from the .po files shipped with the package."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "briefgen"
CATALOG_LANGUAGES = ("fr", "en")


def catalog(lang: str) -> Catalog:
    """The parsed catalog for `lang` (its msgids are the English UI strings)."""
    if lang not in CATALOG_LANGUAGES:
        raise ValueError(f"no UI catalog for language {lang!r}; known: {', '.join(CATALOG_LANGUAGES)}")
    path = files("briefgen.locale") / "catalogs" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


@lru_cache(maxsize=None)
def translations(lang: str) -> Translations:
    """The UI translations for `lang`, compiled once per process; no .mo file is needed.

    Usable as is by Jinja2: `env.install_gettext_translations(translations(lang), newstyle=True)`.
    An empty msgstr (as in the English catalog) falls back to the msgid.
    """
    compiled = BytesIO()
    write_mo(compiled, catalog(lang))
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)
