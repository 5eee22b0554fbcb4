"""The census indicators are loaded as published by HCP (figures checked against the RGPH tables)."""

from __future__ import annotations

import pytest
from django.db.models import Count

from jisr.socialmap.census import load_indicators
from jisr.socialmap.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def value(key: str, level: str, code: str, sex: str = "all", year: int = 2024) -> float:
    return IndicatorValue.objects.get(indicator_id=key, level=level, code=code, sex=sex, year=year).value


def test_national_figures_are_hcps():
    load_indicators()
    # RGPH 2024: 36,490,591 residents (municipal population), disability prevalence 4.8 %, illiteracy
    # of the 15 and over 27.9 %, unemployment 21.3 %, household size 3.9 (HCP, "Indicateurs" tables).
    assert value("population", "nation", "MA") == 36_490_591
    assert value("disability_prevalence", "nation", "MA") == 4.8
    assert value("disability_prevalence", "nation", "MA", sex="male") == 4.7
    assert value("illiteracy_rate_15_plus", "nation", "MA") == 27.9
    assert value("unemployment_rate", "nation", "MA") == 21.3
    # 2014: 33,762,036 residents (legal population); the municipal one is a little smaller.
    assert 33_000_000 < value("population", "nation", "MA", year=2014) < 33_762_036


def test_regions_sum_to_the_nation_and_estimates_are_rate_times_population():
    load_indicators()
    regions = IndicatorValue.objects.filter(indicator_id="population", level="region", sex="all", year=2024)
    assert regions.count() == 12
    assert sum(regions.values_list("value", flat=True)) == 36_490_591
    estimate = value("estimated_disability", "nation", "MA")
    assert estimate == round(0.048 * 36_490_591)
    assert Indicator.objects.get(key="estimated_disability").is_estimate


def test_every_level_is_loaded_and_the_loader_is_idempotent():
    first = load_indicators()
    count = IndicatorValue.objects.count()
    second = load_indicators()
    assert IndicatorValue.objects.count() == count == first.values == second.values
    levels = dict(
        IndicatorValue.objects.filter(indicator_id="disability_prevalence", sex="all", year=2024)
        .values_list("level")
        .annotate(n=Count("id"))
    )
    # HCP publishes no disability figure for 4 of the 1,503 communes (seasonal populations).
    assert levels == {"nation": 1, "region": 12, "province": 75, "commune": 1499}
    # 2014's communes renumbered in 2015 are found under their 2024 code (crosswalk).
    assert IndicatorValue.objects.filter(indicator_id="population", level="commune", year=2014).count() > 1490
    assert value("without_electricity", "nation", "MA") == pytest.approx(100 - 98.6, abs=5)
