"""The prose words Babel lacks or gets wrong, per briefing language.

Babel supplies digits, plural rules, month and language names and most unit
names. What it cannot give is prose: "180 milliards de yuans" (its long compact
form says "1 milliards" and its currency names read "yuans renminbi chinois"),
house-style symbols ("US$"), qualifiers, change phrases and ordinal suffixes.
Those live here, one `Words` per language, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
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
class Words:
    """Everything one language writes that Babel does not."""

    locale: str  # Babel locale identifier
    tag: str  # BCP 47 tag for document metadata
    space: str  # between a number and the word it counts
    link: str  # between a scale word and its noun ("de" in French, none in English)
    qualifiers: Mapping[str, str]
    scales: tuple[Scale, ...]  # largest first
    currencies: Mapping[str, Currency]
    mu: Noun  # the Chinese land unit, absent from CLDR
    ordinal_suffixes: Mapping[str, tuple[str, str]]  # CLDR ordinal category -> (masculine, feminine)
    date_pattern: str
    first_day_pattern: str  # the first of the month ("1er novembre")
    changes: Mapping[str, str]  # direction -> phrase, "{}" for the magnitude


QUALIFIERS = ("exact", "about", "nearly", "more_than", "at_least")

CURRENCIES = ("CNY", "USD", "EUR")

BABEL_UNITS = MappingProxyType({"ha": "area-hectare", "m2": "area-square-meter", "tonne": "mass-tonne"})

FRENCH = Words(
    locale="fr_FR",
    tag="fr-FR",
    space="\u00a0",
    link="de",
    qualifiers=MappingProxyType(
        {"exact": "", "about": "environ", "nearly": "près de", "more_than": "plus de", "at_least": "au moins"}
    ),
    # "billion" (10^12) is avoided: readers take it for the English billion.
    scales=(Scale(9, Noun("milliard", "milliards")), Scale(6, Noun("million", "millions"))),
    currencies=MappingProxyType(
        {
            "CNY": Currency(Noun("yuan", "yuans")),
            "USD": Currency(Noun("dollar", "dollars")),
            "EUR": Currency(Noun("euro", "euros")),
        }
    ),
    mu=Noun("mu", "mu"),
    ordinal_suffixes=MappingProxyType({"one": ("er", "re"), "other": ("e", "e")}),
    date_pattern="d MMMM y",
    first_day_pattern="'1er' MMMM y",
    changes=MappingProxyType({"up": "en hausse de {}", "down": "en baisse de {}", "flat": "stable"}),
)

ENGLISH = Words(
    locale="en_GB",
    tag="en-GB",
    space=" ",
    link="",
    qualifiers=MappingProxyType(
        {"exact": "", "about": "about", "nearly": "nearly", "more_than": "more than", "at_least": "at least"}
    ),
    scales=(
        Scale(12, Noun("trillion", "trillion")),
        Scale(9, Noun("billion", "billion")),
        Scale(6, Noun("million", "million")),
    ),
    currencies=MappingProxyType(
        {
            "CNY": Currency(Noun("yuan", "yuan")),
            "USD": Currency(Noun("dollar", "dollars"), symbol="US$"),
            "EUR": Currency(Noun("euro", "euros"), symbol="€"),
        }
    ),
    mu=Noun("mu", "mu"),
    ordinal_suffixes=MappingProxyType(
        {"one": ("st", "st"), "two": ("nd", "nd"), "few": ("rd", "rd"), "other": ("th", "th")}
    ),
    date_pattern="d MMMM y",
    first_day_pattern="d MMMM y",
    changes=MappingProxyType({"up": "up {}", "down": "down {}", "flat": "unchanged"}),
)

WORDS = MappingProxyType({"fr": FRENCH, "en": ENGLISH})

# French words whose initial h is aspirated, so nothing elides before them
# ("de hausse", "le hangar"); matched as prefixes of the lower-cased word.
ASPIRATED_H = (
    "hache", "haie", "haine", "hall", "halte", "hambourg", "hameau", "hanche", "handicap", "hangar",
    "hareng", "haricot", "harpe", "hasard", "hâte", "hausse", "haut", "hérisson", "héros", "hêtre",
    "hibou", "hiérarchi", "hockey", "hollan", "homard", "hong", "honte", "hors", "hurl",
)

# French words that begin with a vowel yet take no elision ("le onze", "de oui").
NO_ELISION = ("onze", "onzième", "oui")

# French words that elide their final vowel before a vowel or a mute h.
ELIDING = ("de", "le", "la", "que", "ne", "se", "je", "me", "te")
