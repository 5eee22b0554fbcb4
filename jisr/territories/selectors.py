"""Reads of the territorial reference data (regions → provinces → communes).

Territories hold no personal data, so every user (and the public pages) may read all of them; the
reads still live here so views and endpoints never query models directly. Unknown codes raise
Http404, including unknown filter codes: asking for the communes of a province that does not exist is
an error, not an empty list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from jisr.territories.models import Arrondissement, Commune, PrefectureOfArrondissements, Province, Region

COMMUNES_PER_PAGE: Final = 50

REGION: Final = "region"
PROVINCE: Final = "province"
PREFECTURE_OF_ARRONDISSEMENTS: Final = "prefecture_of_arrondissements"
COMMUNE: Final = "commune"
ARRONDISSEMENT: Final = "arrondissement"

TerritoryObject = Region | Province | PrefectureOfArrondissements | Commune | Arrondissement


@dataclass(frozen=True)
class Territory:
    """A territory of any level, with the territories above it (region first)."""

    level: str
    obj: TerritoryObject
    parents: tuple[TerritoryObject, ...] = ()

    @property
    def code(self) -> str:
        return self.obj.code

    @property
    def kind(self) -> str | None:
        """Province kind (province/prefecture) or commune kind (urban/rural); None for other levels."""
        return getattr(self.obj, "kind", None)

    def _parent_code(self, model: type[TerritoryObject]) -> str | None:
        return next((parent.code for parent in self.parents if isinstance(parent, model)), None)

    @property
    def region_code(self) -> str | None:
        return self._parent_code(Region)

    @property
    def province_code(self) -> str | None:
        return self._parent_code(Province)

    @property
    def commune_code(self) -> str | None:
        return self._parent_code(Commune)


def region_list() -> QuerySet[Region]:
    """All 12 regions, by HCP code, each annotated with `province_count`."""
    return Region.objects.annotate(province_count=Count("provinces")).order_by("code")


def regions_by_code() -> QuerySet[Region]:
    """Every region by HCP code, without counts (for select fields)."""
    return Region.objects.order_by("code")


def provinces_by_code() -> QuerySet[Province]:
    """Every province and prefecture by HCP code, without counts (for select fields)."""
    return Province.objects.order_by("code")


def provinces_of(region_code: str) -> QuerySet[Province]:
    """The provinces of a region (none when no region is chosen), for a dependent select.

    Unlike `province_list`, an unknown region gives an empty list: a select follows what was typed.
    """
    if not region_code:
        return Province.objects.none()
    return Province.objects.filter(region_id=region_code).order_by("code")


def region_get(code: str) -> Region:
    """The region with this HCP code, or Http404."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(code)
    return region


def province_get(code: str) -> Province:
    """The province or prefecture with this HCP code (with its region), or Http404."""
    province = Province.objects.select_related("region").filter(code=code).first()
    if province is None:
        raise Http404(code)
    return province


def province_list(region: Region | str | None = None) -> QuerySet[Province]:
    """Provinces and prefectures by code, annotated with `commune_count`; of one region when given.

    The region is a Region or its code; an unknown region code raises Http404.
    """
    provinces = Province.objects.annotate(commune_count=Count("communes")).order_by("code")
    if region is not None:
        provinces = provinces.filter(region=region if isinstance(region, Region) else region_get(region))
    return provinces


def commune_list(province: Province | str | None = None, search: str | None = None) -> QuerySet[Commune]:
    """Communes by code, of one province when given, filtered by a name search.

    The province is a Province or its code; an unknown code raises Http404. The search matches the
    Arabic or the French name, case-insensitively, anywhere in the name.
    """
    communes = Commune.objects.order_by("code")
    if province is not None:
        communes = communes.filter(province=province if isinstance(province, Province) else province_get(province))
    term = (search or "").strip()
    if term:
        communes = communes.filter(Q(name_ar__icontains=term) | Q(name_fr__icontains=term))
    return communes


def commune_by_code(code: str) -> Commune | None:
    """The commune with exactly this HCP code, with its province and region, or None.

    None rather than Http404: a commune typed in a form or a file is a field error for the caller to word.
    """
    return Commune.objects.select_related("province", "region").filter(code=code).first()


def communes_by_codes(codes: Iterable[str]) -> dict[str, Commune]:
    """The known communes among `codes`, by code, in one query whatever their number (for imports)."""
    return {commune.code: commune for commune in Commune.objects.filter(code__in=set(codes))}


def commune_page(
    *,
    province: Province | str | None = None,
    search: str | None = None,
    page: int | str | None = 1,
    per_page: int = COMMUNES_PER_PAGE,
) -> Page:
    """One page of `commune_list`; an out-of-range or malformed page number gives the nearest valid page."""
    return Paginator(commune_list(province=province, search=search), per_page).get_page(page)


def national_totals(regions: Iterable[Region]) -> dict[str, int]:
    """Population, households and provinces summed over already-fetched regions (no extra query)."""
    regions = list(regions)
    return {
        "population_2024": sum(region.population_2024 for region in regions),
        "households_2024": sum(region.households_2024 for region in regions),
        "province_count": sum(getattr(region, "province_count", 0) for region in regions),
    }


def territory_get(code: str) -> Territory:
    """The territory of any level with this HCP code (codes are unique across levels), or Http404."""
    region = Region.objects.filter(code=code).first()
    if region is not None:
        return Territory(level=REGION, obj=region)
    province = Province.objects.select_related("region").filter(code=code).first()
    if province is not None:
        return Territory(level=PROVINCE, obj=province, parents=(province.region,))
    prefecture = PrefectureOfArrondissements.objects.select_related("province__region").filter(code=code).first()
    if prefecture is not None:
        above = (prefecture.province.region, prefecture.province)
        return Territory(level=PREFECTURE_OF_ARRONDISSEMENTS, obj=prefecture, parents=above)
    commune = commune_by_code(code)
    if commune is not None:
        return Territory(level=COMMUNE, obj=commune, parents=(commune.region, commune.province))
    arrondissement = (
        Arrondissement.objects.select_related("commune__province", "commune__region").filter(code=code).first()
    )
    if arrondissement is not None:
        city = arrondissement.commune
        return Territory(level=ARRONDISSEMENT, obj=arrondissement, parents=(city.region, city.province, city))
    raise Http404(code)


def prefecture_of_arrondissements_list(province: Province) -> QuerySet[PrefectureOfArrondissements]:
    """The prefectures of arrondissements of a province (only Casablanca has them), by code."""
    return PrefectureOfArrondissements.objects.filter(province=province).order_by("code")


def arrondissement_list(commune: Commune) -> QuerySet[Arrondissement]:
    """The arrondissements of a commune (the large cities), by code."""
    return Arrondissement.objects.filter(commune=commune).order_by("code")
