"""`/api/v1/socialmap`: the catalogue of indicators and their values per territory (stored, suppressed).

Territory outlines are served, with ETag and Cache-Control, by `/territories/boundaries/<level>.geojson`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
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


class ValueOut(BaseModel):  # documents the answer (OpenAPI); the body is built in bulk (`selectors.values_payload`)
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


@router.get("/values", response={200: list[ValueOut], 304: None, 404: Message, 422: Invalid})
def values(request: AuthenticatedHttpRequest, query: Query[ValuesQuery]) -> HttpResponse:
    """An indicator's values at a level, within `parent` (a territory code; default: the reader's territory).

    Counts under 5, and those that would give them away, are null with `hidden` for roles without personal data.
    The answer carries an ETag that changes when the figures are recomputed: send it back in `If-None-Match`
    to get 304 Not Modified."""
    if query.level not in LEVELS:
        raise ValidationError({"level": [", ".join(LEVELS)]})
    if query.sex not in ("all", "male", "female"):
        raise ValidationError({"sex": ["all, male, female"]})
    body, etag = selectors.values_payload(request.user, query.indicator, query.level, query.parent, year=query.year,
                                          sex=query.sex)  # fmt: skip
    response = get_conditional_response(request, etag=f'"{etag}"') or HttpResponse(
        body, content_type="application/json"
    )
    response["ETag"] = f'"{etag}"'
    patch_cache_control(response, private=True, no_cache=True)  # kept by the browser, checked each time (cheap 304)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response
