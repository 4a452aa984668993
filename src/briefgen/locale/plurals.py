"""Plural and ordinal forms chosen by CLDR rules (through Babel)."""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from babel import Locale


def plural(locale: Locale, shown: Decimal, one: str, other: str) -> str:
    """`one` or `other`, whichever form the number takes as displayed.

    The rule sees the displayed digits, so French "1,5 milliard" and "0 licorne"
    are singular while English "1.0 tonnes" is plural. CLDR's French "many"
    (exact millions: "1 000 000 de") takes the plural form.
    """
    return one if locale.plural_form(shown) == "one" else other


def ordinal_suffix(locale: Locale, suffixes: Mapping[str, tuple[str, str]], n: int, feminine: bool) -> str:
    """The suffix written after `n` as an ordinal ("er", "re", "e"; "st", "nd", "rd", "th")."""
    masculine_form, feminine_form = suffixes[locale.ordinal_form(n)]
    return feminine_form if feminine else masculine_form
