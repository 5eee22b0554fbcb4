"""The demo centers plan: ~240 Jisr new-generation centers and ~3,000 other Entraide Nationale centers.

The plan is a pure function of the territories and a fixed seed, so two fresh databases get the same
codes, names and figures. The small variant is a subset of the full plan (same codes, same values),
so loading the full set after the small one only adds what is missing.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from jisr.centers.models import Center
from jisr.territories.models import Commune, Province

SEED = "jisr-demo-2025"
CODE_PREFIX = "demo-"
RSK_REGION = "04"
JISR_TOTAL = 240
RSK_CENTERS_PER_PROVINCE = 3  # 7 provinces × 3 = the 21 centers under rehabilitation in Rabat-Salé-Kénitra
OTHER_TOTAL = 3000
SMALL_OTHER_STRIDE = 15  # every 15th other center → 200 in the small variant
PROGRAMME_BUDGET_MAD = 200_000_000
BUDGET_UNIT_MAD = 1_000  # budgets are whole thousands of dirhams, as in the programme's tables

# The pilot centers, open in the seat of their province.
PILOTS: dict[str, str] = {
    "11.221": "smara",
    "11.321": "laayoune",
    "01.511": "tanger",
    "02.411": "oujda",
    "09.001": "agadir",
    "08.201": "errachidia",
}

Status = Center.Rehabilitation
# Kind of the other centers with their weight in urban and in rural communes.
OTHER_KIND_WEIGHTS: dict[str, tuple[int, int]] = {
    Center.Kind.EDUCATION_TRAINING: (22, 30),
    Center.Kind.KINDERGARTEN: (18, 25),
    Center.Kind.WOMEN: (12, 14),
    Center.Kind.APPRENTICESHIP: (11, 8),
    Center.Kind.DISABILITY: (9, 5),
    Center.Kind.DISABILITY_ORIENTATION: (3, 1),
    Center.Kind.ELDERLY: (6, 3),
    Center.Kind.CHILD_PROTECTION: (7, 4),
    Center.Kind.SOCIAL_SUPPORT: (12, 10),
}
# Jisr centers beyond the seat one: mostly multi-function, some women's and disability centers.
JISR_NAME_KEYS = [("multifunction", Center.Kind.MULTIFUNCTION), ("jisr_women", Center.Kind.WOMEN)]
JISR_NAME_KEYS += [("jisr_disability", Center.Kind.DISABILITY)]
JISR_NAME_WEIGHTS = [70, 15, 15]


@dataclass
class PlannedCenter:
    code: str
    name_key: str
    kind: str
    is_jisr: bool
    commune: Commune
    organization_key: str
    rehabilitation_status: str = Status.NONE
    budget_mad: int | None = None
    at_seat: bool = False
    in_small: bool = False
    duplicate_index: int = 0
    is_pilot: bool = False


def largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` in proportion to integer weights (Hamilton's method, ties by key): sums to `total`."""
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        return dict.fromkeys(weights, 0)
    quotas = {key: total * weight // weight_sum for key, weight in weights.items()}
    remainders = sorted(weights, key=lambda key: (-(total * weights[key] % weight_sum), key))
    for key in remainders[: total - sum(quotas.values())]:
        quotas[key] += 1
    return quotas


def distribute_budget(total_mad: int, weights: list[int]) -> list[int]:
    """Integer shares of `total_mad` in whole BUDGET_UNIT_MAD, the remainder on the first: sums exactly."""
    units = total_mad // BUDGET_UNIT_MAD
    weight_sum = sum(weights)
    shares = [units * weight // weight_sum for weight in weights]
    shares[0] += units - sum(shares)
    amounts = [share * BUDGET_UNIT_MAD for share in shares]
    amounts[0] += total_mad - units * BUDGET_UNIT_MAD
    return amounts


def _slug(code: str) -> str:
    return code.replace(".", "-")


def _plan_jisr(
    rng: random.Random, provinces: list[Province], communes_by_province: dict[str, list[Commune]]
) -> list[PlannedCenter]:
    outside_rsk = {p.code: p.population_2024 for p in provinces if p.region_id != RSK_REGION}
    rsk = [p for p in provinces if p.region_id == RSK_REGION]
    extra = largest_remainder(JISR_TOTAL - len(outside_rsk) - len(rsk) * RSK_CENTERS_PER_PROVINCE, outside_rsk)
    planned: list[PlannedCenter] = []
    for province in provinces:
        communes = communes_by_province[province.code]
        in_rsk = province.region_id == RSK_REGION
        count = RSK_CENTERS_PER_PROVINCE if in_rsk else 1 + extra[province.code]
        for number in range(1, count + 1):
            seat = number == 1
            pilot = PILOTS.get(province.code) if seat else None
            if seat:
                commune = communes[0]  # the most populous commune: the provincial seat in practice
                name_key, kind = JISR_NAME_KEYS[0]
            else:
                commune = rng.choices(communes, weights=[c.population_2024 or 1 for c in communes])[0]
                name_key, kind = rng.choices(JISR_NAME_KEYS, weights=JISR_NAME_WEIGHTS)[0]
            if pilot:
                status = Status.OPERATIONAL
            elif in_rsk:
                status = rng.choice([Status.STUDIES, Status.WORKS])
            else:
                status = rng.choices([Status.PLANNED, Status.STUDIES, Status.WORKS, Status.OPERATIONAL], [2, 3, 3, 2])[
                    0
                ]
            planned.append(
                PlannedCenter(
                    code=f"{CODE_PREFIX}jisr-{pilot}"
                    if pilot
                    else f"{CODE_PREFIX}jisr-{_slug(province.code)}-{number:02d}",
                    name_key=name_key,
                    kind=kind,
                    is_jisr=True,
                    commune=commune,
                    organization_key="entraide-nationale",
                    rehabilitation_status=status,
                    at_seat=seat,
                    in_small=seat or in_rsk,
                    is_pilot=bool(pilot),
                )
            )
    # The pilots' budgets come first so that the rounding remainder lands on a pilot.
    planned.sort(key=lambda plan: not plan.is_pilot)
    weights = [rng.randint(600, 1400) + (400 if plan.kind == Center.Kind.MULTIFUNCTION else 0) for plan in planned]
    for plan, amount in zip(planned, distribute_budget(PROGRAMME_BUDGET_MAD, weights), strict=True):
        plan.budget_mad = amount
    return planned


def _plan_others(rng: random.Random, communes: list[Commune]) -> list[PlannedCenter]:
    per_commune = largest_remainder(OTHER_TOTAL, {c.code: c.population_2024 for c in communes})
    kinds = list(OTHER_KIND_WEIGHTS)
    planned: list[PlannedCenter] = []
    for commune in communes:
        column = 0 if commune.kind == Commune.Kind.URBAN else 1
        weights = [OTHER_KIND_WEIGHTS[kind][column] for kind in kinds]
        for number in range(1, per_commune[commune.code] + 1):
            kind = rng.choices(kinds, weights=weights)[0]
            # Associations run a share of the kindergartens and disability centers under partnership.
            by_association = kind in {Center.Kind.KINDERGARTEN, Center.Kind.DISABILITY} and rng.random() < 0.4
            planned.append(
                PlannedCenter(
                    code=f"{CODE_PREFIX}c-{_slug(commune.code)}-{number:02d}",
                    name_key=str(kind),
                    kind=kind,
                    is_jisr=False,
                    commune=commune,
                    organization_key=(
                        f"association-{_slug(commune.province_id)}" if by_association else "entraide-nationale"
                    ),
                    in_small=len(planned) % SMALL_OTHER_STRIDE == 0,
                )
            )
    return planned


def plan_centers(provinces: list[Province], communes: list[Commune]) -> list[PlannedCenter]:
    """The full demo plan, Jisr centers first; `in_small` marks the small variant's subset."""
    rng = random.Random(SEED)  # noqa: S311 — demo data, not security
    communes = sorted(communes, key=lambda c: c.code)
    by_province: dict[str, list[Commune]] = defaultdict(list)
    for commune in sorted(communes, key=lambda c: (-c.population_2024, c.code)):
        by_province[commune.province_id].append(commune)
    planned = _plan_jisr(rng, sorted(provinces, key=lambda p: p.code), by_province)
    planned += _plan_others(rng, communes)
    seen: Counter[tuple[str, str]] = Counter()
    for plan in planned:
        plan.duplicate_index = seen[(plan.commune.code, plan.name_key)]
        seen[(plan.commune.code, plan.name_key)] += 1
    return planned
