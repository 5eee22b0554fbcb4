"""The demo registry: synthetic households scored with the illustrative PMT model, and two demo
programs (AMO Tadamon and direct social aid, with the thresholds cited in public reports — unofficial)
whose enrolment lags behind eligibility, so that the coverage pages show a real gap map."""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"
DEMO_HOUSEHOLDS = {"full": 100_000, "small": 3_000}
PROGRAMS = [
    ("amo-tadamon", "أمو تضامن", "AMO Tadamon", "AMO Tadamon", 9.3264284),
    ("direct-aid", "الدعم الاجتماعي المباشر", "Aide sociale directe", "Direct social aid", 9.743001),
]  # fmt: skip


def load_demo_registry(*, small: bool, seed: int) -> dict[str, int]:
    """Idempotent: nothing happens when the registry already holds households."""
    from jisr.programs.models import Program, ProgramEnrollment
    from jisr.programs.rules import eligible
    from jisr.registry.importing import import_households
    from jisr.registry.models import PmtModel, RegistryHousehold
    from jisr.registry.pmt import model_import, score_all
    from jisr.registry.synthetic import write_file

    if RegistryHousehold.objects.exists():
        return {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registry.csv"
        write_file(path, households=DEMO_HOUSEHOLDS["small" if small else "full"], seed=seed)
        outcome, _errors, _invalid = import_households(path, update=False)
    model = PmtModel.objects.order_by("-version").first() or model_import(
        acting_user=None, definition=json.loads((DOCS / "pmt-illustrative.json").read_text("utf-8"))
    )
    score_all(model)
    counts = {"households": outcome.created, "invalid_rows": outcome.invalid}
    now = timezone.now()
    with transaction.atomic():
        for code, name_ar, name_fr, name_en, threshold in PROGRAMS:
            rule = {"all": [{"field": "pmt_index", "op": "<=", "value": threshold}]}
            program, _created = Program.objects.update_or_create(
                code=code, defaults={"name_ar": name_ar, "name_fr": name_fr, "name_en": name_en, "rule": rule}
            )
            # Enrolment lags behind registration, more in some regions than others: the gap to show.
            regions = RegistryHousehold.objects.values_list("region_code", flat=True).distinct()
            lag = {
                region: datetime.date(2024, 1, 1) + datetime.timedelta(days=60 * (int(region) % 7))
                for region in regions
            }
            rows: list[Any] = [
                ProgramEnrollment(program=program, household_id=household_id, enrolled_at=now, updated_at=now)
                for household_id, region, declared in eligible(rule).values_list(
                    "household_id", "region_code", "declared_on"
                )  # fmt: skip
                if declared < lag.get(region, datetime.date(2024, 6, 1))
            ]
            ProgramEnrollment.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
            counts[f"enrolled_{code}"] = len(rows)
    return counts


def delete_demo_registry() -> None:
    from jisr.programs.models import Program
    from jisr.registry.models import RegistryHousehold

    Program.objects.filter(code__in=[code for code, *_rest in PROGRAMS]).delete()
    RegistryHousehold.objects.filter(household_id__startswith="RSU").delete()
