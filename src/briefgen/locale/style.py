"""A language's house style: its style.toml files read, checked, merged and turned into `Words`."""

from __future__ import annotations

import re
import string
import tomllib
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any, Callable, Collection

from babel import Locale, UnknownLocaleError

from briefgen.locale.glossary import Currency, Elision, Noun, Scale, Words
from briefgen.locale.typography import RULES
from briefgen.vocabulary import BABEL_UNITS, CONVERTIBLE, CURRENCIES, QUALIFIERS

Style = dict[str, Any]

TEXTS = ("locale", "tag", "space", "link", "date_pattern", "first_day_pattern")
# In the order the shipped files write them.
REQUIRED = (*TEXTS, "typography", "qualifiers", "scales", "currencies", "units", "ordinals", "changes")
# Only French elides, so the other languages may leave the table out; a language
# with no count_words writes every count in digits.
OPTIONAL = ("elision", "count_words")

# Units that are neither money nor known to CLDR: their nouns come from the style file.
WORDED_UNITS = tuple(sorted(CONVERTIBLE - CURRENCIES - BABEL_UNITS.keys()))
DIRECTIONS = ("up", "down", "flat")
ORDINAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
NOUN = ("one", "other")
ELISION = ("eliding", "aspirated_h", "no_elision")
PLACEHOLDER = "percent"

_TOML_POSITION = re.compile(r"(.*) \(at line (\d+), column \d+\)")


def read(file: Traversable) -> tuple[Style, list[str]]:
    """The keys of one style.toml, or the problem that keeps it from being read (with its line)."""
    try:
        return tomllib.loads(file.read_text(encoding="utf-8")), []
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.fullmatch(str(exc))
        where = f"{file}: line {match[2]}" if match else str(file)
        return {}, [f"{where}: not valid TOML: {match[1] if match else exc}"]
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{file}: cannot be read: {exc}"]


def merged(base: Style, override: Style) -> Style:
    """`base` with `override`'s keys put over it, table by table; lists are replaced whole."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            value = merged(result[key], value)
        result[key] = value
    return result


def problems(style: Style, where: str) -> list[str]:
    """What is wrong with the keys one style file sets: unknown keys, wrong kinds of value."""
    found = _unknown(style, (*REQUIRED, *OPTIONAL), where, "")
    for key in TEXTS:
        if key in style and not isinstance(style[key], str):
            found.append(f"{where}: {key} must be text in quotes")
    if isinstance(style.get("locale"), str):
        found += _locale_problems(style["locale"], where)
    if "typography" in style:
        found += _list_of(style["typography"], RULES, f"{where}: typography", "rule")
    if "scales" in style:
        found += _scale_problems(style["scales"], where)
    for key, check in _TABLE_CHECKS.items():
        if key in style:
            found += _table(style[key], key, where, check)
    if "count_words" in style:
        found += _count_words(style["count_words"], where)
    return found


def missing(style: Style) -> list[str]:
    """The keys a complete house style needs and `style` lacks, dotted ("qualifiers.about")."""
    absent = [key for key in REQUIRED if key not in style]
    needed = {
        "qualifiers": QUALIFIERS,
        "currencies": sorted(CURRENCIES),
        "units": WORDED_UNITS,
        "changes": DIRECTIONS,
        "ordinals": _ordinal_categories(style.get("locale")),
    }
    for table, keys in needed.items():
        if isinstance(style.get(table), dict):
            absent += [f"{table}.{key}" for key in keys if key not in style[table]]
    for table in ("currencies", "units"):
        nouns = style.get(table)
        for name, noun in nouns.items() if isinstance(nouns, dict) else ():
            if isinstance(noun, dict):
                absent += [f"{table}.{name}.{form}" for form in NOUN if form not in noun]
    return absent


def words(style: Style) -> Words:
    """The `Words` of a complete, checked house style."""
    elision = style.get("elision", {})
    return Words(
        locale=style["locale"],
        tag=style["tag"],
        space=style["space"],
        link=style["link"],
        qualifiers=MappingProxyType(dict(style["qualifiers"])),
        scales=tuple(
            Scale(s["power"], Noun(s["one"], s["other"])) for s in sorted(style["scales"], key=lambda s: -s["power"])
        ),
        currencies=MappingProxyType(
            {code: Currency(_noun(c), c.get("symbol", "")) for code, c in style["currencies"].items()}
        ),
        units=MappingProxyType({unit: _noun(noun) for unit, noun in style["units"].items()}),
        ordinal_suffixes=MappingProxyType({k: _forms(v) for k, v in style["ordinals"].items()}),
        date_pattern=style["date_pattern"],
        first_day_pattern=style["first_day_pattern"],
        changes=MappingProxyType(dict(style["changes"])),
        typography=tuple(style["typography"]),
        elision=Elision(**{key: tuple(elision.get(key, ())) for key in ELISION}),
        count_words=MappingProxyType({int(n): word for n, word in style.get("count_words", {}).items()}),
    )


def _noun(table: dict) -> Noun:
    return Noun(table["one"], table["other"])


def _forms(suffix: str | list[str]) -> tuple[str, str]:
    """(masculine, feminine) from one suffix for both or a pair."""
    return (suffix, suffix) if isinstance(suffix, str) else (suffix[0], suffix[1])


def _unknown(table: dict, known: tuple[str, ...] | list[str], where: str, prefix: str) -> list[str]:
    return [f"{where}: unknown key '{prefix}{key}'; known: {', '.join(known)}" for key in table if key not in known]


def _locale_problems(identifier: str, where: str) -> list[str]:
    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError, TypeError):
        return [f'{where}: locale "{identifier}" is not a locale Babel knows (write it like "de_DE")']
    return []


def _ordinal_categories(locale: object) -> tuple[str, ...]:
    """The CLDR ordinal categories `locale` uses ("other" always); () when it is not a known locale."""
    if not isinstance(locale, str) or _locale_problems(locale, ""):
        return ()
    used = Locale.parse(locale).ordinal_form.tags | {"other"}
    return tuple(c for c in ORDINAL_CATEGORIES if c in used)


def _list_of(value: object, known: Collection[str] | None, where: str, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [f"{where} must be a list of text in quotes"]
    if known is None:
        return []
    return [f"{where}: unknown {what} {item!r}; known: {', '.join(known)}" for item in value if item not in known]


def _table(value: object, key: str, where: str, check: Callable[[str, object, str], list[str]]) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: {key} must be a table ([{key}])"]
    known = _TABLE_KEYS[key]
    found = _unknown(value, known, where, f"{key}.")
    for name, item in value.items():
        if name in known:
            found += check(name, item, f"{where}: {key}.{name}")
    return found


def _text(name: str, value: object, where: str) -> list[str]:
    return [] if isinstance(value, str) else [f"{where} must be text in quotes"]


def _noun_table(name: str, value: object, where: str, extra: tuple[str, ...] = ()) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} must be a table with {' and '.join(NOUN)}"]
    known = (*NOUN, *extra)
    return _unknown(value, known, where, "") + [
        f"{where}.{key} must be text in quotes" for key in known if key in value and not isinstance(value[key], str)
    ]


def _currency(name: str, value: object, where: str) -> list[str]:
    return _noun_table(name, value, where, ("symbol",))


def _ordinal(name: str, value: object, where: str) -> list[str]:
    pair = isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
    if isinstance(value, str) or pair:
        return []
    return [f'{where} must be a suffix in quotes or a pair ["masculine", "feminine"]']


def _change(name: str, value: object, where: str) -> list[str]:
    if not isinstance(value, str):
        return [f"{where} must be text in quotes"]
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(value) if field is not None]
    except ValueError:
        fields = None
    wanted = [] if name == "flat" else [PLACEHOLDER]
    if fields != wanted:
        shown = f"{{{PLACEHOLDER}}} once" if wanted else "no {…} placeholder"
        return [f"{where} must hold {shown}; braces are for placeholders only"]
    return []


def _elision(name: str, value: object, where: str) -> list[str]:
    return _list_of(value, None, where, "word")


def _count_words(value: object, where: str) -> list[str]:
    """`count_words` maps whole numbers from 0 to 99, written "2", to the word for them ("deux")."""
    if not isinstance(value, dict):
        return [f"{where}: count_words must be a table ([count_words]) of numbers and their words"]
    found = []
    for number, word in value.items():
        if not (number.isascii() and number.isdigit() and len(number) <= 2 and str(int(number)) == number):
            found.append(f"{where}: count_words.{number}: the key must be a whole number from 0 to 99, "
                         'written without leading zero ("2")')
        if not isinstance(word, str) or not word.strip():
            found.append(f"{where}: count_words.{number} must be a word in quotes")
    return found


def _scale_problems(value: object, where: str) -> list[str]:
    if not isinstance(value, list):
        return [f"{where}: scales must be a list of [[scales]] tables"]
    found = []
    for index, scale in enumerate(value, start=1):
        at = f"{where}: scale {index}"
        if not isinstance(scale, dict):
            found.append(f"{at} must be a [[scales]] table")
            continue
        found += _unknown(scale, ("power", *NOUN), at, "")
        found += [
            f"{at}.{form} must be text in quotes" if form in scale else f"{at}.{form} is missing"
            for form in NOUN
            if not isinstance(scale.get(form), str)
        ]
        power = scale.get("power")
        if isinstance(power, bool) or not isinstance(power, int) or power < 1:
            found.append(f"{at}: power must be a whole number from 1 up (9 for a thousand million)")
    return found


_TABLE_CHECKS = {
    "qualifiers": _text,
    "currencies": _currency,
    "units": _noun_table,
    "ordinals": _ordinal,
    "changes": _change,
    "elision": _elision,
}
_TABLE_KEYS = {
    "qualifiers": QUALIFIERS,
    "currencies": tuple(sorted(CURRENCIES)),
    "units": WORDED_UNITS,
    "ordinals": ORDINAL_CATEGORIES,
    "changes": DIRECTIONS,
    "elision": ELISION,
}
