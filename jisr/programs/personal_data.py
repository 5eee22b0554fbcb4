"""What the social programs hold about a person, for the export and retention (`jisr.core.personal_data`).

A program enrols a registry household: a person's enrolments are those of the household their
registry member row belongs to. Exported: each enrolment with its program's code. Activity: an
enrolment waiting, active or paused is ongoing; one that exited counts from its last change
(retention period `program_enrolment`). Enrolments stay: they name no one and feed coverage.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import F, Max, OuterRef, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, row
from jisr.programs.models import Program, ProgramEnrollment
from jisr.registry.models import RegistryMember

ONGOING = [ProgramEnrollment.Status.PENDING, ProgramEnrollment.Status.ACTIVE, ProgramEnrollment.Status.PAUSED]


def export(person: Any) -> dict[str, Any]:
    """The enrolments of the person's registry household."""
    households = RegistryMember.objects.filter(person=person).values("household_id")
    enrolments = ProgramEnrollment.objects.filter(household_id__in=households).select_related("program")
    return {"program_enrolments": [{**row(e), "program_code": e.program.code} for e in enrolments.order_by("pk")]}


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person in a registry household, `now` while an enrolment of it is ongoing, else its last change."""
    changed_or_now = models.Case(
        When(status__in=ONGOING, then=Value(now)), default=F("updated_at"), output_field=models.DateTimeField()
    )
    household_last = (
        ProgramEnrollment.objects.filter(household_id=OuterRef("household_id"))
        .values("household_id")
        .annotate(last=Max(changed_or_now))
        .values("last")
    )
    return (
        RegistryMember.objects.filter(person__in=persons)
        .annotate(last_activity=Subquery(household_last))
        .filter(last_activity__isnull=False)
        .values("person_id", "last_activity")
    )


PROVIDER = PersonalDataProvider(
    name="programs",
    label=_("Social programs the household is enrolled in"),
    models={ProgramEnrollment: Fate.KEEP},
    record_type="program_enrolment",
    export=export,
    last_activity=last_activity,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.declare_no_personal_data(Program, "a program and its eligibility rule")
