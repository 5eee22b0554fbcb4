"""The demo centers' rehabilitation works: a works record for each of the ~240 Jisr centers of the plan.

Each center's phase follows the rehabilitation status its plan already gives it (so the directory's, the map's
and the home's figures do not move): "planned" is identified, "studies" the study or the tender, "works" the
works, the equipment or the acceptance, "operational" opened. Budgets are the plan's (they sum to
200,000,000 MAD). Durations, slips and the share of late centers are drawn from a stream seeded by the
center's code; the dates are laid out around the day the demo is loaded, so that a demo loaded today shows
centers on time and late ones today.
"""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal

from django.utils import timezone

from jisr.centers.models import Center, CenterWorks, ServiceType, WorksPhase
from jisr.centers.works.models import PHASE_ORDER, Phase
from jisr.demo.center_details import DEMO_NAMESPACE, JISR_SERVICES, KIND_SERVICES
from jisr.demo.centers import CODE_PREFIX, SEED

Status = Center.Rehabilitation
PHASES_OF_STATUS: dict[str, list[str]] = {
    Status.PLANNED: [Phase.IDENTIFIED],
    Status.STUDIES: [Phase.STUDY, Phase.STUDY, Phase.TENDER],
    Status.WORKS: [Phase.WORKS, Phase.WORKS, Phase.WORKS, Phase.EQUIPMENT, Phase.ACCEPTANCE],
    Status.OPERATIONAL: [Phase.OPERATIONAL],
}
# Days each phase lasts in the programme's plans (low, high); "operational" is the opening day.
DURATIONS: dict[str, tuple[int, int]] = {
    Phase.IDENTIFIED: (45, 120),
    Phase.STUDY: (120, 240),
    Phase.TENDER: (60, 120),
    Phase.WORKS: (240, 480),
    Phase.EQUIPMENT: (60, 120),
    Phase.ACCEPTANCE: (30, 60),
    Phase.OPERATIONAL: (1, 1),
}
LATE_SHARE = 0.2  # of the centers not yet open, past the planned end of their current phase
PROGRESS: dict[str, tuple[int, int]] = {
    Phase.IDENTIFIED: (0, 0),
    Phase.STUDY: (3, 8),
    Phase.TENDER: (8, 12),
    Phase.WORKS: (15, 70),
    Phase.EQUIPMENT: (72, 85),
    Phase.ACCEPTANCE: (88, 96),
    Phase.OPERATIONAL: (100, 100),
}
CONTRACTORS = [
    "Atlas Bâtiment et Travaux",
    "Société Souss Construction",
    "Entreprise Rif Génie Civil",
    "Sahara Travaux Divers",
    "Oriental Bâtiment",
    "Tafilalet Construction",
    "Sebou Travaux",
    "Tensift Génie Civil",
]


def _works_rows(center: Center, today: datetime.date) -> tuple[CenterWorks, list[WorksPhase], list[str]]:
    rng = random.Random(f"{SEED}/works/{center.code}")  # noqa: S311 — demo data, not security
    phase = rng.choice(PHASES_OF_STATUS.get(center.rehabilitation_status, [Phase.IDENTIFIED]))
    current = PHASE_ORDER.index(phase)
    days = {name: rng.randint(*DURATIONS[name]) for name in PHASE_ORDER}
    if phase == Phase.OPERATIONAL:
        opened = today - datetime.timedelta(days=rng.randint(30, 500))
        identified = opened - datetime.timedelta(days=sum(days[name] for name in PHASE_ORDER[:-1]))
    else:
        late = rng.random() < LATE_SHARE
        into = days[phase] + rng.randint(15, 150) if late else int(days[phase] * rng.uniform(0.1, 0.9))
        identified = today - datetime.timedelta(days=sum(days[name] for name in PHASE_ORDER[:current]) + into)
    rows: list[WorksPhase] = []
    start = identified
    works_id = uuid.uuid5(DEMO_NAMESPACE, f"works/{center.code}")
    for index, name in enumerate(PHASE_ORDER):
        end = start + datetime.timedelta(days=days[name] - 1)
        row = WorksPhase(id=uuid.uuid5(DEMO_NAMESPACE, f"works/{center.code}/{name}"), works_id=works_id, phase=name,
                         planned_start=start, planned_end=end)  # fmt: skip
        if index < current:
            row.actual_start, row.actual_end = start, end + datetime.timedelta(days=1)
        elif index == current:
            row.actual_start = start
            if name == Phase.OPERATIONAL:
                row.actual_end = start
        rows.append(row)
        start = end + datetime.timedelta(days=1)
    low, high = PROGRESS[phase]
    works = CenterWorks(
        id=works_id,
        center=center,
        phase=phase,
        contractor=rng.choice(CONTRACTORS) if current >= PHASE_ORDER.index(Phase.TENDER) + 1 else "",
        progress_percent=rng.randint(low, high),
        budget_mad=center.rehabilitation_budget_mad or Decimal(0),
    )
    services = KIND_SERVICES.get(center.kind, []) if center.kind != Center.Kind.MULTIFUNCTION else JISR_SERVICES
    return works, rows, list(services or JISR_SERVICES)


def load_demo_works() -> dict[str, int]:
    """A works record (with its seven phases and the services it will offer) for each demo Jisr center
    that has none; idempotent."""
    today = timezone.localdate()
    centers = Center.objects.filter(code__startswith=CODE_PREFIX, is_jisr=True, works__isnull=True).exclude(
        rehabilitation_status=Status.NONE
    )
    service_types = {service.code: service for service in ServiceType.objects.all()}
    works_rows: list[CenterWorks] = []
    phase_rows: list[WorksPhase] = []
    wanted: list[tuple[CenterWorks, list[str]]] = []
    for center in centers.order_by("code"):
        works, rows, codes = _works_rows(center, today)
        works_rows.append(works)
        phase_rows += rows
        wanted.append((works, codes))
    CenterWorks.objects.bulk_create(works_rows, batch_size=500)
    WorksPhase.objects.bulk_create(phase_rows, batch_size=1000)
    through = CenterWorks.future_services.through
    links = [
        through(centerworks_id=works.pk, servicetype_id=service_types[code].pk)
        for works, codes in wanted
        for code in codes
        if code in service_types
    ]
    through.objects.bulk_create(links, batch_size=1000)
    return {"works": len(works_rows)}


def delete_demo_works() -> int:
    """The demo centers' works records (and their phases), before the centers themselves."""
    return CenterWorks.objects.filter(center__code__startswith=CODE_PREFIX).delete()[0]
