"""The demo registry: synthetic households scored with the illustrative PMT model, and two demo
programs (AMO Tadamon and direct social aid, with the thresholds cited in public reports — unofficial)
whose enrolment lags behind eligibility, so that the coverage pages show a real gap map.

The members of the households of three pilot communes are imported too (persons of the index, through
the same import as a registry file), a few of them the same people as beneficiaries already received at
a demo center — declared under the same names and birth date, without their CIN — so that record
linkage has real duplicates to find."""

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
MEMBER_COMMUNES = ["01.511.01.0", "02.411.01.23", "09.001.01.01"]  # Tanger, Oujda, Agadir: ~7,000 households
ALREADY_BENEFICIARIES = 12  # demo beneficiaries declared again as registry members
PROGRAMS = [
    ("amo-tadamon", "أمو تضامن", "AMO Tadamon", "AMO Tadamon", 9.3264284),
    ("direct-aid", "الدعم الاجتماعي المباشر", "Aide sociale directe", "Direct social aid", 9.743001),
]  # fmt: skip


def load_demo_registry(*, small: bool, seed: int) -> dict[str, int]:
    """Idempotent: nothing happens when the registry already holds households."""
    from jisr.programs.models import Program, ProgramEnrollment
    from jisr.programs.rules import eligible
    from jisr.registry.importing.households import import_households
    from jisr.registry.members import import_members
    from jisr.registry.models import PmtModel, RegistryHousehold
    from jisr.registry.pmt import model_import, score_all
    from jisr.registry.synthetic import write_file

    if RegistryHousehold.objects.exists():
        return {}
    households = DEMO_HOUSEHOLDS["small" if small else "full"]
    with tempfile.TemporaryDirectory() as folder:
        path, members_path = Path(folder) / "registry.csv", Path(folder) / "members.csv"
        write_file(path, households=households, seed=seed)
        outcome, _errors, _invalid = import_households(path, update=False)
        duplicates = _members_file(members_path, households=households, seed=seed)
        members, _errors, _invalid = import_members(members_path, update=False)
    model = PmtModel.objects.order_by("-version").first() or model_import(
        acting_user=None, definition=json.loads((DOCS / "pmt-illustrative.json").read_text("utf-8"))
    )
    score_all(model)
    counts = {"households": outcome.created, "invalid_rows": outcome.invalid, "members": members.created,
              "members_already_beneficiaries": duplicates}  # fmt: skip
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


def _members_file(path: Path, *, households: int, seed: int) -> int:
    """Write the members of the imported households of MEMBER_COMMUNES (drawn from the same seed as the
    households file), a few of them replaced by demo beneficiaries of those communes; how many were."""
    import polars as pl

    from jisr.demo.centers import CODE_PREFIX
    from jisr.people.models import Person
    from jisr.registry.importing.validation import parsed_date
    from jisr.registry.models import RegistryHousehold
    from jisr.registry.synthetic import clean_households, generate_members, write

    clean, _rng = clean_households(households=households, seed=seed * 1000, first_id=0)  # as write_file draws them
    imported = RegistryHousehold.objects.filter(commune_id__in=MEMBER_COMMUNES).values_list("household_id", flat=True)
    clean = clean.filter(pl.col("household_id").is_in(list(imported)))
    members = generate_members(clean, seed=seed, duplicates=0, errors=0.002).with_row_index("_row")
    # where a beneficiary can stand: an adult who is neither head nor spouse, in the beneficiary's commune
    age = (parsed_date("declared_on") - parsed_date("birth_date")).dt.total_days() / 365.25
    places = (
        members.join(clean.select("household_id", "commune_code"), on="household_id", how="left")
        .filter(pl.col("relation").is_in(["child", "sibling", "other_relative"]) & age.is_between(16, 58))
        .sample(fraction=1.0, shuffle=True, seed=seed)
    )  # fmt: skip
    today = timezone.localdate()
    beneficiaries = Person.objects.filter(
        registered_at__code__startswith=CODE_PREFIX, commune_id__in=MEMBER_COMMUNES, birth_date_is_estimated=False,
        merged_into=None, birth_date__year__range=(today.year - 55, today.year - 20),
    ).order_by("last_name_ar", "first_name_ar", "last_name_latin", "first_name_latin", "birth_date", "cin")  # fmt: skip
    chosen: dict[int, Person] = {}
    for person in beneficiaries.iterator():
        free = places.filter((pl.col("commune_code") == person.commune_id) & ~pl.col("_row").is_in(list(chosen)))
        if free.height:
            chosen[free["_row"][0]] = person
        if len(chosen) == ALREADY_BENEFICIARIES:
            break
    rows, persons = list(chosen), list(chosen.values())
    frame = members.drop("_row")
    identity = {name: [getattr(person, name) for person in persons] for name in
                ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "sex", "phone")}  # fmt: skip
    identity["birth_date"] = [person.birth_date.isoformat() for person in persons]  # type: ignore[union-attr]
    identity["civil_register_id"] = identity["cin"] = [""] * len(persons)  # their CIN is on their record only
    write(frame.with_columns(frame[name].scatter(rows, values) for name, values in identity.items()), path)
    return len(chosen)


def delete_demo_registry() -> None:
    from jisr.people.models import Person
    from jisr.programs.models import Program
    from jisr.registry.models import RegistryHousehold

    Program.objects.filter(code__in=[code for code, *_rest in PROGRAMS]).delete()
    Person.objects.filter(registry_member__household__household_id__startswith="RSU").delete()
    RegistryHousehold.objects.filter(household_id__startswith="RSU").delete()
