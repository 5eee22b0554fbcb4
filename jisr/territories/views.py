"""Public pages of the territorial reference data (no personal data): regions, a territory's detail, maps."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET

from jisr.centers.selectors import territory_supply
from jisr.territories import selectors

if TYPE_CHECKING:  # the views only name the levels to narrow `territory.obj` for the type checker
    from jisr.territories.models import Commune, Province, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
BOUNDARY_FILES = {"regions": "regions.geojson", "provinces": "provinces.geojson", "communes": "communes.geojson"}
# The boundaries change only with a new release of the committed files: let browsers keep them a day.
BOUNDARY_MAX_AGE = 60 * 60 * 24


@cache
def _boundary_bytes(name: str) -> bytes:
    return (DATA_DIR / BOUNDARY_FILES[name]).read_bytes()


def _boundary_etag(request: HttpRequest, name: str) -> str | None:
    if name not in BOUNDARY_FILES:
        return None
    return hashlib.sha256(_boundary_bytes(name)).hexdigest()[:32]


@require_GET
@cache_control(public=True, max_age=BOUNDARY_MAX_AGE)
@condition(etag_func=_boundary_etag)
def boundaries(request: HttpRequest, name: str) -> HttpResponse:
    """The committed, simplified GeoJSON of the regions or the provinces (see docs/data.md)."""
    if name not in BOUNDARY_FILES:
        raise Http404(name)
    return HttpResponse(_boundary_bytes(name), content_type="application/geo+json")


@require_GET
def regions(request: HttpRequest) -> HttpResponse:
    regions = list(selectors.region_list())
    return render(
        request, "territories/regions.html", {"regions": regions, "totals": selectors.national_totals(regions)}
    )


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region (its provinces), a province (its communes, searchable and paginated) or another level."""
    territory = selectors.territory_get(code)
    context: dict[str, Any] = {"territory": territory, "place": territory.obj}
    if territory.level == selectors.REGION:
        context["provinces"] = selectors.province_list(region=cast("Region", territory.obj))
        context["supply"] = territory_supply(region_code=code)
        context["directory_query"] = urlencode({"region": code})
        return render(request, "territories/region_detail.html", context)
    if territory.level == selectors.PROVINCE:
        province = cast("Province", territory.obj)
        search = request.GET.get("q", "").strip()
        context.update(
            search=search,
            page=selectors.commune_page(province=province, search=search, page=request.GET.get("page")),
            query_string=urlencode({"q": search}) if search else "",
            prefectures=selectors.prefecture_of_arrondissements_list(province),
            supply=territory_supply(province_code=code),
            directory_query=urlencode({"region": province.region_id, "province": code}),
        )
        return render(request, "territories/province_detail.html", context)
    if territory.level == selectors.COMMUNE:
        context["arrondissements"] = selectors.arrondissement_list(cast("Commune", territory.obj))
    return render(request, "territories/territory_detail.html", context)
