"""What the strategy pages show, read from stored figures (a selector module: every territory given here
has been checked visible by `selectors.visible_place`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.socialmap.selectors import Place
from jisr.strategy.models import YEARS, Indicator, Pillar
from jisr.strategy.selectors import (
    Baseline,
    IndicatorFigures,
    Point,
    figure_rows,
    framework,
    may_see,
    parts_of,
    territory_parts,
)


def light_label(light: str | None) -> str:
    return {"on_track": _("On track"), "at_risk": _("At risk"), "off_track": _("Off track")}.get(
        light or "", _("No data")
    )


def origin_label(origin: str | None) -> str:
    return {"entered": _("entered"), "computed": _("computed from Jisr's records"),
            "rolled_up": _("rolled up from the territories")}.get(origin or "", "")  # fmt: skip


@dataclass
class IndicatorRow:
    indicator: Indicator
    baseline: Baseline | None
    latest: Point | None
    year_point: Point
    series: list[Point]
    illustrative: bool

    @property
    def light(self) -> str | None:
        return self.year_point.light


@dataclass
class PillarBlock:
    pillar: Pillar
    rows: list[IndicatorRow]


def default_year() -> int:
    """The year shown first: the last full year of the strategy (the current one has few actuals yet)."""
    return min(max(timezone.localdate().year - 1, YEARS[0]), YEARS[-1])


def overview(place: Place, year: int) -> list[PillarBlock]:
    """Per pillar, its indicators in the territory: baseline, latest actual, the year's actual, target, light."""
    parts = territory_parts()
    cell = (place.level, place.code)
    pillars = list(framework())
    indicators = [i for pillar in pillars for objective in pillar.objectives.all() for i in objective.indicators.all()]
    stored = figure_rows(indicators, within=cell)
    blocks = []
    for pillar in pillars:
        rows = []
        for objective in pillar.objectives.all():
            for indicator in objective.indicators.all():
                figures = IndicatorFigures(indicator, parts=parts, rows=stored[indicator.pk])
                illustrative = cell in figures.illustrative
                rows.append(IndicatorRow(indicator, figures.baseline(cell), figures.latest(cell),
                                         figures.point(cell, year), figures.series(cell), illustrative))  # fmt: skip
        blocks.append(PillarBlock(pillar, rows))
    return blocks


@dataclass
class CompareRow:
    place: Place
    point: Point


def comparison(user: Any, indicator: Indicator, place: Place, year: int) -> tuple[list[CompareRow], Point]:
    """The territory's parts the user may see, best first (the indicator's direction says which is best),
    and the territory's own value (the line the bars are read against)."""
    figures = IndicatorFigures(indicator)
    rows = [CompareRow(part, figures.point((part.level, part.code), year)) for part in parts_of(place)
            if may_see(user, part)]  # fmt: skip
    with_value = [row for row in rows if row.point.actual is not None]
    with_value.sort(key=lambda row: row.point.actual or 0.0, reverse=indicator.direction == Indicator.Direction.UP)
    return with_value + [row for row in rows if row.point.actual is None], figures.point((place.level, place.code),
                                                                                         year)  # fmt: skip


def overview_table(blocks: list[PillarBlock], year: int) -> list[list[Any]]:
    """The strategy page as rows for CSV/XLSX."""
    table: list[list[Any]] = [["pillar", "indicator", "unit", "direction", "baseline", "baseline_year", "year",
                               "actual", "origin", "target", "light", "illustrative"]]  # fmt: skip
    for block in blocks:
        for row in block.rows:
            table.append([block.pillar.code, row.indicator.code, row.indicator.unit, row.indicator.direction,
                          row.baseline.value if row.baseline else None, row.baseline.year if row.baseline else None,
                          year, row.year_point.actual, row.year_point.origin, row.year_point.target,
                          row.year_point.light, row.illustrative])  # fmt: skip
    return table


def comparison_table(indicator: Indicator, rows: list[CompareRow], own: Point, place: Place) -> list[list[Any]]:
    table: list[list[Any]] = [["indicator", "level", "code", "territory", "year", "actual", "origin", "target",
                               "light"]]  # fmt: skip
    for row in [*rows, CompareRow(place, own)]:
        point = row.point
        table.append([indicator.code, row.place.level, row.place.code, row.place.name, point.year, point.actual,
                      point.origin, point.target, point.light])  # fmt: skip
    return table


def chart_data(rows: list[IndicatorRow]) -> dict[str, Any]:
    """The small trend charts: per indicator, the years, the actuals and the targets (json_script)."""
    return {
        "text": {"actual": _("Actual"), "target": _("Target")},
        "charts": {
            row.indicator.code: {
                "years": [p.year for p in row.series],
                "actual": [p.actual for p in row.series],
                "target": [p.target for p in row.series],
                "decimals": row.indicator.decimals,
            }
            for row in rows
        },  # fmt: skip
    }


def comparison_chart(indicator: Indicator, rows: list[CompareRow], own: Point, place: Place) -> dict[str, Any]:
    """The comparison's bars for its PNG download (drawn in the browser from this, json_script)."""
    return {
        "title": f"{indicator.name} — {place.name} {own.year}",
        "rows": [[row.place.name, row.point.actual] for row in rows if row.point.actual is not None],
        "own": own.actual,
        "ownLabel": place.name,
        "decimals": indicator.decimals,
    }
