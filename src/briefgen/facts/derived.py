"""Figures computed from stored facts, never typed in: growth, change, implied values and implied rates.

A computed figure carries a qualifier that stays true to its inputs. Each
qualifier says where the true value lies against the stated one: `exact` and
`about` on it, `more_than`/`at_least` above, `nearly` just below. A result that
grows with an input inherits that input's direction; one that shrinks as an
input grows inherits the opposite. Directions that pull both ways, or a bound
mixed with an approximation, leave no honest qualifier: the figure is then
not given (None) rather than given wrongly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Iterable

from briefgen.errors import FactsError
from briefgen.facts.model import Conversion, Observation, RateTable, Source

if TYPE_CHECKING:
    from briefgen.facts.store import FactStore

_DIRECTION = {"exact": 0, "about": 0, "nearly": -1, "more_than": 1, "at_least": 1}
_NOT_QUANTITIES = ("year", "date")

# Value units per converted unit, by law: 1 mu is 1/15 ha, 1 ha is 10,000 m².
FIXED_FACTORS = {("mu", "ha"): 15.0, ("ha", "mu"): 1 / 15, ("m2", "ha"): 10_000.0, ("ha", "m2"): 1e-4}


@dataclass(frozen=True)
class Derived:
    """A computed figure: value, unit, qualifier, the period it covers and the observations it comes from.

    `method` names the computation ("growth", "change", "implied_previous");
    `status` is "target" when any input is a target.
    """

    value: float
    unit: str
    qualifier: str
    period: str
    method: str
    inputs: tuple[Observation, ...]

    @property
    def status(self) -> str:
        return "target" if any(o.status == "target" for o in self.inputs) else "actual"


def combine_qualifiers(rising: Iterable[str], falling: Iterable[str]) -> str | None:
    """The qualifier of a result that grows with the `rising` inputs and shrinks as the `falling` ones grow.

    None when no qualifier would be true (see the module's note).
    """
    effects = [(q, _DIRECTION[q], "rising") for q in rising] + [(q, -_DIRECTION[q], "falling") for q in falling]
    ups = [(q, side) for q, d, side in effects if d > 0]
    downs = [(q, side) for q, d, side in effects if d < 0]
    approximate = any(q == "about" for q, _, _ in effects)
    if ups and downs:
        return None
    if not ups and not downs:
        return "about" if approximate else "exact"
    if approximate:
        return None
    if ups:
        return "at_least" if all(q == "at_least" for q, _ in ups) else "more_than"
    # Below the stated figure: only "nearly" on a rising input keeps it close; a
    # lower bound on a falling input says "less than", which no qualifier states.
    return "nearly" if all(q == "nearly" and side == "rising" for q, side in downs) else None


def _pick(store: FactStore, fact_id: str, period: str | None, default: int) -> Observation:
    series = store.series(fact_id)
    if period is None:
        return series[default]
    for observation in series:
        if observation.period == period:
            return observation
    raise FactsError(f"fact {fact_id} has no observation for {period} (it has: {', '.join(o.period for o in series)})")


def _pair(store: FactStore, fact_id: str, start: str | None, end: str | None) -> tuple[Observation, Observation] | None:
    fact = store.fact(fact_id)
    if fact.unit in _NOT_QUANTITIES:
        raise FactsError(f"fact {fact_id} is a {fact.unit}, not a quantity that can grow")
    if len(store.series(fact_id)) < 2:
        return None
    return _pick(store, fact_id, start, 0), _pick(store, fact_id, end, -1)


def growth(store: FactStore, fact_id: str, start: str | None = None, end: str | None = None) -> Derived | None:
    """Relative change in percent from the `start` to the `end` observation (default: first and latest visible).

    None when fewer than two observations are visible, or when their
    qualifiers allow no honest figure. A FactsError names an unknown period.
    """
    pair = _pair(store, fact_id, start, end)
    if pair is None:
        return None
    first, last = pair
    if store.fact(fact_id).unit == "rank":
        raise FactsError(f"fact {fact_id} is a rank: use change(), a growth in percent of a rank means nothing")
    qualifier = combine_qualifiers([last.qualifier], [first.qualifier])
    if qualifier is None or first.value == 0:
        return None
    value = (last.value / first.value - 1) * 100
    return Derived(value, "growth", qualifier, f"{first.period}/{last.period}", "growth", (first, last))


def change(store: FactStore, fact_id: str, start: str | None = None, end: str | None = None) -> Derived | None:
    """Difference `end - start` between two observations (default: first and latest visible).

    The unit is the fact's, except that a change of a percent is in "points"
    (percentage points); for a rank, a negative change is a climb. None as for
    `growth`.
    """
    pair = _pair(store, fact_id, start, end)
    if pair is None:
        return None
    first, last = pair
    qualifier = combine_qualifiers([last.qualifier], [first.qualifier])
    if qualifier is None:
        return None
    unit = "points" if first.unit == "percent" else first.unit
    return Derived(last.value - first.value, unit, qualifier, f"{first.period}/{last.period}", "change", (first, last))


def _year_before(period: str) -> str:
    if not re.fullmatch(r"\d{4}(-\d{2})?", period):
        raise FactsError(f"period {period} is not a year or month, so the period a year before it is unknown")
    return f"{int(period[:4]) - 1:04d}{period[4:]}"


def implied_previous(store: FactStore, value_id: str, growth_id: str) -> Derived | None:
    """The value a year before the latest observation of `value_id`, implied by the growth in `growth_id`.

    Both latest observations must be for the same period (a FactsError says
    otherwise). None when either has nothing visible or when no honest
    qualifier exists: "more than 18 billion, up 50 %" implies "more than 12 billion".
    """
    current, rate = store.latest(value_id), store.latest(growth_id)
    if current is None or rate is None:
        return None
    if store.fact(growth_id).unit != "growth":
        raise FactsError(f"fact {growth_id} is not a growth in percent")
    if current.period != rate.period:
        raise FactsError(f"facts {value_id} ({current.period}) and {growth_id} ({rate.period}) are for different periods")
    qualifier = combine_qualifiers([current.qualifier], [rate.qualifier])
    if qualifier is None:
        return None
    value = current.value / (1 + rate.value / 100)
    return Derived(value, current.unit, qualifier, _year_before(current.period), "implied_previous", (current, rate))


@dataclass(frozen=True)
class ConversionCheck:
    """How a source's own conversion compares with the reference.

    `implied` is the rate the two figures imply (CNY per USD, mu per ha);
    `reference` describes what it was compared with; `problem` is None when
    the two agree.
    """

    implied: float
    ratio_unit: str
    reference: str
    problem: str | None


def _half_last_place(value: float) -> float:
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** min(exponent, 0)


STALE_RATE_DAYS = 31
"""A reference rate older than this before a source says little of the rate the source used."""


def check_conversion(
    value: int | float, unit: str, converted: Conversion, source: Source, rates: RateTable | None
) -> ConversionCheck:
    """Compare the rate implied by `value` in `unit` and the source's `converted` figure with the reference.

    Fixed units use their legal factor, allowing for the rounding of the
    converted figure. Currencies use the reference rates in effect while the
    source was being published (from `published_from` to `published`), widened
    by the table's tolerance: a journalist's rate of the day lies within it.
    """
    pair = (unit, converted.unit)
    implied = value / converted.value
    ratio_unit = f"{unit} per {converted.unit}"
    if pair in FIXED_FACTORS:
        factor = FIXED_FACTORS[pair]
        agrees = abs(value / factor - converted.value) <= _half_last_place(converted.value) + 1e-9
        reference = f"{factor:g} by definition"
        problem = None if agrees else f"{converted.value} {converted.unit} implies {implied:.4g} {ratio_unit}, not {reference}"
        return ConversionCheck(implied, ratio_unit, reference, problem)
    if rates is None or {rates.currency, rates.per} != set(pair):
        return ConversionCheck(implied, ratio_unit, "none", f"no reference rates for {ratio_unit}")
    if pair != (rates.currency, rates.per):
        implied, ratio_unit = 1 / implied, f"{rates.currency} per {rates.per}"
    points = rates.in_effect(source.published_from, source.published)
    if not points:
        problem = f"no reference {ratio_unit} rate on or before {source.published.isoformat()}"
        return ConversionCheck(implied, ratio_unit, "none", problem)
    low = min(p.value for p in points) * (1 - rates.tolerance)
    high = max(p.value for p in points) * (1 + rates.tolerance)
    listed = ", ".join(f"{p.value:g} on {p.date.isoformat()}" for p in points)
    reference = f"{listed}; ± {rates.tolerance:.0%}"
    problem = None
    if not low <= implied <= high:
        problem = f"{converted.value} {converted.unit} implies {implied:.4f} {ratio_unit}, outside {low:.4f}–{high:.4f} ({reference})"
        newest = max(p.date for p in points)
        if (source.published_from - newest).days > STALE_RATE_DAYS:
            problem += (f"; the newest reference rate is {(source.published_from - newest).days} days older than the "
                        f"source: add the rate of {source.published_from.isoformat()} to rates.yaml")
    return ConversionCheck(implied, ratio_unit, reference, problem)


def conversion_checks(store: FactStore) -> tuple[tuple[Observation, ConversionCheck], ...]:
    """Each visible observation that carries the source's own conversion, with its check."""
    return tuple(
        (o, check_conversion(o.value, o.unit, o.converted, store.sources[o.source_id], store.rates))
        for fact_id in store.fact_ids()
        for o in store.series(fact_id)
        if o.converted is not None
    )
