"""Everything Jisr holds about one person, for the answer to an access request (law 09-08, art. 7).

The export needs `people.export_person_data` over the person and is written to the audit log.
Internal search keys are left out (they are derived from the names, which are included).
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.people.models import Person
from jisr.people.selectors import person_get

INTERNAL_FIELDS = {"name_ar_key", "name_latin_key", "name_phonetic_key", "name_phonetic_key_reversed"}


def _rows(queryset: Any) -> list[dict[str, Any]]:
    return [_row(instance) for instance in queryset]


def _row(instance: models.Model) -> dict[str, Any]:
    return {key: value for key, value in audit.snapshot(instance).items() if key not in INTERNAL_FIELDS}


def _case_section(case: Any) -> dict[str, Any]:
    from jisr.cases.models import OrientationPlan

    plan = OrientationPlan.objects.filter(case=case).first()
    section = _row(case)
    section.update(
        status_history=_rows(case.status_changes.all()),
        listening_records=_rows(case.listening_records.all()),  # decrypted: they are the person's data
        assessments=_rows(case.assessments.all()),
        orientation_plan=None
        if plan is None
        else {
            **_row(plan),
            "goals": [{**_row(goal), "actions": _rows(goal.actions.all())} for goal in plan.goals.all()],
        },
        followups=_rows(case.followups.all()),
        outcomes=_rows(case.outcomes.all()),
        referrals=[{**_row(r), "events": _rows(r.events.all())} for r in case.referrals.all()],
        professional_projects=_rows(case.professional_projects.all()),
        incubations=_rows(case.incubations.all()),
        mediations=_rows(case.mediations.all()),
    )
    return section


@transaction.atomic
def person_export(*, acting_user: Any, person_id: Any) -> dict[str, Any]:
    """The person's data as one JSON-ready document; 404 without the export right over the person."""
    from jisr.training.models import Certificate, Enrollment

    person: Person = person_get(acting_user, person_id, "people.export_person_data")
    enrollments = Enrollment.objects.filter(person=person).prefetch_related("results", "attendance")
    document = {
        "exported_at": timezone.now().isoformat(),
        "person": _row(person),
        "household": _row(person.household) if person.household is not None else None,
        "vulnerabilities": _rows(person.vulnerabilities.all()),
        "consents": _rows(person.consents.all()),
        "cases": [_case_section(case) for case in person.cases.order_by("opened_at")],
        "training": [
            {**_row(e), "attendance": _rows(e.attendance.all()), "results": _rows(e.results.all())} for e in enrollments
        ],
        "certificates": _rows(Certificate.objects.filter(result__enrollment__person=person)),
        "data_requests": _rows(person.data_requests.all()),
    }
    audit.record(actor=acting_user, action=AuditLog.Action.EXPORT, obj=person, object_repr=str(person.pk),
                 changes={"sections": sorted(document)})  # fmt: skip
    return document
