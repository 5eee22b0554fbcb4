"""Reads of the training app, through the user's scope: a program is anchored to its center."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from jisr.core.scope import AnchorFields, scope_filter, user_scope
from jisr.training.models import Certificate, Enrollment, TrainingModule, TrainingProgram

PROGRAM_FIELDS = AnchorFields(region="center__region_code", province="center__province_id", center="center_id")
ENROLLMENT_FIELDS = AnchorFields(
    region="program__center__region_code", province="program__center__province_id", center="program__center_id"
)


def module_catalog(user: Any, include_inactive: bool = False) -> QuerySet[TrainingModule]:
    if not user_scope(user).has_permission_somewhere("training.view_trainingprogram"):
        raise Http404
    modules = TrainingModule.objects.all()
    return modules if include_inactive else modules.filter(is_active=True)


def visible_programs(user: Any, permission: str = "training.view_trainingprogram") -> QuerySet[TrainingProgram]:
    if not user_scope(user).has_permission_somewhere(permission):
        return TrainingProgram.objects.none()
    programs = TrainingProgram.objects.select_related("center").annotate(
        enrolled=Count("enrollments", filter=~Q(enrollments__status=Enrollment.Status.DROPPED))
    )
    return scope_filter(programs, user, permission, PROGRAM_FIELDS).order_by("-starts_on", "title")


def program_get(user: Any, program_id: uuid.UUID | str, permission: str = "training.view_trainingprogram") -> Any:
    """The program, or 404 whether it is missing or outside the user's scope."""
    try:
        return visible_programs(user, permission).get(pk=program_id)
    except (TrainingProgram.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def enrollment_get(user: Any, enrollment_id: uuid.UUID | str, permission: str = "training.view_trainingprogram") -> Any:
    queryset = Enrollment.objects.select_related("program__center", "person", "case")
    try:
        return scope_filter(queryset, user, permission, ENROLLMENT_FIELDS).get(pk=enrollment_id)
    except (Enrollment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass
class EnrolledRow:
    enrollment: Enrollment
    results: dict[uuid.UUID, Any]  # module id → ModuleResult (with its certificate, if any)


def program_roster(program: TrainingProgram) -> list[EnrolledRow]:
    """The people enrolled, with their results per module (three queries, whatever the size)."""
    enrollments = list(
        program.enrollments.select_related("person").prefetch_related("results__certificate").order_by("enrolled_at")
    )
    return [EnrolledRow(e, {result.module_id: result for result in e.results.all()}) for e in enrollments]


def certificate_get(user: Any, certificate_id: uuid.UUID | str) -> Certificate:
    """A certificate for staff of the program's center (or above), else 404."""
    queryset = Certificate.objects.select_related(
        "result__module", "result__enrollment__person", "result__enrollment__program__center"
    )
    fields = AnchorFields(
        region="result__enrollment__program__center__region_code",
        province="result__enrollment__program__center__province_id",
        center="result__enrollment__program__center_id",
    )
    try:
        return scope_filter(queryset, user, "training.view_trainingprogram", fields).get(pk=certificate_id)
    except (Certificate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def certificate_by_code(code: str) -> Certificate | None:
    """Public verification: the certificate with this code (spaces, case and the dash do not matter)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != 10:
        return None
    formatted = f"{cleaned[:5]}-{cleaned[5:]}"
    return (
        Certificate.objects.select_related(
            "result__module", "result__enrollment__person", "result__enrollment__program__center"
        )
        .filter(verification_code=formatted)
        .first()
    )


def pathway_of(case: Any) -> dict[str, Any]:
    """Everything of the case's integration pathways, for its page (the case was read through its scope)."""
    return {
        "enrollments": list(
            case.enrollments.select_related("program__center").prefetch_related(
                "results__module", "results__certificate"
            )
        ),
        "projects": list(case.professional_projects.all()),
        "incubations": list(case.incubations.all()),
        "mediations": list(case.mediations.select_related("organization")),
    }
