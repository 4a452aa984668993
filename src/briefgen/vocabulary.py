"""The closed vocabularies every layer checks against: units, currencies, qualifiers, statuses and formats."""

from __future__ import annotations

import re
from types import MappingProxyType

CURRENCIES = frozenset({"CNY", "USD", "EUR"})
"""Currencies a value may be stored in; each language's house style names each one."""

BABEL_UNITS = MappingProxyType({"ha": "area-hectare", "m2": "area-square-meter", "tonne": "mass-tonne"})
"""Units of measure CLDR knows, with the Babel unit id their names and plurals come from."""

CONVERTIBLE = CURRENCIES | {"mu", *BABEL_UNITS}
"""Units a source may also give in another unit of the same kind (yuan in dollars, mu in hectares)."""

UNITS = frozenset({"count", "percent", "growth", "rank", "year", "date", *CONVERTIBLE})
"""Base units a value is stored in; `percent` holds 86.55 for 86.55 % (a share, 0 to 100), `growth` a change
in percent (50 for +50 %, -3 for a 3 % fall), `date` holds "1992-11"."""

QUALIFIERS = ("exact", "about", "nearly", "more_than", "at_least")
"""How the source words a figure: "over"/"exceeding"/"surpassed" are more_than, "nearly"/"almost" nearly."""

STATUSES = ("actual", "target")
"""`target` marks planned, expected or aimed-for figures; everything else is `actual`."""

FORMATS = ("docx", "pdf")
"""The formats a briefing is written in."""

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
"""A language code as settings, labels and folders name it: "fr", "de", "pt_BR"."""
