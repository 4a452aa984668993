"""Exact decimals, half-up rounding and Babel number formatting, with no global locale."""

from __future__ import annotations

import copy
import decimal
import math
from decimal import Decimal
from functools import lru_cache
from babel import Locale
from babel.numbers import NumberPattern

Number = int | float | Decimal

# Babel quantizes in the thread's decimal context (28 digits by default), which
# fails or rounds on large or long values; every step here gets a context wide
# enough for the value at hand.
_MIN_PRECISION = 28


def wide_context(value: Decimal, decimals: int = 0) -> decimal.Context:
    """A half-up decimal context with room for every digit of `value` shown with `decimals`."""
    digits = len(value.as_tuple().digits)
    needed = max(digits, value.adjusted() + 1 + decimals) + 2
    return decimal.Context(prec=max(_MIN_PRECISION, needed), rounding=decimal.ROUND_HALF_UP)


def to_decimal(value: Number) -> Decimal:
    """`value` as a Decimal carrying exactly the decimals it was stored with.

    A float keeps the digits of its shortest representation without trailing
    zeros (2.0 -> 2, 86.55 -> 86.55, 180e9 -> 180000000000); a Decimal keeps
    its own exponent (Decimal("86.50") has two decimals); an int has none.
    Raises TypeError for anything else (bool included) and ValueError for
    NaN and infinities.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} as a number")
        result = Decimal(repr(value))
        return result.normalize(wide_context(result)) if result == result.to_integral_value() else result
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"cannot write {value!r} as a number")
    return result


def decimals_of(value: Decimal) -> int:
    """How many digits `value` has after the decimal point (0 for integers)."""
    return max(0, -value.as_tuple().exponent)


def trimmed(value: Decimal) -> Decimal:
    """`value` without trailing zeros after the decimal point (25.3300 -> 25.33)."""
    return value.normalize(wide_context(value))


MAX_DECIMALS = 20  # more than any source prints; a template asking for a million is refused, not obeyed


def rounded(value: Decimal, decimals: int | None = None) -> Decimal:
    """`value` as displayed: rounded half-up to `decimals`, or to its own decimals when None.

    Babel rounds half-to-even (2.5 -> 2); writers expect half-up (2.5 -> 3),
    so quantizing happens here first. A result of zero is never negative.
    """
    if decimals is None:
        decimals = decimals_of(value)
    elif not 0 <= decimals <= MAX_DECIMALS:
        raise ValueError(f"decimals must be from 0 to {MAX_DECIMALS}, got {decimals}")
    result = value.quantize(Decimal(1).scaleb(-decimals), context=wide_context(value, decimals))
    return result.copy_abs() if result.is_zero() else result


@lru_cache(maxsize=None)
def number_pattern(locale_id: str, decimals: int) -> NumberPattern:
    """The locale's decimal pattern showing exactly `decimals` fraction digits (cached)."""
    pattern = copy.copy(Locale.parse(locale_id).decimal_formats[None])
    pattern.frac_prec = (decimals, decimals)
    return pattern


def format_number(value: Decimal, locale: Locale) -> str:
    """`value` with the locale's grouping and decimal mark, showing exactly its own decimals.

    French groups with U+202F and writes a decimal comma; English groups with
    a comma. CLDR groups four-digit numbers too ("2 000", "2,000"), unlike
    some French style guides; Babel's behaviour is kept so that figures line
    up the same in tables and prose. Years must not come through here.
    """
    decimals = decimals_of(value)
    with decimal.localcontext(wide_context(value, decimals)):
        return number_pattern(str(locale), decimals).apply(value, locale)
