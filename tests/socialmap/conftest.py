"""The census indicators, loaded once into the test database (again if a test emptied it)."""

from __future__ import annotations

import pytest


@pytest.fixture
def census(db):  # type: ignore[no-untyped-def]
    from jisr.socialmap.census import load_indicators
    from jisr.socialmap.models import IndicatorValue

    if not IndicatorValue.objects.filter(indicator_id="disability_prevalence").exists():
        load_indicators()


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """The values endpoint keeps its answers in the cache: each test starts without another test's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
