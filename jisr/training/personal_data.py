"""What the integration pathways hold about a person, for the export and retention (`jisr.core.personal_data`).

Exported: enrolments with attendance and results, certificates, and inside each case its professional
projects, incubations and mediations. Activity: an enrolment still running is ongoing; otherwise the
latest enrolment or result counts (retention period `training`). Retention empties the written texts
(the project, the business plan, what a mediation was about) and keeps enrolments, attendance,
results and certificates: a certificate must stay verifiable, and they feed the statistics.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import F, Max, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Case
from jisr.cases.personal_data import SECTION as CASES
from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, row, rows
from jisr.training.models import (
    Attendance,
    Certificate,
    Enrollment,
    Incubation,
    Mediation,
    ModuleResult,
    ProfessionalProject,
    Session,
    TrainingModule,
    TrainingProgram,
)


def export(person: Any) -> dict[str, Any]:
    """The person's enrolments (with attendance and results) and certificates."""
    enrollments = Enrollment.objects.filter(person=person).prefetch_related("results", "attendance")
    return {
        "training": [
            {**row(e), "attendance": rows(e.attendance.all()), "results": rows(e.results.all())} for e in enrollments
        ],
        "certificates": rows(Certificate.objects.filter(result__enrollment__person=person)),
    }


def within_case(case: Case) -> dict[str, Any]:
    """The case's professional projects, incubations and mediations."""
    return {
        "professional_projects": rows(case.professional_projects.all()),
        "incubations": rows(case.incubations.all()),
        "mediations": rows(case.mediations.all()),
    }


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person, `now` while an enrolment runs, else the latest enrolment or result."""
    enrolled_or_now = models.Case(
        When(status=Enrollment.Status.ENROLLED, then=Value(now)),
        default=F("enrolled_at"),
        output_field=models.DateTimeField(),
    )
    return (
        Enrollment.objects.filter(person__in=persons)
        .values("person_id")
        .annotate(enrolled=Max(enrolled_or_now), assessed=Max("results__assessed_at"))
        .annotate(last_activity=Greatest("enrolled", Coalesce("assessed", "enrolled")))
        .values("person_id", "last_activity")
    )


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Empty the written texts of the persons' pathways (their cases' projects, incubations, mediations)."""
    cases = Case.objects.filter(person__in=person_ids)
    ProfessionalProject.objects.filter(case__in=cases).update(text="")
    Incubation.objects.filter(case__in=cases).update(business_plan="", support="")
    Mediation.objects.filter(case__in=cases).update(purpose="", result="")


PROVIDER = PersonalDataProvider(
    name="training",
    label=_("Training, certificates and integration pathways"),
    models={
        Enrollment: Fate.KEEP,
        Attendance: Fate.KEEP,
        ModuleResult: Fate.KEEP,
        Certificate: Fate.KEEP,  # still verifiable by its code; it names no one once the person is anonymized
        ProfessionalProject: Fate.ANONYMIZE,
        Incubation: Fate.ANONYMIZE,
        Mediation: Fate.ANONYMIZE,
    },
    record_type="training",
    export=export,
    within={CASES: within_case},
    last_activity=last_activity,
    forget=forget,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    for model, reason in (
        (TrainingModule, "the national catalogue of certified modules"),
        (TrainingProgram, "a center's training offer: title, dates, places"),
        (Session, "a meeting of a program; attendance, which is the person's, is covered"),
    ):
        personal_data.declare_no_personal_data(model, reason)
