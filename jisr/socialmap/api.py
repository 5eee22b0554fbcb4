"""`/api/v1/socialmap`: the catalogue of indicators and their values per territory (stored, suppressed).

Territory outlines are served, with ETag and Cache-Control, by `/territories/boundaries/<level>.geojson`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from pydantic import BaseModel

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Invalid, Message
from jisr.socialmap import selectors
from jisr.socialmap.models import LEVELS

router = Router(tags=["socialmap"])


class IndicatorOut(Schema):
    key: str
    kind: str
    topic: str
    name: str
    name_ar: str
    name_fr: str
    name_en: str
    unit: str
    definition: str
    formula: str
    source: str
    source_url: str
    is_estimate: bool
    protected: bool
    years: list[int]
    sexes: list[str]
    computed_at: datetime.datetime | None


class ValuesQuery(Schema):
    indicator: str
    level: str = "region"
    parent: str | None = None
    year: int | None = None
    sex: str = "all"


class ValueOut(BaseModel):  # a plain pydantic model: 1,503 rows validate 10× faster than through ninja's Schema
    code: str
    name: str
    level: str
    value: float | None
    hidden: bool


@router.get("/indicators", response={200: list[IndicatorOut], 404: Message})
def indicators(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """Every indicator of the map: census (need), centers (supply), registry and persons served (use), ratios."""
    selectors.require_map(request.user)
    fields = [field for field in IndicatorOut.model_fields if field not in ("years", "sexes")]
    return [{**{field: getattr(i, field) for field in fields}, "years": selectors.years_of(i),
             "sexes": selectors.sexes_of(i)} for i in selectors.catalogue()]  # fmt: skip


@router.get("/values", response={200: list[ValueOut], 404: Message, 422: Invalid})
def values(request: AuthenticatedHttpRequest, query: Query[ValuesQuery]) -> list[dict[str, Any]]:
    """An indicator's values at a level, within `parent` (a territory code; default: the reader's territory).

    Counts under 5, and those that would give them away, are null with `hidden` for roles without personal data."""
    selectors.require_map(request.user)
    if query.level not in LEVELS:
        raise ValidationError({"level": [", ".join(LEVELS)]})
    if query.sex not in ("all", "male", "female"):
        raise ValidationError({"sex": ["all, male, female"]})
    indicator = selectors.indicator_get(query.indicator)
    parent = selectors.parent_from_code(request.user, query.parent) if query.parent else None
    places = selectors.places_at(request.user, query.level, parent)
    rows = selectors.values(request.user, indicator, places, year=query.year, sex=query.sex)
    return [{"code": r.place.code, "name": r.place.name, "level": r.place.level, "value": r.value,
             "hidden": r.hidden} for r in rows]  # fmt: skip
