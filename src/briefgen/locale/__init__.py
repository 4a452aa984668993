"""Locale layer: numbers, amounts, dates, plurals, typography and UI strings per briefing language.

`Formatter(lang)` writes every figure and word that depends on the language;
`translations(lang)` gives the UI strings for Jinja2's i18n extension.
`LANGUAGES`, `UNITS` and `QUALIFIERS` let other layers validate their input
before anything is formatted.
"""

from briefgen.locale.catalogs import translations
from briefgen.locale.changes import Change
from briefgen.locale.formatter import LANGUAGES, UNITS, Formatter
from briefgen.locale.glossary import QUALIFIERS

__all__ = ["Change", "Formatter", "LANGUAGES", "QUALIFIERS", "UNITS", "translations"]
