"""Coverage and gap per program and territory: census, registered, eligible, enrolled, served.

Every figure is one GROUP BY in the database, whatever the size of the registry:

- census households and population (2024), from the territories;
- registered households and persons (the sum of household sizes) in the registry;
- eligible households and persons (the program's rule);
- enrolled households and persons (active enrolments);
- persons served by a center (persons with a case at a center of the territory);
- coverage = enrolled / eligible, gap = eligible − enrolled, registration = registered / census.

Counts under 5 (but not 0) are suppressed (None) for viewers who do not see personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum

from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.rules import eligible
from jisr.registry.models import RegistryHousehold

LEVELS = {"region": "region_code", "province": "province_code", "commune": "commune_id", "nation": None}
SMALL = 5


@dataclass
class CoverageRow:
    code: str
    name: str
    figures: dict[str, int | None] = field(default_factory=dict)

    @property
    def coverage_rate(self) -> float | None:
        enrolled, entitled = self.figures.get("enrolled_households"), self.figures.get("eligible_households")
        return None if enrolled is None or not entitled else round(100 * enrolled / entitled, 1)

    @property
    def gap(self) -> int | None:
        enrolled, entitled = self.figures.get("enrolled_households"), self.figures.get("eligible_households")
        return None if enrolled is None or entitled is None else entitled - enrolled

    @property
    def registration_rate(self) -> float | None:
        registered, census = self.figures.get("registered_households"), self.figures.get("census_households")
        return None if registered is None or not census else round(100 * registered / census, 1)


def _territories(level: str, parent: str | None) -> list[tuple[str, str]]:
    from jisr.territories.models import Commune, Province, Region

    if level == "nation":
        return [("MA", "المغرب / Maroc")]
    model: Any = {"region": Region, "province": Province, "commune": Commune}[level]
    units = model.objects.all()
    if parent and level == "province":
        units = units.filter(region_id=parent)
    elif parent and level == "commune":
        units = units.filter(province_id=parent) if "." in parent else units.filter(region_id=parent)
    return [(unit.code, unit.name) for unit in units.order_by("code")]


def _census(level: str, codes: list[str]) -> dict[str, tuple[int, int]]:
    from jisr.territories.models import Commune, Province, Region

    if level == "nation":
        totals = Region.objects.aggregate(h=Sum("households_2024"), p=Sum("population_2024"))
        return {"MA": (totals["h"] or 0, totals["p"] or 0)}
    model: Any = {"region": Region, "province": Province, "commune": Commune}[level]
    rows = model.objects.filter(code__in=codes).values_list("code", "households_2024", "population_2024")
    return {code: (households, population) for code, households, population in rows}


def _grouped(queryset: Any, key: str | None) -> dict[str, tuple[int, int]]:
    if key is None:
        totals = queryset.aggregate(h=Count("household_id"), p=Sum("size"))
        return {"MA": (totals["h"] or 0, totals["p"] or 0)}
    rows = queryset.values(key).annotate(h=Count("household_id"), p=Sum("size")).values_list(key, "h", "p")
    return {code: (households, persons or 0) for code, households, persons in rows}


def _served(level: str) -> dict[str, int]:
    from jisr.cases.models import Case

    key = {"region": "region_code", "province": "province_id", "commune": "center__commune_id", "nation": None}[level]
    if key is None:
        return {"MA": Case.objects.values("person").distinct().count()}
    rows = Case.objects.values(key).annotate(n=Count("person", distinct=True)).values_list(key, "n")
    return dict(rows)


def coverage(program: Program, level: str = "region", parent: str | None = None,
             suppress_small: bool = False) -> list[CoverageRow]:  # fmt: skip
    """One row per territory of `level` (within `parent`), with every figure of the module docstring."""
    if level not in LEVELS:
        raise ValueError(level)
    key = LEVELS[level]
    units = _territories(level, parent)
    codes = [code for code, _name in units]
    scope = RegistryHousehold.objects.all()
    if parent:
        parent_key = "province_code" if "." in parent else "region_code"
        scope = scope.filter(**{parent_key: parent})
    enrolled_here = ProgramEnrollment.objects.filter(program=program, household_id=OuterRef("household_id"),
                                                     status=ProgramEnrollment.Status.ACTIVE)  # fmt: skip
    census = _census(level, codes)
    registered = _grouped(scope, key)
    entitled = _grouped(scope.filter(pk__in=eligible(program.rule).values("pk")), key)
    enrolled = _grouped(scope.filter(Exists(enrolled_here)), key)
    served = _served(level)
    rows = []
    for code, name in units:
        figures: dict[str, int | None] = {"served_persons": served.get(code, 0)}
        for prefix, source, unit in (("census", census, "population"), ("registered", registered, "persons"),
                                     ("eligible", entitled, "persons"), ("enrolled", enrolled, "persons")):  # fmt: skip
            households, people = source.get(code, (0, 0))
            figures[f"{prefix}_households"], figures[f"{prefix}_{unit}"] = households, people
        if suppress_small:
            figures = {k: (None if not k.startswith("census") and v and v < SMALL else v)
                       for k, v in figures.items()}  # fmt: skip
        rows.append(CoverageRow(code=code, name=name, figures=figures))
    return rows
