"""The shape of a language's house style: the prose words Babel lacks or gets wrong.

Babel supplies digits, plural rules, month and language names and most unit
names. What it cannot give is prose: "180 milliards de yuans" (its long compact
form says "1 milliards" and its currency names read "yuans renminbi chinois"),
house-style symbols ("US$"), qualifiers, change phrases and ordinal suffixes.
Those are read from each language's style.toml (see `style`) into a `Words`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Noun:
    """A noun's singular and plural forms (identical for invariable nouns)."""

    one: str
    other: str


@dataclass(frozen=True)
class Scale:
    """A scale word ("million", "milliard") and the power of ten it stands for."""

    exponent: int
    noun: Noun


@dataclass(frozen=True)
class Currency:
    """How a currency reads in prose.

    With a `symbol`, the symbol precedes the number and the noun is not
    written ("US$5.6 billion"); without one, the noun follows ("7 milliards
    de yuans").
    """

    noun: Noun
    symbol: str = ""


@dataclass(frozen=True)
class Elision:
    """Which words drop their final vowel before a vowel sound, and the words that block it.

    Empty in every language but French.
    """

    eliding: tuple[str, ...] = ()
    aspirated_h: tuple[str, ...] = ()  # prefixes of words whose h blocks elision ("hausse")
    no_elision: tuple[str, ...] = ()  # prefixes of vowel-initial words that block it ("onze")


@dataclass(frozen=True)
class Words:
    """Everything one language writes that Babel does not."""

    locale: str  # Babel locale identifier
    tag: str  # BCP 47 tag for document metadata
    space: str  # between a number and the word it counts
    link: str  # between a scale word and its noun ("de" in French, none in English)
    qualifiers: Mapping[str, str]
    scales: tuple[Scale, ...]  # largest first
    currencies: Mapping[str, Currency]
    units: Mapping[str, Noun]  # units of measure CLDR lacks (the Chinese mu)
    ordinal_suffixes: Mapping[str, tuple[str, str]]  # CLDR ordinal category -> (masculine, feminine)
    date_pattern: str
    first_day_pattern: str  # the first of the month ("1er novembre")
    changes: Mapping[str, str]  # direction -> phrase, "{percent}" for the magnitude
    typography: tuple[str, ...]  # names of the running-text rules, in order (see `typography.RULES`)
    elision: Elision
    count_words: Mapping[int, str]  # small counts written in words in running text (none: digits)
