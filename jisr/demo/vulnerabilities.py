"""The vulnerabilities of the demo's persons with a case, so that the strategy's computed indicators
(persons with a disability reaching employment, elderly persons and children without family support taken
in care, violence cases per 10,000 women) count something in the demo. Deterministic (a hash of the
person's id and the seed) and idempotent: persons that already have a vulnerability are left as they are.
"""

from __future__ import annotations

import datetime
import hashlib

from jisr.demo.centers import CODE_PREFIX
from jisr.people.models import Person, Vulnerability


def _share(seed: int, *parts: object) -> float:
    digest = hashlib.sha256("|".join(map(str, (seed, *parts))).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _categories(person: Person, seed: int, today: datetime.date) -> list[str]:
    age = (today - person.birth_date).days // 365 if person.birth_date else 35
    draw = _share(seed, person.pk)
    found: list[str] = []
    if age >= 60 and draw < 0.6:
        found.append(Vulnerability.Category.ELDERLY)
    if age < 18 and draw < 0.3:
        found.append(Vulnerability.Category.CHILD_WITHOUT_SUPPORT)
    if person.sex == Person.Sex.FEMALE and 18 <= age < 60 and draw < 0.3:
        found.append(Vulnerability.Category.VIOLENCE_VICTIM)
    if _share(seed, person.pk, "disability") < 0.2:
        found.append(Vulnerability.Category.DISABILITY)
    if age >= 18 and _share(seed, person.pk, "homeless") < 0.03:
        found.append(Vulnerability.Category.HOMELESS)
    return found


def load_demo_vulnerabilities(*, seed: int) -> int:
    """Vulnerabilities for the demo persons who have a case; returns how many were created."""
    with_case = Person.objects.filter(registered_at__code__startswith=CODE_PREFIX, cases__isnull=False,
                                      vulnerabilities__isnull=True).distinct().order_by("pk")  # fmt: skip
    today = datetime.date.today()  # noqa: DTZ011 — an age in years, for demo data
    rows = []
    for person in with_case.only("pk", "sex", "birth_date"):
        for category in _categories(person, seed, today):
            rows.append(Vulnerability(person=person, category=category, noted_at=today,
                                      disability_type=Vulnerability.DisabilityType.MOTOR
                                      if category == Vulnerability.Category.DISABILITY else ""))  # fmt: skip
    Vulnerability.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
