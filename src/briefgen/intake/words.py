"""The words the intake engine reads figures with, one intake.toml per language, and the regexes built from them.

The engine's logic is the same in every language; what differs is words
("more than", "milliard", "tonnes", "hausse de"…). They live in
`locale/languages/<lang>/intake.toml` (shipped) or a project's
`locale/<lang>/intake.toml`, which is read instead when it exists. A word
list becomes a regex alternative by `alternatives`: each word escaped, the
longest first, a space standing for any run of spaces, an apostrophe for
’ or ', a final `*` for any ending ("increas*") and, after a word that ends
in a letter or digit, a word boundary.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Callable, Generic, Iterator, Mapping, TypeVar

from briefgen.errors import UsageError

FILE = "intake.toml"
_SHIPPED = files("briefgen") / "locale" / "languages"

# Every table the engine reads, with the keys each must hold.
REQUIRED: dict[str, tuple[str, ...]] = {
    "sentences": ("abbreviations",),
    "digits": ("group", "group_alone"),
    "number_words": ("words", "one", "and", "and_after", "and_before"),
    "scales": (),
    "money_scales": (),
    "round_numbers": ("articles", "values"),
    "fractions": ("numerators", "denominators", "of", "half", "half_before"),
    "ordinal_words": (),
    "qualifiers": ("more_than", "nearly", "about", "at_least"),
    "qualifiers_after": ("at_least",),
    "not_qualifiers": ("before",),
    "units": ("percent",),
    "unit_symbols": (),
    "unit_joiners": ("before",),
    "other_units": ("words",),
    "growth": ("rise", "fall", "by", "rise_after", "share", "determiners", "again", "share_of"),
    "conjunctions": ("and", "or"),
    "ranges": ("to", "opener"),
    "ranks": ("words", "beside", "suffixes", "class_after"),
    "figures": ("base_before", "both_before"),
    "durations": ("words", "between"),
    "nouns": ("stop", "after_and"),
    "ids": ("stop",),
    "places": ("before", "after"),
    "months": (),
    "dates": ("capitalised_months", "order", "day_joiners", "day_suffixes", "first_day", "month_of",
              "month_introducers", "range_from", "range_to"),
    "years": ("end_of", "end_of_this_year", "relative", "event_before"),
    "year_to_date": ("order", "first", "first_one", "months", "quarters", "of", "parts"),
    "status": ("target", "by"),
    "periods": ("baseline", "same"),
    "labels": ("share", "share_of", "possessive", "edge_words", "elided", "verbs", "past_ending", "past_before",
               "verbs_between_spaces"),
}

_project: Path | None = None


def use_project(locale_dir: Path | None) -> None:
    """Read `locale_dir/<lang>/intake.toml`, where it exists, instead of the shipped file; None: shipped only."""
    global _project
    _project = locale_dir


def shipped_languages() -> tuple[str, ...]:
    """The languages briefgen ships an intake.toml for, sorted: ("en", "fr")."""
    return tuple(sorted(entry.name for entry in _SHIPPED.iterdir() if (entry / FILE).is_file()))


def readable(lang: str) -> bool:
    """Whether the engine has an intake.toml for `lang`, in the project or shipped."""
    return _file(lang, _project) is not None


def _file(lang: str, project: Path | None) -> Traversable | None:
    candidates = ([project / lang / FILE] if project is not None else []) + [_SHIPPED / lang / FILE]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def of(lang: str) -> dict[str, Any]:
    """The tables of `lang`'s intake.toml, checked: every table and key the engine needs is there."""
    return _read(lang, _project)


@lru_cache(maxsize=None)
def _read(lang: str, project: Path | None) -> dict[str, Any]:
    file = _file(lang, project)
    if file is None:
        raise UsageError(f"no {FILE} for language {lang!r}: write locale/{lang}/{FILE} in the project")
    try:
        return checked(tomllib.loads(file.read_text(encoding="utf-8")), str(file))
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{file}: not valid TOML: {exc}") from None


def checked(data: dict[str, Any], where: str) -> dict[str, Any]:
    """`data` itself when it holds every table and key of REQUIRED; else an error naming the first one missing."""
    for table, keys in REQUIRED.items():
        if not isinstance(data.get(table), dict):
            raise UsageError(f"{where}: table [{table}] is missing")
        for name in keys:
            if name not in data[table]:
                raise UsageError(f"{where}: [{table}] has no key {name!r}")
    return data


def alternatives(words: list[str]) -> str:
    """A regex matching any of `words` (see the module's docstring); one that never matches for no word."""
    if not words:
        return "(?!)"
    return "|".join(_pattern(word) for word in sorted(words, key=len, reverse=True))


def _pattern(word: str) -> str:
    stem = word.endswith("*")
    text = word.removesuffix("*")
    pattern = re.sub(r"\\ |[’']", lambda m: r"\s+" if m.group() == "\\ " else "[’']", re.escape(text))
    if stem:
        return pattern + r"\w*"
    return pattern + r"\b" if text[-1:].isalnum() else pattern


def key(text: str) -> str:
    """A matched word as the keys of a table write it: lower case, single spaces, the apostrophe ’."""
    return re.sub(r"\s+", " ", text.lower()).replace("'", "’")


T = TypeVar("T")


def compiled(pattern: Callable[[dict[str, Any]], str], flags: int = re.IGNORECASE) -> PerLanguage[re.Pattern]:
    """Per language, the regex `pattern` writes from the tables of its intake.toml."""
    return PerLanguage(lambda lang: re.compile(pattern(of(lang)), flags))


class PerLanguage(Mapping[str, T], Generic[T]):
    """What `build` makes of a language's words (from `of`), built the first time a language is asked for.

    Iterating gives the shipped languages; any language with an intake.toml
    (a project's too) can be looked up.
    """

    def __init__(self, build: Callable[[str], T]) -> None:
        self._build = build
        self._built: dict[tuple[str, Path | None], T] = {}

    def __getitem__(self, lang: str) -> T:
        if (lang, _project) not in self._built:
            of(lang)  # refused with a clear line when the language has no intake.toml
            self._built[lang, _project] = self._build(lang)
        return self._built[lang, _project]

    def __iter__(self) -> Iterator[str]:
        return iter(shipped_languages())

    def __len__(self) -> int:
        return len(shipped_languages())
