"""Running-text typography rules, named in each style.toml, and French elision."""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType

from briefgen.locale.glossary import Elision

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
APOSTROPHE = "\u2019"

# URLs are copied untouched: "?", ":" and "'" mean something there.
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"«»]+|www\.[^\s<>\"«»]+")

_SPACES = f"[ {NBSP}{NARROW_NBSP}]*"
# A mark that ends a clause: after a word (not after another mark, so "?!"
# gets one space) and before a space, the end, a closing sign or another
# mark. "10:30", "a:b" and "![image]" are left alone.
_AFTER_WORD = r"(?<=[^\s;:!?])"
_CLOSING = r"(?=$|[\s»)\]”’!?.…,;])"
_TIGHT_MARK = re.compile(f"{_AFTER_WORD}{_SPACES}([;!?]){_CLOSING}")
_COLON = re.compile(f"{_AFTER_WORD}{_SPACES}:(?=$|\\s)")
_OPENING_GUILLEMET = re.compile(f"«{_SPACES}")
_CLOSING_GUILLEMET = re.compile(f"{_SPACES}»")

# The rules a style.toml may name: (pattern, replacement) pairs applied in order.
RULES = MappingProxyType(
    {
        "apostrophe": ((re.compile("'"), APOSTROPHE),),
        "french_spacing": ((_TIGHT_MARK, NARROW_NBSP + r"\1"), (_COLON, NBSP + ":")),
        "french_guillemets": ((_OPENING_GUILLEMET, "«" + NBSP), (_CLOSING_GUILLEMET, NBSP + "»")),
    }
)


def typography(rules: tuple[str, ...], text: str) -> str:
    """`text` with the named running-text rules applied in order; URLs untouched.

    "french_spacing": U+202F before ; ! ?, U+00A0 before a clause-ending
    colon; "french_guillemets": U+00A0 inside « »; both replace any space
    already there. "apostrophe": straight apostrophe to ’. Straight double
    quotes are left as they are: whether one opens or closes cannot be told
    reliably (inch marks, unbalanced quotes in source titles), so quotations
    are written with the right marks in the templates instead.
    Applying the rules twice changes nothing.
    """
    for name in rules:
        for pattern, replacement in RULES[name]:
            urls = [url.span() for url in _URL.finditer(text)]
            text = pattern.sub(lambda m: m[0] if _in_url(m, urls) else m.expand(replacement), text)
    return text


def _in_url(match: re.Match, urls: list[tuple[int, int]]) -> bool:
    """Whether the match touches one of the URL spans."""
    return any(match.start() < end and match.end() > start for start, end in urls)


def _takes_elision(elision: Elision, word: str) -> bool:
    """Whether a French word starts with a vowel sound that makes "de", "le"... elide."""
    lowered = word.lower()
    if not lowered or lowered.startswith(elision.no_elision):
        return False
    first = unicodedata.normalize("NFD", lowered[0])[0]
    if first == "h":
        return not lowered.startswith(elision.aspirated_h)
    if first == "y":
        # "de yuans", "le yaourt"; but "d’Yvelines"
        return len(lowered) > 1 and unicodedata.normalize("NFD", lowered[1])[0] not in "aeiouy"
    return first in "aeiouœæ"


def elide(elision: Elision, word: str, next_word: str) -> str:
    """`word` followed by `next_word`, elided when `elision` lists it and the sound requires it.

    "de" + "euros" -> "d’euros", "la" + "hausse" -> "la hausse", "le" +
    "hectare" -> "l’hectare", "de" + "yuans" -> "de yuans". Case is kept
    ("De" -> "D’"). Without elision words the two are joined by a space.
    """
    if word.lower() in elision.eliding and _takes_elision(elision, next_word):
        return f"{word[:-1]}{APOSTROPHE}{next_word}"
    return f"{word} {next_word}"
