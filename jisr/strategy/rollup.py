"""Which actual counts for a territory, and the traffic light: pure functions, no database.

An actual is *entered* (a person typed or imported it), *computed* (a provider counted Jisr's records)
or *rolled up* (worked out from the territory's parts as the indicator says: their sum, or their mean
weighted by population). An entered value wins over a computed one, and either over the roll-up,
so a value a person checked is never hidden by a figure worked out from partial records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

ENTERED = "entered"
COMPUTED = "computed"
ROLLED_UP = "rolled_up"

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"

Cell = tuple[str, str]  # (level, code)


@dataclass(frozen=True)
class Resolved:
    value: float
    origin: str  # ENTERED, COMPUTED or ROLLED_UP


def resolve(
    cell: Cell,
    year: int,
    stored: Mapping[tuple[str, str, int, str], float],
    parts: Mapping[Cell, list[Cell]],
    aggregation: str,
    weights: Mapping[Cell, float],
) -> Resolved | None:
    """The actual of `cell` in `year`: entered, else computed, else the roll-up of its parts (all needed).

    `stored` maps (level, code, year, origin) to a value; `parts` a territory to its parts (the nation to
    its regions, a region to its provinces). A roll-up needs every part's value: the sum of eleven
    regions out of twelve would read as a fall. A weighted mean needs every part's weight too.
    """
    level, code = cell
    for origin in (ENTERED, COMPUTED):
        value = stored.get((level, code, year, origin))
        if value is not None:
            return Resolved(value, origin)
    children = parts.get(cell, [])
    if aggregation == "none" or not children:
        return None
    found = [(child, resolve(child, year, stored, parts, aggregation, weights)) for child in children]
    if any(value is None for _child, value in found):
        return None
    if aggregation == "sum":
        return Resolved(sum(value.value for _child, value in found if value is not None), ROLLED_UP)
    if any(weights.get(child) is None for child in children):
        return None
    total = sum(weights[child] for child in children)
    if total <= 0:
        return None
    mean = sum(value.value * weights[child] for child, value in found if value is not None) / total
    return Resolved(mean, ROLLED_UP)


def light(actual: float | None, target: float | None, *, direction: str, on_track: Decimal | float,
          at_risk: Decimal | float) -> str | None:  # fmt: skip
    """On track, at risk or off track: how far the actual falls short of the target, in % of the target.

    Up is good: a shortfall is the actual below the target; down is good: the actual above it. Within
    `on_track` % (or better than the target) is on track, within `at_risk` % at risk, beyond off track.
    None without an actual or a target.
    """
    if actual is None or target is None:
        return None
    gap = (target - actual) if direction == "up" else (actual - target)
    if gap <= 0:
        return ON_TRACK
    if target == 0:
        return OFF_TRACK
    shortfall = gap / abs(target) * 100
    if shortfall <= float(on_track):
        return ON_TRACK
    if shortfall <= float(at_risk):
        return AT_RISK
    return OFF_TRACK
