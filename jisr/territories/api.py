"""`/api/v1/territories`: regions, provinces, communes and any territory by HCP code.

Authentication is the API's default (bearer token or session). An unknown code, in the path or as a
filter (`?region=`, `?province=`), answers 404 — never an empty list — so a typo is not mistaken for
a territory without communes.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from jisr.core.api_schemas import Message
from jisr.territories import selectors

router = Router(tags=["territories"])


class CommunePages(LimitOffsetPagination):
    """ninja's limit/offset with both bounded: an integer past 64 bits reached the database and answered 500.
    One page can still hold every commune."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=2000)
        offset: int = Field(0, ge=0, le=1_000_000)


class TerritoryFields(Schema):
    """What every level has: HCP code, names and the 2024 census figures."""

    code: str
    name_ar: str
    name_fr: str
    population_2024: int
    households_2024: int


class RegionOut(TerritoryFields):
    province_count: int


class ProvinceOut(TerritoryFields):
    region_code: str = Field(..., alias="region_id")
    kind: str = Field(..., description="province or prefecture")
    commune_count: int


class CommuneOut(TerritoryFields):
    region_code: str = Field(..., alias="region_id")
    province_code: str = Field(..., alias="province_id")
    kind: str = Field(..., description="urban or rural")


class TerritoryOut(TerritoryFields):
    level: str = Field(..., description="region, province, prefecture_of_arrondissements, commune or arrondissement")
    kind: str | None = Field(None, description="province/prefecture for provinces, urban/rural for communes")
    region_code: str | None
    province_code: str | None
    commune_code: str | None


@router.get("/regions", response=list[RegionOut])
def regions(request: HttpRequest) -> Any:
    """The 12 regions with their 2024 population and households and their number of provinces."""
    return selectors.region_list()


@router.get("/provinces", response={200: list[ProvinceOut], 404: Message})
def provinces(request: HttpRequest, region: str | None = None) -> Any:
    """Provinces and prefectures, of one region when `region` is given (unknown region → 404)."""
    return selectors.province_list(region=region)


@router.get("/communes", response=list[CommuneOut])
@paginate(CommunePages)
def communes(request: HttpRequest, province: str | None = None, search: str | None = None) -> Any:
    """Communes (paginated with limit/offset), of one province when given (unknown → 404), by name search."""
    return selectors.commune_list(province=province, search=search)


@router.get("/{code}", response={200: TerritoryOut, 404: Message})
def territory(request: HttpRequest, code: str) -> Any:
    """Any territory by its HCP code: level, names, parents' codes, 2024 population and households."""
    found = selectors.territory_get(code)
    return {
        "level": found.level,
        "code": found.code,
        "name_ar": found.obj.name_ar,
        "name_fr": found.obj.name_fr,
        "kind": found.kind,
        "region_code": found.region_code,
        "province_code": found.province_code,
        "commune_code": found.commune_code,
        "population_2024": found.obj.population_2024,
        "households_2024": found.obj.households_2024,
    }
