"""`jisr load_strategy`: the framework (pillars, levers, objectives, indicators), the baselines the HCP 2024
census gives, and with `--demo` illustrative targets and actuals. Idempotent: run it again and nothing
changes (a figure whose value is the same is left as it is; one that changed keeps its history).

Illustrative figures are deterministic (a hash of the indicator and territory), marked `illustrative`
and sourced as such; they are for the demo only and say nothing of the regions' real situation.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from jisr.socialmap.models import IndicatorValue
from jisr.strategy.framework import INDICATORS, LEVERS, OBJECTIVES, PILLARS, IndicatorSpec
from jisr.strategy.models import NATION, YEARS, Figure, Indicator, Lever, Objective, Pillar
from jisr.strategy.services import _write
from jisr.territories.models import Region

ILLUSTRATIVE = "Illustrative demo value"
BASELINE_YEAR = 2024
DEMO_ACTUAL_YEARS = (2022, 2023, 2024, 2025)


def _names(names: tuple[str, str, str]) -> dict[str, str]:
    return {"name_ar": names[0], "name_fr": names[1], "name_en": names[2]}


@transaction.atomic
def load_framework() -> int:
    """Write the pillars, levers, objectives and indicators; returns the number of indicators."""
    for order, (code, names) in enumerate(PILLARS.items(), start=1):
        Pillar.objects.update_or_create(code=code, defaults={**_names(names), "order": order})
    levers = {}
    for order, (code, names) in enumerate(LEVERS.items(), start=1):
        levers[code], _created = Lever.objects.update_or_create(code=code, defaults={**_names(names), "order": order})
    for order, (code, (pillar, names)) in enumerate(OBJECTIVES.items(), start=1):
        Objective.objects.update_or_create(
            code=code, defaults={**_names(names), "order": order, "pillar": Pillar.objects.get(code=pillar)}
        )
    for spec in INDICATORS:
        indicator, _created = Indicator.objects.update_or_create(code=spec.code, defaults=_indicator_fields(spec))
        indicator.levers.set([levers[code] for code in spec.levers])
    return len(INDICATORS)


def _indicator_fields(spec: IndicatorSpec) -> dict[str, object]:
    return {
        **_names(spec.names),
        "objective": Objective.objects.get(code=spec.objective),
        "definition": spec.definition,
        "unit": spec.unit,
        "measure": spec.measure,
        "direction": spec.direction,
        "aggregation": spec.aggregation,
        "weight": spec.weight,
        "disaggregations": list(spec.disaggregations),
        "source": spec.source,
        "frequency": spec.frequency,
        "order": spec.order,
    }


@transaction.atomic
def load_census_baselines() -> int:
    """The baselines whose source is the HCP 2024 census, from the social map's census indicators
    (`jisr load_indicators` first); returns the number of baselines written or checked."""
    now, count = timezone.now(), 0
    for spec in INDICATORS:
        if spec.baseline_from is None:
            continue
        key, sex = spec.baseline_from
        indicator = Indicator.objects.get(code=spec.code)
        rows = IndicatorValue.objects.filter(indicator_id=key, sex=sex, year=BASELINE_YEAR,
                                             level__in=("nation", "region", "province"))  # fmt: skip
        for level, code, value in rows.values_list("level", "code", "value"):
            _write(indicator=indicator, kind=Figure.Kind.BASELINE, level=level, code=code, year=BASELINE_YEAR,
                   origin=Figure.Origin.ENTERED, value=value, source=f"HCP, RGPH {BASELINE_YEAR}", comment="",
                   actor=None, now=now)  # fmt: skip
            count += 1
    return count


def _share(*parts: object) -> float:
    """A stable number in [0, 1) from its parts (the same demo on every machine)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _round(spec: IndicatorSpec, value: float) -> float:
    return float(round(value)) if spec.unit == "count" else round(value, 1)


@transaction.atomic
def load_demo_figures() -> int:
    """Illustrative targets 2022–2026 for the nation and every region, and actuals 2022–2025 for every region
    of the indicators a person enters (the computed ones come from the demo's records). A baseline from the
    census is kept; other indicators get an illustrative one."""
    now, count = timezone.now(), 0
    regions = list(Region.objects.order_by("code").values_list("code", flat=True))
    for spec in INDICATORS:
        indicator = Indicator.objects.get(code=spec.code)
        low, high = spec.demo_range
        summed: dict[int, float] = {}
        # the regions first: a nation whose indicator sums its regions gets the sum of their targets
        for level, code in [("region", region) for region in regions] + [("nation", NATION)]:
            start = low + (high - low) * (0.25 + 0.5 * _share(spec.code, code))
            if level == "nation" and spec.aggregation == "sum":
                start = start * len(regions)
            if spec.baseline_from is None:
                _write(indicator=indicator, kind=Figure.Kind.BASELINE, level=level, code=code, year=2021,
                       origin=Figure.Origin.ENTERED, value=_round(spec, start), source=ILLUSTRATIVE, comment="",
                       actor=None, illustrative=True, now=now)  # fmt: skip
                count += 1
            step = (high - low) * 0.04 * (1 if spec.direction == "up" else -1)
            for offset, year in enumerate(YEARS, start=1):
                target = _round(spec, start + step * offset)
                if level == "nation" and spec.aggregation == "sum":
                    target = summed.get(year, target)
                else:
                    summed[year] = summed.get(year, 0.0) + target
                _write(indicator=indicator, kind=Figure.Kind.TARGET, level=level, code=code, year=year,
                       origin=Figure.Origin.ENTERED, value=target, source=ILLUSTRATIVE, comment="", actor=None,
                       illustrative=True, now=now)  # fmt: skip
                count += 1
            if spec.computed or level == "nation":
                continue  # computed from records; the nation's actual is the roll-up of its regions
            for offset, year in enumerate(DEMO_ACTUAL_YEARS, start=1):
                drift = (_share(spec.code, code, year) - 0.6) * (high - low) * 0.12
                _write(indicator=indicator, kind=Figure.Kind.ACTUAL, level=level, code=code, year=year,
                       origin=Figure.Origin.ENTERED, value=_round(spec, start + step * offset + drift),
                       source=ILLUSTRATIVE, comment="", actor=None, illustrative=True, now=now)  # fmt: skip
                count += 1
    return count
