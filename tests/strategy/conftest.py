from __future__ import annotations

import pytest

from jisr.strategy.loader import load_framework


@pytest.fixture
def framework(db):  # type: ignore[no-untyped-def]
    load_framework()


@pytest.fixture
def census(db):  # type: ignore[no-untyped-def]
    """A small census: women in two regions (01: 1,000; 04: 3,000) and their provinces, the nation, and
    the women's activity rate there (2024)."""
    from jisr.socialmap.models import Indicator, IndicatorValue

    population = Indicator.objects.create(key="population", kind="need", topic="population", name_ar="س",
                                          name_fr="P", name_en="P", unit="persons", source="HCP")  # fmt: skip
    activity = Indicator.objects.create(key="activity_rate", kind="need", topic="labour", name_ar="ن",
                                        name_fr="A", name_en="A", unit="percent", source="HCP")  # fmt: skip
    rows = [("nation", "MA", 4000, 20.0), ("region", "01", 1000, 10.0), ("region", "04", 3000, 30.0),
            ("province", "04.421", 2000, 31.0), ("province", "09.001", 500, 18.0)]  # fmt: skip
    for level, code, women, rate in rows:
        IndicatorValue.objects.create(indicator=population, level=level, code=code, sex="female", year=2024,
                                      value=women)  # fmt: skip
        IndicatorValue.objects.create(indicator=activity, level=level, code=code, sex="female", year=2024, value=rate)
