"""Coverage and gap per program and territory: census, registered, eligible, enrolled, served.

The registry is grouped by commune once per figure (three GROUP BYs per program, the registered
ones shared between programs) and rolled up to provinces, regions and the nation in Python
(1,503 communes), whatever the size of the registry:

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

from django.db import connection
from django.db.models import Count, Sum

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


def _commune_parents() -> dict[str, tuple[str, str]]:
    from jisr.territories.models import Commune

    rows = Commune.objects.values_list("code", "province_id", "region_id")
    return {code: (province, region) for code, province, region in rows}


def _by_commune(queryset: Any) -> dict[str, tuple[int, int]]:
    rows = (
        queryset.values("commune_id")
        .annotate(h=Count("household_id"), p=Sum("size"))
        .values_list("commune_id", "h", "p")
    )
    return {code: (households, persons or 0) for code, households, persons in rows}


def _enrolled_by_commune(program: Program) -> dict[str, tuple[int, int]]:
    """Active enrolments by the household's commune (one join and GROUP BY; no user text in the SQL)."""
    households, enrollments = RegistryHousehold._meta.db_table, ProgramEnrollment._meta.db_table
    sql = (
        f"SELECT h.commune_id, COUNT(*), SUM(h.size) FROM {enrollments} e JOIN {households} h "  # noqa: S608
        "ON h.household_id = e.household_id WHERE e.program_id = %s AND e.status = %s GROUP BY h.commune_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [program.pk, ProgramEnrollment.Status.ACTIVE])
        return {code: (households_, int(persons or 0)) for code, households_, persons in cursor.fetchall()}


def _rollup(
    by_commune: dict[str, tuple[int, int]], level: str, parents: dict[str, tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    if level == "commune":
        return by_commune
    totals: dict[str, list[int]] = {}
    for commune, (households, persons) in by_commune.items():
        province, region = parents.get(commune, ("", ""))
        key = {"province": province, "region": region, "nation": "MA"}[level]
        total = totals.setdefault(key, [0, 0])
        total[0] += households
        total[1] += persons
    return {key: (values[0], values[1]) for key, values in totals.items()}


def _served(level: str) -> dict[str, int]:
    from jisr.cases.models import Case

    key = {"region": "region_code", "province": "province_id", "commune": "center__commune_id", "nation": None}[level]
    if key is None:
        return {"MA": Case.objects.values("person").distinct().count()}
    rows = Case.objects.values(key).annotate(n=Count("person", distinct=True)).values_list(key, "n")
    return dict(rows)


@dataclass
class Aggregates:
    """The figures of a program by commune, computed once and rolled up to every level."""

    registered: dict[str, tuple[int, int]]
    eligible: dict[str, tuple[int, int]]
    enrolled: dict[str, tuple[int, int]]
    parents: dict[str, tuple[str, str]]


def aggregates(program: Program, registered: dict[str, tuple[int, int]] | None = None) -> Aggregates:
    """Three GROUP BY commune (registered — reusable across programs —, eligible, enrolled)."""
    return Aggregates(
        registered=registered if registered is not None else _by_commune(RegistryHousehold.objects.all()),
        eligible=_by_commune(eligible(program.rule)),
        enrolled=_enrolled_by_commune(program),
        parents=_commune_parents(),
    )


def coverage(program: Program, level: str = "region", parent: str | None = None, suppress_small: bool = False,
             computed: Aggregates | None = None) -> list[CoverageRow]:  # fmt: skip
    """One row per territory of `level` (within `parent`), with every figure of the module docstring."""
    if level not in LEVELS:
        raise ValueError(level)
    data = computed or aggregates(program)
    units = _territories(level, parent)
    census = _census(level, [code for code, _name in units])
    registered, entitled, enrolled = (_rollup(source, level, data.parents)
                                      for source in (data.registered, data.eligible, data.enrolled))  # fmt: skip
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
