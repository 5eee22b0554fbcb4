"""Class breaks of a choropleth, by `mapclassify` (PySAL): quantiles, equal intervals, natural breaks
(Fisher-Jenks, exact up to 200 values, sampled beyond) and fixed thresholds.

Territories without a value (no data, or a count hidden from the reader) fall in a separate
"no data" class: they are never coloured as if they had one.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

SCHEMES = {"quantiles": _("Quantiles"), "equal": _("Equal intervals"), "jenks": _("Natural breaks (Jenks)"),
           "fixed": _("Fixed thresholds")}  # fmt: skip
EXACT_JENKS_UP_TO = 200
# Colour-blind-safe sequential palette (ColorBrewer YlGnBu, 3 to 7 classes) and the no-data grey.
PALETTES = {
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class Bin:
    lower: float
    upper: float
    colour: str
    count: int


@dataclass(frozen=True)
class Classes:
    scheme: str
    bins: list[Bin]
    of_value: list[int | None]  # the class of each value, None for no data
    no_data: int

    def colour(self, index: int | None) -> str:
        return NO_DATA if index is None else self.bins[index].colour


def classify(values: list[float | None], scheme: str = "quantiles", k: int = 5,
             thresholds: list[float] | None = None) -> Classes:  # fmt: skip
    """The classes of `values` (None: no data) by `scheme`, with k classes (3 to 7)."""
    import mapclassify

    k = min(max(k, 3), 7)
    known = np.array([v for v in values if v is not None], dtype=float)
    no_data = sum(1 for v in values if v is None)
    if known.size == 0:
        return Classes(scheme, [], [None] * len(values), no_data)
    distinct = np.unique(known).size
    classes = min(k, distinct)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "not enough unique values", "numba not installed"
        if distinct < 2:
            upper = [float(known.max())]
        elif scheme == "fixed" and thresholds:
            upper = [float(b) for b in mapclassify.UserDefined(known, bins=sorted(thresholds)).bins]
        elif scheme == "equal":
            upper = [float(b) for b in mapclassify.EqualInterval(known, k=classes).bins]
        elif scheme == "jenks":
            jenks = mapclassify.FisherJenks if known.size <= EXACT_JENKS_UP_TO else mapclassify.FisherJenksSampled
            upper = [float(b) for b in jenks(known, k=classes).bins]
        else:
            upper = [float(b) for b in mapclassify.Quantiles(known, k=classes).bins]
    upper = sorted(set(upper))
    palette = PALETTES[max(3, len(upper))][-len(upper) :] if len(upper) >= 1 else []
    of_value: list[int | None] = []
    for v in values:
        of_value.append(None if v is None else next((i for i, b in enumerate(upper) if v <= b), len(upper) - 1))
    counts = [sum(1 for c in of_value if c == i) for i in range(len(upper))]
    # The first class starts at the smallest value, or at its own bound when fixed thresholds all lie below it.
    lower = [min(float(known.min()), upper[0]), *upper[:-1]]
    bins = [Bin(lower[i], upper[i], palette[i], counts[i]) for i in range(len(upper))]
    return Classes(scheme, bins, of_value, no_data)
