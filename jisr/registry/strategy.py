"""The strategy's registry-coverage indicator, computed from the social registry (docs/strategy.md).

`registry_coverage` for a year: the households of the registry declared by the end of that year, per 100
households of the territory in the 2024 census (HCP, RGPH 2024), for each province, region and the nation
— one grouped query per level over the registry, whatever its size. A territory without a census count or
without a registered household has no value. Registered with `jisr.core.indicator_providers` in
`RegistryConfig.ready()`; the strategy app stores the values in its refresh.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum

from jisr.core import indicator_providers
from jisr.registry.models import RegistryHousehold
from jisr.territories.models import Province, Region

CODE = "registry_coverage"
NATION = "MA"

Cell = tuple[str, str]


def census_households() -> dict[Cell, int]:
    """The census households (2024) of each province, region and the nation."""
    census: dict[Cell, int] = {}
    for code, households in Province.objects.values_list("code", "households_2024"):
        census[("province", code)] = households
    for code, households in Region.objects.values_list("code", "households_2024"):
        census[("region", code)] = households
    census[("nation", NATION)] = Region.objects.aggregate(total=Sum("households_2024"))["total"] or 0
    return census


def registered_households(year: int) -> dict[Cell, int]:
    """The registry's households declared on or before 31 December of `year`, per province, region, nation."""
    rows = RegistryHousehold.objects.filter(declared_on__lte=datetime.date(year, 12, 31)).order_by()
    counts: dict[Cell, int] = {}
    for level, field in (("province", "province_code"), ("region", "region_code")):
        for code, total in rows.values(field).annotate(total=Count("pk")).values_list(field, "total"):
            counts[(level, code)] = total
    nation = rows.count()
    if nation:
        counts[("nation", NATION)] = nation
    return counts


def registry_coverage(year: int) -> dict[Cell, float]:
    """Registered households per 100 census households, one decimal, where both are known."""
    census = census_households()
    return {cell: round(100 * count / census[cell], 1) for cell, count in registered_households(year).items()
            if census.get(cell)}  # fmt: skip


def register() -> None:
    indicator_providers.register_provider(CODE, registry_coverage)
