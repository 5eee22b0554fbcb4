"""`/api/v1/strategy`: the framework (pillars with objectives, indicators with baselines and targets) and the
stored figures, filtered by indicator, territory and year, within the reader's scope."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Invalid, Message
from jisr.strategy import selectors
from jisr.strategy.models import NATION

router = Router(tags=["strategy"])


class ObjectiveOut(Schema):
    code: str
    name_ar: str
    name_fr: str
    name_en: str
    indicators: list[str]


class PillarOut(Schema):
    code: str
    name_ar: str
    name_fr: str
    name_en: str
    objectives: list[ObjectiveOut]


class FigureOut(Schema):
    indicator: str
    kind: str
    level: str
    territory: str
    year: int
    origin: str
    value: float
    source: str
    comment: str
    illustrative: bool
    recorded_at: datetime.datetime


class StrategyIndicatorOut(Schema):
    code: str
    pillar: str
    objective: str
    levers: list[str]
    name_ar: str
    name_fr: str
    name_en: str
    definition: str
    unit: str
    measure: str
    direction: str
    aggregation: str
    weight: str
    disaggregations: list[str]
    source: str
    frequency: str
    on_track_margin: float
    at_risk_margin: float
    computed_at: datetime.datetime | None
    baseline: FigureOut | None
    targets: list[FigureOut]


class StrategyValuesQuery(Schema):
    indicator: str = ""
    territory: str = ""
    year: int | None = None


def _figure(figure: Any) -> dict[str, Any]:
    return {"indicator": figure.indicator.code, "kind": figure.kind, "level": figure.level, "territory": figure.code,
            "year": figure.year, "origin": figure.origin, "value": figure.value, "source": figure.source,
            "comment": figure.comment, "illustrative": figure.illustrative,
            "recorded_at": figure.recorded_at}  # fmt: skip


@router.get("/pillars", response={200: list[PillarOut], 404: Message})
def pillars(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The three pillars with their objectives and the codes of each objective's indicators."""
    selectors.require_strategy(request.user)
    return [{"code": p.code, "name_ar": p.name_ar, "name_fr": p.name_fr, "name_en": p.name_en,
             "objectives": [{"code": o.code, "name_ar": o.name_ar, "name_fr": o.name_fr, "name_en": o.name_en,
                             "indicators": [i.code for i in o.indicators.all()]} for o in p.objectives.all()]}
            for p in selectors.framework()]  # fmt: skip


@router.get("/indicators", response={200: list[StrategyIndicatorOut], 404: Message, 422: Invalid})
def indicators(request: AuthenticatedHttpRequest, territory: str = NATION) -> list[dict[str, Any]]:
    """Every indicator with its definition, and its baseline and targets in `territory` (default: the nation)."""
    place = selectors.visible_place(request.user, selectors.level_of(territory), territory)
    figures = selectors.figures_filtered(request.user, territory=place.code)
    by_indicator: dict[str, list[Any]] = {}
    for figure in figures:
        by_indicator.setdefault(figure.indicator.code, []).append(figure)
    result = []
    for i in selectors.indicators():
        own = by_indicator.get(i.code, [])
        baseline = next((f for f in own if f.kind == "baseline"), None)
        result.append({
            "code": i.code, "pillar": i.objective.pillar.code, "objective": i.objective.code,
            "levers": [lever.code for lever in i.levers.all()], "name_ar": i.name_ar, "name_fr": i.name_fr,
            "name_en": i.name_en, "definition": i.definition, "unit": i.unit, "measure": i.measure,
            "direction": i.direction, "aggregation": i.aggregation, "weight": i.weight,
            "disaggregations": i.disaggregations, "source": i.source, "frequency": i.frequency,
            "on_track_margin": float(i.on_track_margin), "at_risk_margin": float(i.at_risk_margin),
            "computed_at": i.computed_at, "baseline": _figure(baseline) if baseline else None,
            "targets": [_figure(f) for f in own if f.kind == "target"],
        })  # fmt: skip
    return result


@router.get("/values", response={200: list[FigureOut], 404: Message, 422: Invalid})
def values(request: AuthenticatedHttpRequest, query: Query[StrategyValuesQuery]) -> list[dict[str, Any]]:
    """Stored baselines, targets and actuals (entered and computed), by indicator, territory code ("MA", "04",
    "04.421") and year; without a territory, every one the reader may see. The roll-up is not stored: the
    strategy page shows it."""
    rows = selectors.figures_filtered(request.user, indicator=query.indicator, territory=query.territory,
                                      year=query.year)  # fmt: skip
    return [{**row, "indicator": row.pop("indicator_code")} for row in selectors.figures_as_rows(rows)]
