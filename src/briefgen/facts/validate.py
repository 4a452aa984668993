"""Checks shared by the record readers: a value fits its unit, a source exists, a quote is verbatim."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from briefgen.facts.dates import parse_partial_date
from briefgen.facts.model import Quote, RateTable, Source
from briefgen.facts.record import Record, is_number, shown
from briefgen.facts.sources import TEXTS_FOLDER, article_of, normalise_space
from briefgen.facts.yamlfile import Located

_SHOWN_QUOTE = 70

# No figure a briefing states comes near 10^15 in its base unit (China's GDP is
# about 1.3 × 10^14 yuan), nor gives more than 6 decimals: beyond these, a
# value is a typo, and its digits could not be printed in a table cell.
FIGURE_LIMIT = 10**15
FIGURE_DECIMALS = 6


def number_problem(value: object) -> str | None:
    """Why `value` cannot be printed as a figure (not a finite number, too large, too many decimals), or None."""
    if not is_number(value):
        return f"{shown(value)} is not a number"
    if abs(value) >= FIGURE_LIMIT:
        return f"{shown(value)} is larger than any figure a briefing states (the limit is 10^15)"
    if isinstance(value, float) and Decimal(repr(value)).as_tuple().exponent < -FIGURE_DECIMALS:
        return f"{shown(value)} has more than {FIGURE_DECIMALS} decimals"
    return None


def value_problem(unit: str, value: object) -> str | None:
    """Why `value` cannot be a figure in `unit`, or None when it can."""
    if unit == "date":
        parsed = parse_partial_date(value)
        if parsed is None or "/" in parsed.text:
            return f"{shown(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        return None
    problem = number_problem(value)
    if problem is not None:
        return problem
    if unit == "growth" and value < -100:
        return f"{shown(value)} is a fall of more than 100 %"
    if unit == "percent" and not 0 <= value <= 100:
        return f"{shown(value)} is outside 0–100 for a percent"
    if unit in ("count", "rank", "year") and not (isinstance(value, int) or float(value).is_integer()):
        return f"{shown(value)} is not a whole number for a {unit}"
    if unit == "rank" and value < 1:
        return f"{shown(value)} is not a rank (1 is first)"
    if unit == "year" and not 1000 <= value <= 2999:
        return f"{shown(value)} is not a year"
    if value < 0 and unit != "growth":
        return f"{shown(value)} is negative"
    return None


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN_QUOTE else text[: _SHOWN_QUOTE - 1] + "…"


def _longest_found_prefix(quote: str, text: str) -> str:
    """The longest start of `quote` found in `text`: where a near-verbatim quote goes wrong."""
    low, high = 0, len(quote)  # a prefix found implies all shorter ones are found
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return quote[:low]


@dataclass(frozen=True)
class Known:
    """What records are checked against: the sources, their texts and the reference rates (None if absent).

    `unusable` holds ids of sources that are declared but wrong, already
    reported: citing one is not reported again. `entities` are the ids a
    fact's entity may take (the names declared in names.yaml); `languages`
    are the languages every label and name must be given in (None: any, at
    least one).
    """

    sources: Mapping[str, Source]
    texts: Mapping[str, str]
    rates: RateTable | None
    unusable: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    languages: tuple[str, ...] | None = None

    def source(self, record: Record, field: str) -> Source | None:
        """The source named by `field`; None when it is missing, unknown (both a problem) or unusable."""
        source_id = record.text(field)
        if source_id is None:
            return None
        source = self.sources.get(source_id)
        if source is None and source_id not in self.unusable:
            known = ", ".join(sorted(self.sources)) or "none"
            record.problem(field, f"{shown(source_id)} is not a known source (known: {known})")
        return source

    def cited(self, source: Source, quote: str | None) -> str:
        """The id a quote of `source` is cited by: the article that holds it, when the source has several."""
        return article_of(source, self.texts.get(source.id), quote or "")

    def quote(self, record: Record, field: str, source: Source | None) -> str | None:
        """The quote in `field`, with a problem when it is missing or not verbatim in `source`.

        Whitespace is normalised on both sides (line breaks and no-break spaces
        count as one space); nothing else is forgiven, not even typographic
        apostrophes. A source without a readable text is reported on its own,
        so its quotes are not checked again.
        """
        quote = record.text(field)
        if quote is None or source is None or source.id not in self.texts:
            return quote
        wanted, text = normalise_space(quote), self.texts[source.id]
        if wanted not in text:
            found = _longest_found_prefix(wanted, text)
            where = f"it departs from the source after {shown(found[-40:])}" if found else "not even its first word is found"
            record.problem(field, f"{shown(_shorten(quote))} is not in source {source.id} ({TEXTS_FOLDER}/{source.file}): {where}")
        return quote

    def also(self, record: Record) -> tuple[Quote, ...]:
        """The further quotes under `also` (each a source and a quote), every one checked like the main quote."""
        quotes = []
        for index, item in enumerate(record.items("also", required=False)):
            if not isinstance(item, Located):
                record.problem("also", f"each entry is a mapping with source and quote, not {shown(item)}")
                continue
            nested = record.nested(f"also[{index}]", item, ("source", "quote"))
            source = self.source(nested, "source")
            quote = self.quote(nested, "quote", source)
            if source is not None and quote is not None:
                quotes.append(Quote(source.id, quote))
        return tuple(quotes)
