"""Reads of the training app, through the user's scope: every record follows the anchor its model
declares (a program its center; sessions, enrolments, results and certificates their program; the
other pathways their case)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jisr.centers.models import Center
from jisr.core import scope
from jisr.training.models import (
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

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jisr.accounts.models import User
    from jisr.cases.models import Case

VIEW_PROGRAM = "training.view_trainingprogram"


def module_catalog(user: User | AnonymousUser, include_inactive: bool = False) -> QuerySet[TrainingModule]:
    """The national catalogue of modules (offered ones only unless `include_inactive`), or 404 without
    training.view_trainingprogram anywhere."""
    scope.require(user, VIEW_PROGRAM)
    modules = TrainingModule.objects.all()
    return modules if include_inactive else modules.filter(is_active=True)


def offered_modules() -> QuerySet[TrainingModule]:
    """The modules a new program may be made of (the catalogue is public to staff, not scoped)."""
    return TrainingModule.objects.filter(is_active=True)


def modules_by_ids(ids: list[uuid.UUID]) -> list[TrainingModule]:
    """The modules with these ids, or an empty list when one of them does not exist."""
    modules = list(TrainingModule.objects.filter(pk__in=ids))
    return modules if len(modules) == len(set(ids)) else []


def module_by_id(module_id: uuid.UUID) -> TrainingModule:
    """The module with this id, or an unsaved blank one when there is none: no program holds it, so the
    service answers "choose a module of this program" (a 422 on the field, not a 404)."""
    return TrainingModule.objects.filter(pk=module_id).first() or TrainingModule()


def module_get(user: User | AnonymousUser, module_id: uuid.UUID | str, permission: str) -> TrainingModule:
    """A module of the catalogue for a holder of `permission` (anywhere: the catalogue is national), else 404."""
    scope.require(user, permission)
    module = TrainingModule.objects.filter(pk=module_id).first()
    if module is None:
        raise Http404
    return module


def _programs() -> QuerySet[TrainingProgram]:
    return TrainingProgram.objects.select_related("center").annotate(
        enrolled=Count("enrollments", filter=~Q(enrollments__status=Enrollment.Status.DROPPED))
    )


def visible_programs(user: User | AnonymousUser, permission: str = VIEW_PROGRAM) -> QuerySet[TrainingProgram]:
    """The programs at the centers where the user holds `permission`, newest first, with `enrolled`."""
    return scope.in_scope(user, permission, _programs()).order_by("-starts_on", "title_fr")


def open_programs(user: User | AnonymousUser) -> QuerySet[TrainingProgram]:
    """The visible programs that have not ended (the ones a person can still join)."""
    return visible_programs(user).filter(ends_on__gte=timezone.localdate())


def programs_with_modules(user: User | AnonymousUser, limit: int = 500) -> list[TrainingProgram]:
    """The visible programs with their modules (the API's list), at most `limit`."""
    return list(visible_programs(user).prefetch_related("modules")[:limit])


def program_get(
    user: User | AnonymousUser, program_id: uuid.UUID | str, permission: str = VIEW_PROGRAM
) -> TrainingProgram:
    """The program, or 404 whether it is missing or outside the user's scope."""
    return scope.get_or_404(user, permission, _programs(), pk=program_id)


def program_modules(program: TrainingProgram) -> QuerySet[TrainingModule]:
    """The program's modules (the program was read through the user's scope; also a form's choices)."""
    return program.modules.all()


def program_sessions(program: TrainingProgram) -> list[Session]:
    """The program's sessions with their module, by date."""
    return list(program.sessions.select_related("module"))


def program_enrollments(program: TrainingProgram) -> list[Enrollment]:
    """Every enrolment of the program, in the order people joined."""
    return list(program.enrollments.order_by("enrolled_at"))


def session_get(
    user: User | AnonymousUser, session_id: uuid.UUID | str, permission: str, *, program: TrainingProgram | None = None
) -> Session:
    """A session of a program in the user's scope for `permission` (of `program` when given), or 404."""
    sessions = Session.objects.select_related("program__center", "module")
    if program is not None:
        sessions = sessions.filter(program=program)
    return scope.get_or_404(user, permission, sessions, pk=session_id)


@dataclass
class AttendanceSheet:
    """Who is enrolled in a session's program and who was marked present."""

    roster: list[Enrollment]
    present: set[uuid.UUID]


def attendance_sheet(session: Session) -> AttendanceSheet:
    """The ongoing enrolments of the session's program, and those already marked present."""
    roster = session.program.enrollments.filter(status=Enrollment.Status.ENROLLED)
    present = session.attendance.filter(present=True).values_list("enrollment_id", flat=True)
    return AttendanceSheet(roster=list(roster.select_related("person").order_by("enrolled_at")), present=set(present))


def enrollment_get(
    user: User | AnonymousUser, enrollment_id: uuid.UUID | str, permission: str = VIEW_PROGRAM
) -> Enrollment:
    """The enrolment, or 404 whether it is missing or its program is outside the user's scope."""
    enrollments = Enrollment.objects.select_related("program__center", "person", "case")
    return scope.get_or_404(user, permission, enrollments, pk=enrollment_id)


def result_get(
    user: User | AnonymousUser, enrollment_id: uuid.UUID | str, module_id: uuid.UUID | str, permission: str
) -> ModuleResult:
    """The result of an enrolment on one module, or 404 (missing, or its program out of scope)."""
    results = ModuleResult.objects.select_related("enrollment__program__center", "enrollment__case", "module")
    return scope.get_or_404(user, permission, results, enrollment_id=enrollment_id, module_id=module_id)


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


def certificate_get(user: User | AnonymousUser, certificate_id: uuid.UUID | str) -> Certificate:
    """A certificate for staff of the program's center (or above), else 404."""
    certificates = Certificate.objects.select_related(
        "result__module", "result__enrollment__person", "result__enrollment__program__center"
    )
    return scope.get_or_404(user, VIEW_PROGRAM, certificates, pk=certificate_id)


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


def program_centers(user: User | AnonymousUser) -> QuerySet[Center]:
    """The active centers where the user may create a program (the program form's choices), by name."""
    active = Center.objects.filter(status=Center.Status.ACTIVE)
    return scope.in_scope(user, "training.add_trainingprogram", active).order_by("name_fr")


def program_center_get(user: User | AnonymousUser, center_id: uuid.UUID | str) -> Center:
    """A center where the user may create a program, or 404 whether it is missing or out of scope."""
    return scope.get_or_404(user, "training.add_trainingprogram", Center, pk=center_id)


def pathway_of(case: Case) -> dict[str, Any]:
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


def project_of(case: Case) -> ProfessionalProject | None:
    """The case's professional project (one per case on the page), if written."""
    return ProfessionalProject.objects.filter(case=case).first()


def incubation_of(case: Case) -> Incubation | None:
    """The case's incubation (one per case on the page), if recorded."""
    return Incubation.objects.filter(case=case).first()


def mediation_get(user: User | AnonymousUser, case: Case, mediation_id: uuid.UUID | str) -> Mediation:
    """A mediation of the case, or 404 whether it is missing, of another case or out of scope."""
    return scope.get_or_404(user, "cases.view_case", Mediation.objects.filter(case=case), pk=mediation_id)
