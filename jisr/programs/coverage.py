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

For viewers who do not see personal data, counts under 5 (but not 0) are hidden (None), and so are
their complements (`jisr.core.disclosure`): a territory's figure is the sum of its units' one level
down, and a user can open every level, so the suppression is computed once over the whole hierarchy
(nation = regions, region = provinces, province = communes) for each figure, and every page, API
answer and export shows its slice of it. A hidden commune cannot be worked out from its province's
total, nor a hidden province from its region's. Census figures are public and never hidden.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Sum

from jisr.core import disclosure, maplayers
from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.rules import eligible
from jisr.registry.models import RegistryHousehold

LEVELS = {"region": "region_code", "province": "province_code", "commune": "commune_id", "nation": None}
HIERARCHY = ["nation", "region", "province", "commune"]
PROTECTED = ["registered", "eligible", "enrolled"]  # the census figures are public: never hidden


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


def stored_keys(program: Program) -> dict[str, str]:
    """The social map's layers that hold the coverage figures of `program` (figure → layer key)."""
    keys = {"registered_households": "registry.households", "registered_persons": "registry.persons",
            "served_persons": "cases.persons"}  # fmt: skip
    for figure in ("eligible", "enrolled"):
        for unit in ("households", "persons"):
            keys[f"{figure}_{unit}"] = f"programs.{program.code}.{figure}_{unit}"
    return keys


def computed_at(program: Program) -> datetime.datetime | None:
    """When the stored figures of the program were computed (None: they are computed on each request)."""
    return maplayers.stored_at(list(stored_keys(program).values()))


def coverage(program: Program, level: str = "region", parent: str | None = None, suppress_small: bool = False,
             computed: Aggregates | None = None) -> list[CoverageRow]:  # fmt: skip
    """One row per territory of `level` (within `parent`), with every figure of the module docstring.

    With `suppress_small`, the small counts and their complements over the whole hierarchy are None.
    The figures are read from the social map's stored layers (one indexed read, refreshed after each
    import, scoring and enrolment); before the first refresh they are computed here, the same way."""
    if level not in LEVELS:
        raise ValueError(level)
    units = _territories(level, parent)
    census = _census(level, [code for code, _name in units])
    keys = stored_keys(program)
    stored = None if computed else maplayers.stored_values(list(keys.values()), level, [code for code, _n in units])
    if stored is not None:
        return [CoverageRow(code=code, name=name, figures={
            "census_households": census.get(code, (0, 0))[0], "census_population": census.get(code, (0, 0))[1],
            **{figure: _stored_count(stored[key].get(code), suppress_small) for figure, key in keys.items()}})
            for code, name in units]  # fmt: skip
    data = computed or aggregates(program)
    levels = [level] if not suppress_small else HIERARCHY
    sources = {"registered": data.registered, "eligible": data.eligible, "enrolled": data.enrolled}
    figures_by_level = {at: _figures(at, sources, data.parents) for at in levels}
    hidden = _hidden(figures_by_level, data.parents) if suppress_small else set()
    rows = []
    for code, name in units:
        figures: dict[str, int | None] = {"census_households": census.get(code, (0, 0))[0],
                                          "census_population": census.get(code, (0, 0))[1]}  # fmt: skip
        for figure, counts in figures_by_level[level].items():
            figures[figure] = None if (level, code, figure) in hidden else counts.get(code, 0)
        rows.append(CoverageRow(code=code, name=name, figures=figures))
    return rows


def _stored_count(cell: tuple[float, bool] | None, suppress_small: bool) -> int | None:
    if cell is None:
        return 0
    value, hidden = cell
    return None if hidden and suppress_small else int(value)


def _figures(
    level: str, sources: dict[str, dict[str, tuple[int, int]]], parents: dict[str, tuple[str, str]]
) -> dict[str, dict[str, int]]:
    """Every protected figure of every territory of `level`: figure → territory code → count."""
    figures: dict[str, dict[str, int]] = {"served_persons": _served(level)}
    for prefix, source in sources.items():
        rolled = _rollup(source, level, parents)
        figures[f"{prefix}_households"] = {code: households for code, (households, _people) in rolled.items()}
        figures[f"{prefix}_persons"] = {code: people for code, (_households, people) in rolled.items()}
    return figures


def _hidden(
    figures_by_level: dict[str, dict[str, dict[str, int]]], parents: dict[str, tuple[str, str]]
) -> set[tuple[str, str, str]]:
    """(level, code, figure) of every count hidden: the suppression of each figure over the hierarchy.

    The persons served are distinct persons per territory (one with cases in two provinces counts in
    both), so their sums are not exact; they are protected as if they were, which hides no less."""
    sums = disclosure.hierarchy_sums(parents)
    cells = {cell for line in sums for cell in line.cells()}
    hidden: set[tuple[str, str, str]] = set()
    for figure in figures_by_level["nation"]:
        values = {(at, code): figures_by_level[at][figure].get(code, 0) for at, code in cells}
        hidden.update((at, code, figure) for at, code in disclosure.suppress(values, sums))
    return hidden
