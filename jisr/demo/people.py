"""Demo and benchmark beneficiaries: households of realistic size around the demo centers.

Rows are bulk-inserted (the services' per-person duplicate check would make a national-scale load
take hours); the match keys are computed by the same `jisr.people.names` functions the services
use, so search and duplicate detection behave exactly as on records created through intake.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jisr.centers.models import Center
from jisr.demo.person_names import random_person
from jisr.people.models import Household, Person
from jisr.people.names import person_keys

HOUSEHOLD_SIZES = [1, 2, 3, 4, 5, 6, 7]
HOUSEHOLD_WEIGHTS = [10, 14, 18, 22, 18, 11, 7]  # mean ≈ 4 persons, close to the 2024 census (3.9)
CIN_LETTERS = ["A", "B", "BE", "BH", "BJ", "BK", "C", "CB", "D", "E", "EE", "F", "G", "H", "I", "J", "JA", "JB",
               "JC", "JE", "JH", "JK", "JM", "JT", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "U", "V", "W",
               "X", "Y", "Z"]  # fmt: skip


def _cin(serial: int) -> str:
    """A unique, well-formed CIN for each serial below 39 million."""
    return f"{CIN_LETTERS[serial // 1_000_000 % len(CIN_LETTERS)]}{serial % 1_000_000}"


def _birth_date(rng: random.Random, today: datetime.date, low: int, high: int) -> tuple[datetime.date, bool]:
    age = rng.randint(low, high)
    if rng.random() < 0.15:  # only an approximate age is known
        return datetime.date(today.year - age, 7, 1), True
    return today - datetime.timedelta(days=age * 365 + rng.randint(0, 364)), False


def _member(rng: random.Random, head: dict[str, str], relation: str) -> dict[str, str]:
    names = random_person(rng)
    if relation in (Person.Relation.CHILD, Person.Relation.SIBLING, Person.Relation.GRANDCHILD):
        names["last_name_ar"], names["last_name_latin"] = head["last_name_ar"], head["last_name_latin"]
    return names


def generate_people(
    *,
    centers: Sequence[Center],
    count: int,
    seed: int,
    created_by: Any = None,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    cin_offset: int = 0,
) -> int:
    """Insert about `count` persons in households registered at `centers` (deterministic for a seed)."""
    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    today = timezone.localdate()
    created = 0
    serial = cin_offset
    households: list[Household] = []
    persons: list[Person] = []

    def flush() -> None:
        with transaction.atomic():
            Household.objects.bulk_create(households, batch_size=batch_size)
            Person.objects.bulk_create(persons, batch_size=batch_size)
        households.clear()
        persons.clear()

    while created < count:
        center = rng.choice(centers)
        household = Household(
            commune_id=center.commune_id, province_id=center.province_id, region_code=center.region_code
        )
        households.append(household)
        size = min(rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0], count - created)
        head = random_person(rng)
        for index in range(size):
            if index == 0:
                names, relation, (born, estimated) = head, Person.Relation.HEAD, _birth_date(rng, today, 22, 85)
            elif index == 1 and size > 2:
                names, relation = _member(rng, head, Person.Relation.SPOUSE), Person.Relation.SPOUSE
                born, estimated = _birth_date(rng, today, 20, 80)
            else:
                names, relation = _member(rng, head, Person.Relation.CHILD), Person.Relation.CHILD
                born, estimated = _birth_date(rng, today, 0, 30)
            serial += 1
            adult = (today - born).days >= 18 * 365
            persons.append(
                Person(
                    **names,
                    **person_keys(
                        first_ar=names["first_name_ar"],
                        last_ar=names["last_name_ar"],
                        first_latin=names["first_name_latin"],
                        last_latin=names["last_name_latin"],
                    ),
                    birth_date=born,
                    birth_date_is_estimated=estimated,
                    cin=_cin(serial) if adult and rng.random() < 0.8 else None,
                    phone=f"+2126{serial % 100_000_000:08d}" if adult and rng.random() < 0.7 else "",
                    commune_id=center.commune_id,
                    province_id=center.province_id,
                    region_code=center.region_code,
                    household=household,
                    relation_to_head=relation,
                    registered_at=center,
                    registered_province_id=center.province_id,
                    registered_region_code=center.region_code,
                    created_by=created_by,
                )
            )
            created += 1
        if len(persons) >= batch_size:
            flush()
            if progress:
                progress(created)
    if persons:
        flush()
        if progress:
            progress(created)
    return created
