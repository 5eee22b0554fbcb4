"""What the map page shows for one view (a territory, an indicator, a year, a sex, a classification):
its children's values and classes, the area's own figures with the national and regional comparison,
and an optional second indicator for the bivariate "need vs supply" view. Reads stored values only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from jisr.core import maplayers, scope
from jisr.socialmap import selectors
from jisr.socialmap.classes import SCHEMES, Classes, classify
from jisr.socialmap.models import Indicator
from jisr.socialmap.selectors import Place, ValueRow

DEFAULT_INDICATOR = "disability_prevalence"
BOUNDARIES = {"region": "regions", "province": "provinces", "commune": "communes"}
# Bivariate 3×3 palette (Joshua Stevens' blue–red, readable with the common colour-vision deficiencies):
# row = class of the first indicator (need), column = class of the second (supply).
BIVARIATE = [["#e8e8e8", "#b0d5df", "#64acbe"], ["#e4acac", "#ad9ea5", "#627f8c"], ["#c85a5a", "#985356", "#574249"]]


@dataclass(frozen=True)
class Params:
    indicator: str = DEFAULT_INDICATOR
    level: str = "nation"
    code: str = ""
    year: int | None = None
    sex: str = "all"
    scheme: str = "quantiles"
    k: int = 5
    thresholds: tuple[float, ...] = ()
    versus: str = ""
    sort: str = ""
    markers: bool = False

    @classmethod
    def parse(cls, query: Any) -> Params:
        def number(text: str | None) -> int | None:
            return int(text) if text and text.isdigit() else None

        thresholds: list[float] = []
        for part in (query.get("thresholds") or "").replace(";", " ").split():
            try:
                thresholds.append(float(part.replace(",", ".")))
            except ValueError:
                continue
        return cls(indicator=query.get("indicator") or DEFAULT_INDICATOR, level=query.get("level") or "",
                   code=query.get("code") or "", year=number(query.get("year")),
                   sex=query.get("sex") if query.get("sex") in ("all", "male", "female") else "all",
                   scheme=query.get("scheme") if query.get("scheme") in SCHEMES else "quantiles",
                   k=min(max(number(query.get("k")) or 5, 3), 7), thresholds=tuple(thresholds[:6]),
                   versus=query.get("versus") or "", sort=query.get("sort") or "",
                   markers=query.get("markers") == "1")  # fmt: skip


@dataclass
class Line:
    row: ValueRow
    colour: str
    klass: int | None
    versus: ValueRow | None = None
    drill_url: str = ""


# The bars of the years in the side panel: the earlier year lighter, the latest darker (both ≥ 3:1 on white).
YEAR_COLOURS = ["#3182bd", "#08306b"]


@dataclass(frozen=True)
class Bar:
    year: int
    value: float | None
    share: float  # % of the longest bar of the chart
    colour: str


@dataclass(frozen=True)
class YearsOf:
    """One territory's bars in the chart over the years."""

    row: ValueRow
    bars: list[Bar]


def years_chart(own: list[ValueRow], years: list[int]) -> list[YearsOf]:
    """The side panel's bars: each territory's value in each year, oldest first, scaled to the largest value.

    Empty unless a second year exists with a value somewhere (a census indicator of 2014 and 2024), or if a
    value is negative (a gap: bars from zero would mislead)."""
    ordered = sorted(years)
    if len(ordered) < 2:
        return []
    shown = [value for row in own for value in row.by_year.values() if value is not None]
    if min(shown, default=-1) < 0 or not any(sum(row.by_year.get(y) is not None for y in ordered) >= 2 for row in own):
        return []
    top = max(shown) or 1.0
    colours = {year: YEAR_COLOURS[min(index, 1)] for index, year in enumerate(ordered[-2:])}
    return [YearsOf(row, [Bar(year, row.by_year.get(year), round((row.by_year.get(year) or 0) / top * 100, 1),
                              colours.get(year, YEAR_COLOURS[0])) for year in ordered])  # fmt: skip
            for row in own]  # fmt: skip


@dataclass
class MapView:
    place: Place
    params: Params
    indicator: Indicator
    catalogue: list[Indicator]
    years: list[int]
    year: int | None
    sexes: list[str]
    lines: list[Line]
    classes: Classes
    own: list[ValueRow]  # the place and its ancestors (comparison), self last
    versus: Indicator | None = None
    versus_classes: Classes | None = None
    boundaries: str = ""
    sees_counts: bool = True
    bivariate: list[list[str]] = field(default_factory=lambda: BIVARIATE)
    points: list[maplayers.Point] = field(default_factory=list)

    @property
    def child_level(self) -> str | None:
        return self.place.child_level

    @property
    def years_chart(self) -> list[YearsOf]:
        return years_chart(self.own, self.years)

    def map_data(self) -> dict[str, Any]:
        """What the map script draws: the colour, label and link of each child territory."""
        return {
            "boundaries": self.boundaries,
            "parent": "" if self.place.level == "nation" else self.place.code,  # a commune: its own outline
            "level": self.child_level or "",
            "bivariate": self.versus is not None,
            "areas": {
                line.row.place.code: {"colour": line.colour, "name": line.row.place.name, "url": line.drill_url}
                for line in self.lines
            },  # fmt: skip
            # at the nation, centers are clustered by region (a count at their mean position)
            "cluster": self.place.level == "nation",
            "points": [
                [p.latitude, p.longitude, p.name, p.kind, p.status, p.status_label, p.url, p.region]
                for p in self.points
            ],  # fmt: skip
        }


def _url(params: Params, **changes: Any) -> str:
    values = {"indicator": params.indicator, "level": params.level, "code": params.code,
              "year": params.year or "", "sex": params.sex, "scheme": params.scheme, "k": params.k,
              "versus": params.versus, "markers": "1" if params.markers else "", **changes}  # fmt: skip
    from urllib.parse import urlencode

    return reverse("socialmap:map") + "?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})


def map_view(user: Any, params: Params) -> MapView:
    """The view the user asked for, within what they may see (404 otherwise)."""
    place = (selectors.visible_place(user, params.level, params.code) if params.level
             else selectors.home_place(user))  # fmt: skip
    params = Params(**{**params.__dict__, "level": place.level, "code": place.code})
    catalogue = selectors.catalogue()
    indicator = next((i for i in catalogue if i.key == params.indicator), None) or selectors.indicator_get(
        DEFAULT_INDICATOR
    )
    years = selectors.years_of(indicator)
    year = params.year if params.year in years else (years[0] if years else None)
    sexes = selectors.sexes_of(indicator)
    sex = params.sex if params.sex in sexes else "all"
    kids = selectors.children(place)
    rows = selectors.values(user, indicator, kids, year=year, sex=sex)
    own = selectors.values(user, indicator, place.lineage, year=year, sex=sex)
    classes = classify([r.value for r in rows], params.scheme, params.k, list(params.thresholds))
    versus = next((i for i in catalogue if i.key == params.versus and i.key != indicator.key), None)
    versus_rows: list[ValueRow | None] = [None] * len(rows)
    versus_classes = None
    if versus is not None:
        found = selectors.values(user, versus, kids)
        versus_rows = list(found)
        versus_classes = classify([r.value for r in found], "quantiles", 3)
        classes = classify([r.value for r in rows], "quantiles", 3)
    lines = []
    for index, row in enumerate(rows):
        klass = classes.of_value[index]
        colour = classes.colour(klass)
        if versus_classes is not None:
            other = versus_classes.of_value[index]
            colour = BIVARIATE[klass][other] if klass is not None and other is not None else classes.colour(None)
        drill = "" if row.place.level == "commune" else _url(params, level=row.place.level, code=row.place.code)
        lines.append(Line(row, colour, klass, versus_rows[index], drill))
    if params.sort in ("value", "-value"):
        lines.sort(key=lambda line: (line.row.value is None, line.row.value or 0), reverse=params.sort == "-value")
    elif params.sort == "name":
        lines.sort(key=lambda line: line.row.place.name)
    sees = scope.user_scope(user).sees_personal_data
    return MapView(place=place, params=Params(**{**params.__dict__, "year": year, "sex": sex}), indicator=indicator,
                   catalogue=catalogue, years=years, year=year, sexes=sexes, lines=lines, classes=classes, own=own,
                   versus=versus, versus_classes=versus_classes,
                   boundaries=BOUNDARIES.get(place.child_level or "", ""), sees_counts=sees,
                   points=maplayers.points(place.level, place.code) if params.markers else [])  # fmt: skip


def view_url(params: Params, **changes: Any) -> str:
    return _url(params, **changes)
