"""“Where next”: territories ranked by unmet need, from the stored values only (formulas in docs/socialmap.md).

Each ranking lists the provinces of the reader's territory (or the communes of a province), highest
need first, with the figures the score is made of and the formula beside it:

- **registry gap** (per program): eligible persons − enrolled persons;
- **disability places**: estimated persons with a disability (2024 census prevalence × population)
  per place in an operational disability center; territories with no place at all come first,
  ordered by their estimated persons with a disability;
- **women without a women's center**: women aged 15 and over outside the labour force (2024
  census), in territories with no operational women's center (the others score 0 and are not listed);
- **no Jisr center**: the provinces and prefectures that still have no operational new-generation
  center, against the goal of one in each, by population.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from jisr.socialmap.models import Indicator, IndicatorValue
from jisr.socialmap.selectors import Place, children

Row = dict[str, Any]


@dataclass
class Ranking:
    key: str
    title: Any
    formula: Any
    columns: list[tuple[str, Any]]  # (figure key, label)
    rows: list[Row] = field(default_factory=list)


def _latest(key: str, places: list[Place], sex: str = "all", *, sees_counts: bool) -> dict[str, float | None]:
    """code → the latest year's value (None when hidden from the reader)."""
    indicator = Indicator.objects.filter(key=key).first()
    if indicator is None:
        return {}
    rows = IndicatorValue.objects.filter(indicator=indicator, sex=sex, level__in={p.level for p in places},
                                         code__in=[p.code for p in places]).order_by("year")  # fmt: skip
    values: dict[str, float | None] = {}
    for code, value, hidden in rows.values_list("code", "value", "hidden"):
        values[code] = None if hidden and indicator.protected and not sees_counts else value
    return values


def rankings(within: Place, *, sees_counts: bool, limit: int = 15) -> list[Ranking]:
    """The rankings of the territories one level below `within` (provinces of a region or of the nation)."""
    places = children(within) if within.level != "nation" else _provinces_of_nation(within)
    if not places:
        return []
    names = {p.code: p for p in places}
    result = []
    population = _latest("population", places, sees_counts=sees_counts)

    def rows_of(scores: dict[str, tuple[float | None, Row]]) -> list[Row]:
        ordered = sorted(scores.items(), key=lambda item: (item[1][0] is None, -(item[1][0] or 0), item[0]))
        return [{"place": names[code], "score": score, **figures} for code, (score, figures) in ordered[:limit]]

    for indicator in Indicator.objects.filter(key__startswith="programs.", key__endswith=".gap").order_by("order"):
        gap = _latest(indicator.key, places, sees_counts=sees_counts)
        program = indicator.key.split(".")[1]
        eligible = _latest(f"programs.{program}.eligible_persons", places, sees_counts=sees_counts)
        enrolled = _latest(f"programs.{program}.enrolled_persons", places, sees_counts=sees_counts)
        scores = {code: (gap.get(code), {"eligible": eligible.get(code), "enrolled": enrolled.get(code)})
                  for code in names}  # fmt: skip
        result.append(Ranking(f"gap-{program}", indicator.name, _("eligible persons − enrolled persons"),
                              [("eligible", _("Eligible persons")), ("enrolled", _("Enrolled persons"))],
                              rows_of(scores)))  # fmt: skip

    estimated = _latest("estimated_disability", places, sees_counts=sees_counts)
    places_disability = _latest("centers.places_disability", places, sees_counts=sees_counts)
    scores = {}
    for code in names:
        persons, seats = estimated.get(code), places_disability.get(code)
        # no place at all: ranked before every ratio, by the persons who have none
        score = None if persons is None else (persons / seats if seats else 1_000_000_000 + persons)
        scores[code] = (
            score,
            {
                "estimated": persons,
                "places": seats,
                "ratio": round(persons / seats, 1) if persons is not None and seats else None,
            },
        )
    result.append(Ranking("disability", _("Persons with a disability per place in a disability center"),
                          _("estimated persons with a disability (prevalence × population, 2024) ÷ places in "
                            "operational disability centers; territories with no place first"),
                          [("estimated", _("Estimated persons with a disability")), ("places", _("Places")),
                           ("ratio", _("Persons per place"))], rows_of(scores)))  # fmt: skip

    inactive = _latest("inactive_15_plus", places, "female", sees_counts=sees_counts)
    activity = _latest("activity_rate", places, "female", sees_counts=sees_counts)
    women_centers = _latest("centers.women", places, sees_counts=True)
    scores = {code: (inactive.get(code), {"inactivity": None if activity.get(code) is None
                                          else round(100 - (activity.get(code) or 0), 1)})
              for code in names if not women_centers.get(code)}  # fmt: skip
    result.append(Ranking("women", _("Inactive women where there is no women's center"),
                          _("women aged 15 and over outside the labour force (2024 census), where no operational "
                            "women's center exists"), [("inactivity", _("Women's inactivity rate (%)"))],
                          rows_of(scores)))  # fmt: skip

    jisr = _latest("centers.jisr", places, sees_counts=True)
    scores = {code: (population.get(code), {}) for code in names
              if names[code].level == "province" and not jisr.get(code)}  # fmt: skip
    result.append(Ranking("no-jisr", _("Provinces and prefectures with no operational Jisr center"),
                          _("operational new-generation centers = 0; goal: one in each province; by population"),
                          [], rows_of(scores)))  # fmt: skip
    for ranking in result:
        for row in ranking.rows:
            row["population"] = population.get(row["place"].code)
    return result


def _provinces_of_nation(nation: Place) -> list[Place]:
    return [province for region in children(nation) for province in children(region)]
