"""Locale layer: numbers, amounts, dates, plurals, typography and UI strings per briefing language.

Each language is data, not code: a house style (languages/<lang>/style.toml)
and UI strings (languages/<lang>/messages.po), which a project may override or
extend in its own locale/ folder. `Formatter(lang, locale_dir)` writes every
figure and word that depends on the language; `translations(lang, locale_dir)`
gives the UI strings for Jinja2's i18n extension; `language_problems` tells
what keeps a language from being written. The vocabularies (units,
currencies, qualifiers, statuses) come from `briefgen.vocabulary`.
"""

from briefgen.locale.changes import Change
from briefgen.locale.formatter import Formatter
from briefgen.locale.languages import shipped_languages
from briefgen.locale.registry import language_problems, translations
from briefgen.vocabulary import BABEL_UNITS, CONVERTIBLE, CURRENCIES, QUALIFIERS, STATUSES, UNITS

__all__ = [
    "BABEL_UNITS",
    "CONVERTIBLE",
    "CURRENCIES",
    "Change",
    "Formatter",
    "QUALIFIERS",
    "STATUSES",
    "UNITS",
    "language_problems",
    "shipped_languages",
    "translations",
]
