"""The programs' signal of the social watch (`jisr.core.watch_signals`): registry coverage below a rate.

Read from the social map's stored figures (`programs.<code>.coverage`: enrolled ÷ eligible households × 100,
and `programs.<code>.eligible_households`), the latest year recomputed, per province or region. The figures are
those of the coverage page and the map: the evaluation does not recompute them (the nightly refresh does).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from jisr.core.watch_signals import CHOICE, NUMBER, PROVINCE, REGION, Firing, Param, Signal
from jisr.core.watch_signals import register_signal as register_watch_signal
from jisr.programs.models import Program
from jisr.socialmap.models import IndicatorValue

_LEVEL = {PROVINCE: IndicatorValue.Level.PROVINCE, REGION: IndicatorValue.Level.REGION}


def _programs() -> list[tuple[str, str]]:
    return [(program.code, program.name) for program in Program.objects.order_by("code")]


def _stored(key: str, level: str) -> dict[str, float]:
    values = IndicatorValue.objects.filter(indicator_id=key, level=_LEVEL[level], sex=IndicatorValue.Sex.ALL)
    latest = values.aggregate(year=Max("year"))["year"]
    return dict(values.filter(year=latest).values_list("code", "value")) if latest else {}


def _province_regions(codes: Iterable[str]) -> dict[str, str]:
    from jisr.territories.models import Province

    return dict(Province.objects.filter(code__in=list(codes)).values_list("code", "region_id"))


def coverage_firings(params: Mapping[str, Any], level: str, today: datetime.date) -> Iterable[Firing]:
    key = f"programs.{params['program']}"
    coverage, eligible = _stored(f"{key}.coverage", level), _stored(f"{key}.eligible_households", level)
    regions = _province_regions(coverage) if level == PROVINCE else {code: code for code in coverage}
    for code, rate in sorted(coverage.items()):
        households = eligible.get(code, 0)
        if rate < params["rate"] and households >= params["min_eligible"]:
            yield Firing(
                level=level,
                code=code,
                region_code=regions.get(code, ""),
                province_code=code if level == PROVINCE else "",
                value=round(rate, 1),
                reference=params["rate"],
                figures={"coverage": round(rate, 1), "eligible": households},
            )


SIGNAL = Signal(
    code="programs.coverage_below",
    label=_("Program coverage below a rate"),
    description=_(
        "The share of a program's eligible households in the social registry that are enrolled, as the social "
        "map last computed it. Fires where it is below the rate and there are at least the minimum number of "
        "eligible households."
    ),
    params=(
        Param("program", _("Program"), kind=CHOICE, choices=_programs),
        Param("rate", _("Coverage below (%)"), kind=NUMBER, minimum=0, maximum=100, default=50),
        Param("min_eligible", _("Minimum number of eligible households"), minimum=1, maximum=10_000_000, default=20),
    ),
    levels=(PROVINCE, REGION),
    evaluate=coverage_firings,
    order=40,
    figures={"coverage": _("Coverage (%)"), "eligible": _("Eligible households")},
)


def register() -> None:
    register_watch_signal(SIGNAL)
