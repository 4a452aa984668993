"""Each briefing language loaded once per project locale folder, or refused with one clear problem."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.support import Translations

from briefgen.errors import ConfigError, collect
from briefgen.locale import catalogs, style
from briefgen.locale.glossary import Words
from briefgen.locale.languages import MESSAGES, STYLE, data_files, shipped_languages

# Letters, then optional region or script parts: "de", "pt-BR"; keeps the code a plain folder name.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_HELP = 'see README "Adding a language"'
_REFERENCE = "en"  # the catalog whose msgids every other language must translate


@dataclass(frozen=True)
class Language:
    """What is known of one language: its words and catalog when usable, else the problems."""

    words: Words | None
    catalog: Catalog | None
    problems: tuple[str, ...]


def language_problems(lang: str, locale_dir: Path | None = None) -> list[str]:
    """One line per problem that keeps `lang` from being written; [] when it is ready.

    `locale_dir` is the project's locale/ folder, whose `<lang>/style.toml`
    and `<lang>/messages.po` override the shipped ones (None: shipped only).
    """
    return list(_load(lang, _folder(locale_dir)).problems)


def words(lang: str, locale_dir: Path | None = None) -> Words:
    """The house style of `lang`; a ConfigError naming the first problem when it has any."""
    return _usable(lang, locale_dir).words


def catalog(lang: str, locale_dir: Path | None = None) -> Catalog:
    """The merged UI catalog of `lang` (its msgids are the English strings)."""
    return _usable(lang, locale_dir).catalog


def translations(lang: str, locale_dir: Path | None = None) -> Translations:
    """The UI translations for `lang`, compiled once per (lang, locale_dir); no .mo file is needed.

    Usable as is by Jinja2: `env.install_gettext_translations(translations(lang), newstyle=True)`.
    An empty msgstr (as in the English catalog) falls back to the msgid.
    """
    return _compiled(lang, _folder(locale_dir))


@lru_cache(maxsize=None)
def _compiled(lang: str, locale_dir: Path | None) -> Translations:
    return catalogs.compiled(catalog(lang, locale_dir))


def _folder(locale_dir: Path | str | None) -> Path | None:
    """The project folder as a Path, so that "locale" and Path("locale") share one cache entry."""
    return None if locale_dir is None else Path(locale_dir)


def _usable(lang: str, locale_dir: Path | None) -> Language:
    language = _load(lang, _folder(locale_dir))
    collect(list(language.problems), ConfigError, f'language "{lang}"')
    return language


@lru_cache(maxsize=None)
def _load(lang: str, locale_dir: Path | None) -> Language:
    if not isinstance(lang, str) or not _LANGUAGE_CODE.fullmatch(lang):
        return Language(None, None, (f'locale: {lang!r} is not a language code like "de" or "pt-BR"',))
    style_files = data_files(lang, locale_dir, STYLE)
    po_files = data_files(lang, locale_dir, MESSAGES)
    if not style_files:
        missing = ", ".join(style.REQUIRED)
        po = "" if po_files else f" and locale/{lang}/{MESSAGES}"
        problem = (
            f'locale: language "{lang}" has no house style: briefgen ships {", ".join(shipped_languages())}; '
            f"write locale/{lang}/{STYLE} (keys missing: {missing}){po} in the project ({_HELP})"
        )
        return Language(None, None, (problem,))
    words, problems = _words(lang, style_files)
    messages, message_problems = _catalog(lang, po_files, words.locale if words else None)
    return Language(words, messages, tuple(problems + message_problems))


def _words(lang: str, files: list) -> tuple[Words | None, list[str]]:
    """The merged house style of `files` (shipped first), or its problems."""
    merged: style.Style = {}
    problems: list[str] = []
    for file in files:
        data, unreadable = style.read(file)
        problems += unreadable or style.problems(data, str(file))
        merged = style.merged(merged, data)
    absent = style.missing(merged)
    if absent and not problems:
        shipped = "" if lang in shipped_languages() else f'; briefgen does not ship "{lang}", so every key is needed'
        problems.append(f"{files[-1]}: keys missing: {', '.join(absent)}{shipped} ({_HELP})")
    return (None, problems) if problems else (style.words(merged), [])


def _catalog(lang: str, files: list, locale: str | None) -> tuple[Catalog | None, list[str]]:
    """The merged UI catalog of `files` (shipped first), or its problems."""
    if not files:
        return None, [
            f'locale: language "{lang}" has no UI strings: write locale/{lang}/{MESSAGES} in the project ({_HELP})'
        ]
    read = [catalogs.read(file, locale) for file in files]
    problems = [problem for _, found in read for problem in found]
    if problems:
        return None, problems
    merged = catalogs.merged([c for c, _ in read])
    if lang != _REFERENCE:
        absent = catalogs.missing(merged, catalog(_REFERENCE))
        if absent:
            shown = ", ".join(repr(msgid) for msgid in absent[:3]) + (", …" if len(absent) > 3 else "")
            problems.append(f"{files[-1]}: {len(absent)} UI strings have no entry: {shown} ({_HELP})")
    return merged, problems
