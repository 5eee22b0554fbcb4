"""Reads of the strategy, limited to what the user may see (`jisr.core.scope`).

`strategy.view_strategy` held nationally opens every territory; held over a region, that region, its
provinces and the nation (the comparison figure); anything else is a 404, as on the social map whose
territory rules these reuse. The figures are aggregates per territory, read from stored rows: a page
never counts records (the providers do, in the refresh).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from jisr.core import scope
from jisr.socialmap import selectors as places
from jisr.socialmap.models import IndicatorValue
from jisr.socialmap.selectors import Place
from jisr.strategy import rollup
from jisr.strategy.models import NATION, YEARS, Figure, FigureRevision, Indicator, Objective, Pillar, Refresh
from jisr.territories.models import Province, Region

PERMISSION = "strategy.view_strategy"
ENTER = "strategy.enter_strategy_values"
LEVELS = ("nation", "region", "province")
WEIGHTS = {"population": "all", "women": "female", "men": "male"}  # the census population that weighs a mean

Cell = tuple[str, str]


def require_strategy(user: Any) -> None:
    """404 unless the user may see the strategy somewhere."""
    scope.require(user, PERMISSION)


def visible_place(user: Any, level: str, code: str) -> Place:
    """A territory the user may see (nation, region, province), else 404 whether missing or forbidden."""
    require_strategy(user)
    if level not in LEVELS:
        raise Http404
    place = places.place_get(level, code or NATION)
    if not places.may_see(user, place, PERMISSION):
        raise Http404
    return place


def home_place(user: Any) -> Place:
    """Where the strategy opens: the nation for national roles, else the user's region."""
    return places.home_place(user, PERMISSION)


def may_see(user: Any, place: Place) -> bool:
    return places.may_see(user, place, PERMISSION)


def may_enter(user: Any, level: str, code: str) -> bool:
    """Whether the user may enter figures for the territory: a national grant anywhere, a region's in it."""
    user_scope = scope.user_scope(user)
    if user_scope.is_superuser:
        return True
    region = code[:2] if level in ("region", "province") else None
    for grant in user_scope.grants(ENTER):
        if grant.level == "national" and grant.organization_id is None:
            return True
        if grant.region_code is not None and region == grant.region_code:
            return True
    return False


def selectable_places(user: Any) -> list[Place]:
    """The territories of the region selector: the nation and the regions the user may see."""
    require_strategy(user)
    nation = places.nation()
    regions = [Place("region", region.code, region.name, nation) for region in Region.objects.order_by("code")]
    return [place for place in [nation, *regions] if may_see(user, place)]


def parts_of(place: Place) -> list[Place]:
    """The territories one level down, within the strategy's levels (provinces have none here)."""
    if place.level == "province":
        return []
    return places.children(place)


def framework() -> QuerySet[Pillar]:
    """The pillars with their objectives and indicators (and each indicator's levers), in order."""
    indicators = Indicator.objects.prefetch_related("levers").order_by("order", "code")
    objectives = Objective.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return Pillar.objects.prefetch_related(Prefetch("objectives", queryset=objectives)).order_by("order", "code")


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("objective__pillar").prefetch_related("levers").order_by("order", "code")


def indicator_get(code: str) -> Indicator:
    """One indicator by its code, or 404 (the framework is public to whoever sees the strategy)."""
    indicator = indicators().filter(code=code).first()
    if indicator is None:
        raise Http404
    return indicator


def territory_parts() -> dict[Cell, list[Cell]]:
    """The nation's regions and each region's provinces, as cells."""
    parts: dict[Cell, list[Cell]] = defaultdict(list)
    for code in Region.objects.order_by("code").values_list("code", flat=True):
        parts[("nation", NATION)].append(("region", code))
    for code, region in Province.objects.order_by("code").values_list("code", "region_id"):
        parts[("region", region)].append(("province", code))
    return dict(parts)


def census_weights(weight: str) -> dict[Cell, float]:
    """The census population (latest year) of each territory that weighs a mean: all, women or men."""
    sex = WEIGHTS.get(weight)
    if sex is None:
        return {}
    rows = IndicatorValue.objects.filter(indicator_id="population", sex=sex, level__in=LEVELS).order_by("year")
    return {(level, code): value for level, code, value in rows.values_list("level", "code", "value")}


@dataclass(frozen=True)
class Point:
    """One territory and year of an indicator: the actual that counts, the target, and the light."""

    year: int
    actual: float | None
    origin: str | None
    target: float | None
    light: str | None


@dataclass(frozen=True)
class Baseline:
    """A territory's baseline of an indicator: its value, year and source."""

    value: float
    year: int
    source: str


FigureRow = tuple[str, str, str, int, str, float, bool, str]  # as ROW_FIELDS
ROW_FIELDS = ("kind", "level", "code", "year", "origin", "value", "illustrative", "source")


def figure_rows(indicators: list[Indicator], within: Cell | None = None) -> dict[int, list[FigureRow]]:
    """The stored figures of the indicators as plain rows, by indicator id, in one query (no model instances:
    a page reads thousands of figures, and building a model for each was most of its time). `within` a region
    or province, only its own figures and its provinces' (all its roll-up needs); else every territory's."""
    rows: dict[int, list[FigureRow]] = {indicator.pk: [] for indicator in indicators}
    figures = Figure.objects.filter(indicator__in=indicators).order_by()
    if within is not None and within[0] == "region":
        region = within[1]
        figures = figures.filter(Q(level="region", code=region) | Q(level="province", code__startswith=f"{region}."))
    elif within is not None and within[0] == "province":
        figures = figures.filter(level="province", code=within[1])
    for indicator_id, *row in figures.values_list("indicator_id", *ROW_FIELDS):
        rows[indicator_id].append(tuple(row))  # type: ignore[arg-type]
    return rows


class IndicatorFigures:
    """Every stored figure of one indicator, read at once, with the roll-up and the lights worked out.
    `rows` (from `figure_rows`) saves the query when many indicators are read together."""

    def __init__(self, indicator: Indicator, *, parts: dict[Cell, list[Cell]] | None = None,
                 rows: list[FigureRow] | None = None) -> None:  # fmt: skip
        self.indicator = indicator
        self._parts = parts
        self.actuals: dict[tuple[str, str, int, str], float] = {}
        self.targets: dict[tuple[str, str, int], float] = {}
        self.baselines: dict[Cell, Baseline] = {}
        self.illustrative: set[Cell] = set()
        for kind, level, code, year, origin, value, illustrative, source in (
            rows if rows is not None else figure_rows([indicator])[indicator.pk]
        ):
            if illustrative:
                self.illustrative.add((level, code))
            if kind == Figure.Kind.ACTUAL:
                self.actuals[(level, code, year, origin)] = value
            elif kind == Figure.Kind.TARGET:
                self.targets[(level, code, year)] = value
            else:
                self.baselines[(level, code)] = Baseline(value, year, source)

    @cached_property
    def parts(self) -> dict[Cell, list[Cell]]:
        return self._parts if self._parts is not None else territory_parts()

    @cached_property
    def weights(self) -> dict[Cell, float]:
        if self.indicator.aggregation != Indicator.Aggregation.WEIGHTED_MEAN:
            return {}
        return census_weights(self.indicator.weight)

    def actual(self, cell: Cell, year: int) -> rollup.Resolved | None:
        return rollup.resolve(cell, year, self.actuals, self.parts, self.indicator.aggregation, self.weights)

    def target(self, cell: Cell, year: int) -> float | None:
        return self.targets.get((cell[0], cell[1], year))

    def baseline(self, cell: Cell) -> Baseline | None:
        return self.baselines.get(cell)

    def point(self, cell: Cell, year: int) -> Point:
        resolved = self.actual(cell, year)
        target = self.target(cell, year)
        value = resolved.value if resolved else None
        return Point(year, value, resolved.origin if resolved else None, target, self.light(value, target))

    def light(self, actual: float | None, target: float | None) -> str | None:
        indicator = self.indicator
        return rollup.light(actual, target, direction=indicator.direction, on_track=indicator.on_track_margin,
                            at_risk=indicator.at_risk_margin)  # fmt: skip

    def series(self, cell: Cell) -> list[Point]:
        return [self.point(cell, year) for year in YEARS]

    def latest(self, cell: Cell, *, until: int | None = None) -> Point | None:
        """The latest year with an actual (at most `until`), with that year's target and light."""
        for year in sorted(YEARS, reverse=True):
            if until is not None and year > until:
                continue
            point = self.point(cell, year)
            if point.actual is not None:
                return point
        return None


@dataclass(frozen=True)
class LatestActual:
    """What the social watch reads: an indicator's latest actual in a territory and the period before it."""

    indicator: str
    level: str
    code: str
    year: int
    value: float
    origin: str
    previous_year: int | None
    previous_value: float | None
    direction: str


def latest_actuals(indicator_code: str, cells: list[Cell] | None = None) -> list[LatestActual]:
    """For each territory (default: the nation, every region and province), the latest actual and the one
    before it, as they count (entered, computed or rolled up). Territories without an actual are left out.

    Not scoped: the caller (the watch's evaluation) decides whom a finding concerns; a page must not
    show it without `visible_place`.
    """
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        return []
    data = IndicatorFigures(indicator)
    if cells is None:
        cells = [("nation", NATION)] + [cell for key in sorted(data.parts) for cell in data.parts[key]]
    result = []
    for cell in cells:
        latest = data.latest(cell)
        if latest is None or latest.actual is None or latest.origin is None:
            continue
        previous = data.latest(cell, until=latest.year - 1)
        result.append(LatestActual(
            indicator=indicator.code, level=cell[0], code=cell[1], year=latest.year, value=latest.actual,
            origin=latest.origin, previous_year=previous.year if previous else None,
            previous_value=previous.actual if previous else None, direction=indicator.direction,
        ))  # fmt: skip
    return result


def history(indicator: Indicator, place: Place) -> QuerySet[FigureRevision]:
    """The earlier values of the territory's figures, newest first (the page shows who replaced what)."""
    return (
        FigureRevision.objects.filter(figure__indicator=indicator, figure__level=place.level, figure__code=place.code)
        .select_related("figure", "recorded_by")
        .order_by("-replaced_at")
    )


def level_of(code: str) -> str:
    """The level a territory code names: "MA" the nation, "04" a region, "04.421" a province."""
    if code == NATION:
        return "nation"
    return "province" if "." in code else "region"


def figures_filtered(user: Any, *, indicator: str = "", territory: str = "",
                     year: int | None = None) -> QuerySet[Figure]:  # fmt: skip
    """Stored figures the user may see (the API's `values`), filtered; a territory outside the scope is a 404."""
    require_strategy(user)
    level, code = (level_of(territory), territory) if territory else ("", "")
    rows = Figure.objects.select_related("indicator").order_by("indicator__order", "kind", "level", "code", "year")
    if indicator:
        rows = rows.filter(indicator__code=indicator)
    if year is not None:
        rows = rows.filter(year=year)
    if code or level:
        place = visible_place(user, level, code)
        return rows.filter(level=place.level, code=place.code)
    user_scope = scope.user_scope(user)
    if user_scope.is_superuser or any(g.level == "national" and g.organization_id is None
                                      for g in user_scope.grants(PERMISSION)):  # fmt: skip
        return rows
    regions = [g.region_code for g in user_scope.grants(PERMISSION) if g.region_code]
    provinces = [g.province_code for g in user_scope.grants(PERMISSION) if g.province_code]
    visible = Q(level="nation")
    for region in regions:
        visible |= Q(level="region", code=region) | Q(level="province", code__startswith=f"{region}.")
    for province in provinces:
        visible |= Q(level="province", code=province)
    return rows.filter(visible)


def figures_as_rows(figures: QuerySet[Figure]) -> list[dict[str, Any]]:
    """The figures as the API gives them, read as plain rows (no model instance per figure)."""
    rows = figures.values("kind", "level", "year", "origin", "value", "source", "comment", "illustrative",
                          "recorded_at", indicator_code=F("indicator__code"), territory=F("code"))  # fmt: skip
    return [dict(row) for row in rows]


def last_refresh() -> Refresh | None:
    return Refresh.objects.order_by("-created_at").first()
