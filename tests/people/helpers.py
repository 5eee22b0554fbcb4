from __future__ import annotations

from typing import Any

from django.utils import timezone

from jisr.cases.models import Case
from jisr.people.models import Person
from jisr.people.services import person_create


def register(personas: Any, *, by: str = "worker_a", center: str = "center_a", **identity: Any) -> Person:
    """A person registered through the intake service (duplicates set aside)."""
    from jisr.people.services import DuplicatesFound

    identity.setdefault("sex", "M")
    try:
        return person_create(acting_user=getattr(personas, by), center=getattr(personas, center), **identity)
    except DuplicatesFound as found:
        return person_create(
            acting_user=getattr(personas, by),
            center=getattr(personas, center),
            confirmed_not_duplicate_of=[c.person.pk for c in found.candidates],
            **identity,
        )


def open_case(personas: Any, person: Person, *, center: str = "center_b", by: str = "worker_b") -> Case:
    place = getattr(personas, center)
    return Case.objects.create(
        reference=f"T-{Case.objects.count() + 1}",
        person=person,
        center=place,
        province_id=place.province_id,
        region_code=place.region_code,
        reason="test",
        channel=Case.Channel.WALK_IN,
        opened_at=timezone.now(),
        opened_by=getattr(personas, by),
    )
