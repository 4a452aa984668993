"""Rises and falls: the direction and unsigned size of a percentage change."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

UP, DOWN, FLAT = "up", "down", "flat"


@dataclass(frozen=True)
class Change:
    """A percentage change split so that templates choose the verb.

    `direction` is "up", "down" or "flat", decided on the displayed value (a
    change that rounds to zero is flat); `magnitude` is the percentage,
    always unsigned ("3 %"), so a sentence never reads "en hausse de -3 %".
    """

    direction: str
    magnitude: str


def change(shown: Decimal, percent: Callable[[Decimal], str]) -> Change:
    """The change for a displayed (already rounded) percentage; `percent` writes its magnitude."""
    direction = FLAT if shown.is_zero() else DOWN if shown < 0 else UP
    return Change(direction, percent(shown.copy_abs()))
