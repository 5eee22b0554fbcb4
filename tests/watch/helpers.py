from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from jisr.cases.models import Case
from jisr.people.models import Person, Vulnerability
from jisr.watch import services
from jisr.watch.models import WatchRule

TODAY = datetime.date(2026, 3, 20)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def person(personas: Any, *, sex: str = "F", victim: bool = True, center: Any = None) -> Person:
    created = Person.objects.create(first_name_ar="س", last_name_ar="ع", sex=sex,
                                    registered_at=center or personas.center_a)  # fmt: skip
    if victim:
        Vulnerability.objects.create(person=created, category=Vulnerability.Category.VIOLENCE_VICTIM,
                                     noted_at=TODAY)  # fmt: skip
    return created


_serial = iter(range(1, 1_000_000))


def case(personas: Any, *, opened: datetime.date, center: Any = None, status: str = "follow_up", **who: Any) -> Case:
    place = center or personas.center_a
    return Case.objects.create(
        reference=f"W-{next(_serial)}", person=person(personas, center=place, **who), center=place,
        province_id=place.province_id, region_code=place.region_code, reason="-", channel=Case.Channel.WALK_IN,
        opened_at=at(opened), opened_by=personas.worker_a, status=status,
    )  # fmt: skip


def violence_cases(personas: Any, *, count: int, month: datetime.date, center: Any = None, **who: Any) -> None:
    for index in range(count):
        case(personas, opened=month.replace(day=1 + index % 19), center=center, **who)


def rule(personas: Any, *, signal: str = "cases.violence_surge", level: str = "province", **params: Any) -> WatchRule:
    defaults = {"cases.violence_surge": {"min_count": 5, "increase_percent": 50, "years": 2},
                "cases.waiting": {"days": 15, "min_count": 3},
                "referrals.overdue": {"min_count": 2}}.get(signal, {})  # fmt: skip
    return services.rule_save(acting_user=personas.national, name=f"Rule {signal}", signal=signal, level=level,
                              severity="danger", is_active=True, params={**defaults, **params})  # fmt: skip
