"""What the cases hold about a person, for the export and retention (`jisr.core.personal_data`).

Exported: every case with its status history, reassignments and transfers, flags, listening records
(decrypted: they are the person's words), assessments, orientation plan with goals and actions,
follow-ups and outcomes, and what other apps nest in a case (referrals, professional projects…).
Activity: an open case is ongoing; a closed one counts from its closure (retention period
`closed_case_person`). Retention empties the free texts and keeps the pathway's stages, scores
and outcomes for the statistics. The sweep `listening_notes` empties the notes of cases closed
long enough, whatever the person's other records.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import F, Max, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import (
    Assessment,
    Case,
    CaseEvent,
    CaseFlag,
    CaseStatusChange,
    CaseTransfer,
    DashboardMonth,
    FollowUp,
    ListeningRecord,
    OrientationPlan,
    Outcome,
    PlanAction,
    PlanGoal,
    Protocol,
    SavedCaseFilter,
)
from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, RecordSweep, parts_within, row, rows

SECTION = "cases"


def _plan(case: Case) -> dict[str, Any] | None:
    plan = OrientationPlan.objects.filter(case=case).first()
    if plan is None:
        return None
    goals = [{**row(goal), "actions": rows(goal.actions.all())} for goal in plan.goals.all()]
    return {**row(plan), "goals": goals}


def case_section(case: Case) -> dict[str, Any]:
    """One case as exported, with what other apps nest in it."""
    return {
        **row(case),
        "status_history": rows(case.status_changes.all()),
        "reassignments_and_transfers": rows(case.events.all()),
        "transfers": rows(case.transfers.all()),
        "flags": rows(case.flags.all()),
        "listening_records": rows(case.listening_records.all()),  # decrypted: they are the person's data
        "assessments": rows(case.assessments.all()),
        "orientation_plan": _plan(case),
        "followups": rows(case.followups.all()),
        "outcomes": rows(case.outcomes.all()),
        **parts_within(SECTION, case),
    }


def export(person: Any) -> dict[str, Any]:
    """Every case of the person, oldest first."""
    return {SECTION: [case_section(case) for case in Case.objects.filter(person=person).order_by("opened_at")]}


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person, the last closure of their cases; `now` while one of them is open."""
    closed_or_now = models.Case(
        When(status=Case.Status.CLOSED, then=F("closed_at")), default=Value(now), output_field=models.DateTimeField()
    )
    return Case.objects.filter(person__in=persons).values("person_id").annotate(last_activity=Max(closed_or_now))


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Empty the free texts of the persons' cases; stages, scores, needs and outcomes stay."""
    cases = Case.objects.filter(person__in=person_ids)
    cases.update(reason="")
    CaseStatusChange.objects.filter(case__in=cases).update(reason="")
    CaseEvent.objects.filter(case__in=cases).update(note="")
    CaseTransfer.objects.filter(case__in=cases).update(note="", refusal_reason="", cancellation_reason="")
    CaseFlag.objects.filter(case__in=cases).update(reason="", clear_reason="")
    ListeningRecord.objects.filter(case__in=cases).update(notes="")
    FollowUp.objects.filter(case__in=cases).update(notes="")
    Outcome.objects.filter(case__in=cases).update(evidence="")
    OrientationPlan.objects.filter(case__in=cases).update(summary="", decision_note="")
    PlanAction.objects.filter(goal__plan__case__in=cases).update(result="")


def _clear_listening_notes(cutoff: datetime.datetime, dry_run: bool) -> int:
    """The notes of cases closed before `cutoff`, emptied (or counted)."""
    closed_long_ago = Case.objects.filter(status=Case.Status.CLOSED, closed_at__lt=cutoff)
    notes = ListeningRecord.objects.filter(case__in=closed_long_ago).exclude(notes="")
    return notes.count() if dry_run else notes.update(notes="")


PROVIDER = PersonalDataProvider(
    name="cases",
    label=_("Cases: listening, diagnosis, plan, follow-ups and outcomes"),
    models={
        Case: Fate.ANONYMIZE,
        CaseStatusChange: Fate.ANONYMIZE,
        CaseEvent: Fate.ANONYMIZE,  # who held the case stays; the note is emptied
        CaseTransfer: Fate.ANONYMIZE,
        CaseFlag: Fate.ANONYMIZE,  # the kind and who set it stay; the reasons are emptied
        ListeningRecord: Fate.ANONYMIZE,
        Assessment: Fate.KEEP,  # scored answers and needs, for the statistics; no free text
        OrientationPlan: Fate.ANONYMIZE,
        PlanGoal: Fate.KEEP,  # the domain and the goal of the pathway
        PlanAction: Fate.ANONYMIZE,
        FollowUp: Fate.ANONYMIZE,
        Outcome: Fate.ANONYMIZE,
    },
    record_type="closed_case_person",
    export=export,
    last_activity=last_activity,
    forget=forget,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.register_sweep(RecordSweep("listening_notes", _clear_listening_notes))
    personal_data.declare_no_personal_data(Protocol, "an assessment protocol: questions and scores, no person")
    personal_data.declare_no_personal_data(
        SavedCaseFilter, "a staff member's saved case-list filter: list criteria, about no beneficiary"
    )
    personal_data.declare_no_personal_data(
        DashboardMonth, "a center's counts for one month (cases opened, closed, per stage; follow-ups): no person"
    )
