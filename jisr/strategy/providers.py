"""The computed actuals: how each indicator is counted from Jisr's records (docs/strategy.md).

Each provider takes a calendar year and returns `(level, code) -> value` for the provinces, the regions
and the nation where it has records, in a few set-based queries (distinct persons are counted at each
level separately: a person followed in two provinces counts once in their region and in the nation).
Registered in `StrategyConfig.ready()` with `jisr.core.indicator_providers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, QuerySet

from jisr.cases.models import Case, Outcome
from jisr.core import indicator_providers
from jisr.people.models import Vulnerability
from jisr.strategy.models import NATION
from jisr.strategy.selectors import census_weights
from jisr.training.models import Certificate

Cell = tuple[str, str]
PER_WOMEN = 10_000


def distinct_per_territory(rows: QuerySet[Any], *, province: str, region: str, counted: str) -> dict[Cell, float]:
    """Distinct `counted` per province, per region and in the nation (three grouped queries)."""
    rows = rows.order_by()
    result: dict[Cell, float] = {}
    for code, total in (
        rows.values(province).annotate(total=Count(counted, distinct=True)).values_list(province, "total")
    ):
        result[("province", code)] = total
    for code, total in rows.values(region).annotate(total=Count(counted, distinct=True)).values_list(region, "total"):
        result[("region", code)] = total
    nation = rows.aggregate(total=Count(counted, distinct=True))["total"]
    if nation:
        result[("nation", NATION)] = nation
    return result


def _cases_of(category: str, year: int) -> QuerySet[Case]:
    return Case.objects.filter(opened_at__year=year, person__vulnerabilities__category=category)


def pwd_reaching_employment(year: int) -> dict[Cell, float]:
    """Persons with a disability whose case recorded "employed" or "self-employed" achieved in the year."""
    outcomes = Outcome.objects.filter(
        kind__in=[Outcome.Kind.EMPLOYED, Outcome.Kind.SELF_EMPLOYED],
        achieved_on__year=year,
        case__person__vulnerabilities__category=Vulnerability.Category.DISABILITY,
    )
    return distinct_per_territory(outcomes, province="case__province_id", region="case__region_code",
                                  counted="case__person_id")  # fmt: skip


def elderly_in_care(year: int) -> dict[Cell, float]:
    """Elderly or homeless persons whose case was opened in the year."""
    cases = Case.objects.filter(
        opened_at__year=year,
        person__vulnerabilities__category__in=[Vulnerability.Category.ELDERLY, Vulnerability.Category.HOMELESS],
    )
    return distinct_per_territory(cases, province="province_id", region="region_code", counted="person_id")


def children_without_support_in_care(year: int) -> dict[Cell, float]:
    """Children without family support whose case was opened in the year."""
    cases = _cases_of(Vulnerability.Category.CHILD_WITHOUT_SUPPORT, year)
    return distinct_per_territory(cases, province="province_id", region="region_code", counted="person_id")


def women_certified_training(year: int) -> dict[Cell, float]:
    """Women who received a module certificate in the year (revoked ones not counted), where the program is."""
    certificates = Certificate.objects.filter(
        issued_at__year=year, revoked_at__isnull=True, result__enrollment__person__sex="F"
    )
    center = "result__enrollment__program__center__"
    return distinct_per_territory(certificates, province=f"{center}province_id", region=f"{center}region_code",
                                  counted="result__enrollment__person_id")  # fmt: skip


def per_women(counts: Mapping[Cell, float], women: Mapping[Cell, float]) -> dict[Cell, float]:
    """Counts per 10,000 women of the territory (territories without a census population are left out)."""
    return {cell: round(count * PER_WOMEN / women[cell], 2) for cell, count in counts.items() if women.get(cell)}


def violence_cases_per_10k_women(year: int) -> dict[Cell, float]:
    """Cases opened in the year for women recorded as victims of violence, per 10,000 women (HCP 2024)."""
    cases = _cases_of(Vulnerability.Category.VIOLENCE_VICTIM, year).filter(person__sex="F")
    counts = distinct_per_territory(cases, province="province_id", region="region_code", counted="id")
    return per_women(counts, census_weights("women"))


PROVIDERS = {
    "pwd_reaching_employment": pwd_reaching_employment,
    "elderly_in_care": elderly_in_care,
    "children_without_support_in_care": children_without_support_in_care,
    "women_certified_training": women_certified_training,
    "violence_cases_per_10k_women": violence_cases_per_10k_women,
}


def register() -> None:
    for code, provider in PROVIDERS.items():
        indicator_providers.register_provider(code, provider)
