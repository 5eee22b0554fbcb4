"""Every write of the training app: modules, programs, sessions, enrolments, attendance, results,
certificates (DESIGN.md conventions 1, 3 and 5: scoped, validated, audited, race-safe)."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.cases.models import Case, Outcome
from jisr.centers.models import Center
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.training.models import (
    Attendance,
    Certificate,
    Enrollment,
    ModuleResult,
    Session,
    TrainingModule,
    TrainingProgram,
)

if TYPE_CHECKING:
    from jisr.accounts.models import User

# Verification codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L), grouped 5-5.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
OPEN_PATHWAY = (Case.Status.PATHWAY, Case.Status.FOLLOW_UP)


def _created(user: User, obj: Model, changes: dict[str, Any]) -> None:
    audit.record(actor=user, action=AuditLog.Action.CREATE, obj=obj, changes=changes)


@transaction.atomic
def module_save(*, acting_user: User, module: TrainingModule | None = None, **fields: Any) -> TrainingModule:
    """Create or change a module of the national catalogue (training.add/change_trainingmodule)."""
    permission = "training.change_trainingmodule" if module else "training.add_trainingmodule"
    scope.require(acting_user, permission)
    competencies = [str(c).strip() for c in fields.pop("competencies", []) if str(c).strip()]
    if not competencies:
        raise ValidationError({"competencies": [_("List at least one competency the module certifies.")]})
    module = module or TrainingModule()
    before = audit.snapshot(module) if module.pk else {}
    for name, value in fields.items():
        setattr(module, name, value.strip() if isinstance(value, str) else value)
    module.competencies = competencies
    module.full_clean()
    module.save()
    changes: dict[str, Any] = dict(audit.diff(before, audit.snapshot(module))) if before else {"code": module.code}
    action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
    audit.record(actor=acting_user, action=action, obj=module, changes=changes)
    return module


@transaction.atomic
def program_create(
    *, acting_user: User, center: Center, title_ar: str, title_fr: str, kind: str, modules: Iterable[TrainingModule],
    starts_on: datetime.date, ends_on: datetime.date, capacity: int, description: str = "", title_en: str = "",
) -> TrainingProgram:  # fmt: skip
    """A program at a center, made of certified modules, titled in Arabic and French (English optional)."""
    scope.require(acting_user, "training.add_trainingprogram", center)
    modules = list(modules)
    errors: dict[str, list[str]] = {}
    if not modules or any(not module.is_active for module in modules):
        errors["modules"] = [_("Choose at least one module among those offered.")]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The end comes after the start.")]
    if errors:
        raise ValidationError(errors)
    program = TrainingProgram(center=center, title_ar=title_ar.strip(), title_fr=title_fr.strip(),
                              title_en=title_en.strip(), kind=kind, starts_on=starts_on, ends_on=ends_on,
                              capacity=capacity, description=description.strip(), created_by=acting_user)  # fmt: skip
    program.full_clean()
    program.save()
    program.modules.set(modules)
    _created(acting_user, program, {"modules": [module.code for module in modules]})
    return program


@transaction.atomic
def session_add(
    *, acting_user: User, program: TrainingProgram, module: TrainingModule, held_on: datetime.date, hours: Decimal,
    trainer: str,
) -> Session:  # fmt: skip
    scope.require(acting_user, "training.record_attendance", program)
    errors: dict[str, list[str]] = {}
    if not program.modules.filter(pk=module.pk).exists():
        errors["module"] = [_("Choose a module of this program.")]
    if held_on is None or not program.starts_on <= held_on <= program.ends_on:
        errors["held_on"] = [_("The session falls within the program's dates.")]
    if errors:
        raise ValidationError(errors)
    session = Session(program=program, module=module, held_on=held_on, hours=hours, trainer=trainer.strip())
    session.full_clean()
    session.save()
    _created(acting_user, program, {"session": str(held_on), "module": module.code})
    return session


@transaction.atomic
def enroll(*, acting_user: User, program: TrainingProgram, case: Case) -> Enrollment:
    """Enrol the case's person, once the case is on its integration pathway; places are counted under lock."""
    scope.require(acting_user, "cases.change_case", case)
    scope.require(acting_user, "training.view_trainingprogram", program)
    if case.status not in OPEN_PATHWAY:
        raise ValidationError(_("Enrol the person once their orientation plan is approved."))
    program = TrainingProgram.objects.select_for_update().get(pk=program.pk)
    if program.ends_on < timezone.localdate():
        raise ValidationError({"program": [_("This program has ended.")]})
    taken = program.enrollments.exclude(status=Enrollment.Status.DROPPED).count()
    if taken >= program.capacity:
        raise ValidationError({"program": [_("This program is full.")]})
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(program=program, person=case.person, case=case,
                                                   enrolled_at=timezone.now(), enrolled_by=acting_user)  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"program": [_("The person is already enrolled in this program.")]}) from exc
    _created(acting_user, enrollment, {"program": program.title, "case": case.reference})
    return enrollment


@transaction.atomic
def enrollment_drop(*, acting_user: User, enrollment: Enrollment, reason: str) -> Enrollment:
    scope.require(acting_user, "training.record_attendance", enrollment)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the person leaves the program.")]})
    dropped = Enrollment.objects.filter(pk=enrollment.pk, status=Enrollment.Status.ENROLLED).update(
        status=Enrollment.Status.DROPPED
    )
    if not dropped:
        raise ValidationError(_("Only an ongoing enrolment can end that way."))
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=enrollment,
                 changes={"status": ["enrolled", "dropped"], "reason": reason.strip()})  # fmt: skip
    enrollment.refresh_from_db()
    return enrollment


@transaction.atomic
def attendance_record(*, acting_user: User, session: Session, present: Iterable[Any]) -> int:
    """Take the session's attendance: every ongoing enrolment is present or absent (re-taking replaces it)."""
    scope.require(acting_user, "training.record_attendance", session)
    enrolled = {str(pk): pk for pk in session.program.enrollments.filter(status=Enrollment.Status.ENROLLED)
                .values_list("pk", flat=True)}  # fmt: skip
    present_ids = {str(pk) for pk in present}
    unknown = present_ids - set(enrolled)
    if unknown:
        raise ValidationError({"present": [_("Some people ticked are not enrolled in this program.")]})
    Attendance.objects.filter(session=session).delete()
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, enrollment_id=pk, present=key in present_ids, recorded_by=acting_user)
            for key, pk in enrolled.items()
        ]  # fmt: skip
    )
    changes = {"attendance": str(session.held_on), "present": len(present_ids), "enrolled": len(enrolled)}
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=session.program, changes=changes)
    return len(present_ids)


def attendance_rate(enrollment: Enrollment, module: TrainingModule) -> int | None:
    """Percentage of the module's sessions (weighted by hours) the person attended; None before any session."""
    sessions = Session.objects.filter(program=enrollment.program, module=module)
    total = sum(session.hours for session in sessions)
    if not total:
        return None
    attended = sum(
        session.hours
        for session in sessions.filter(attendance__enrollment=enrollment, attendance__present=True).distinct()
    )
    return round(100 * attended / total)


@transaction.atomic
def result_record(*, acting_user: User, enrollment: Enrollment, module: TrainingModule, score: int) -> ModuleResult:
    """The module's assessment: passed with the passing score and the minimum attendance."""
    scope.require(acting_user, "training.record_attendance", enrollment)
    if not enrollment.program.modules.filter(pk=module.pk).exists():
        raise ValidationError({"module": [_("Choose a module of this program.")]})
    if enrollment.status == Enrollment.Status.DROPPED:
        raise ValidationError(_("This person left the program."))
    if score is None or not 0 <= score <= 100:
        raise ValidationError({"score": [_("The score is between 0 and 100.")]})
    rate = attendance_rate(enrollment, module)
    if rate is None:
        raise ValidationError({"module": [_("Record the module's sessions and attendance first.")]})
    if ModuleResult.objects.filter(enrollment=enrollment, module=module).exists():
        raise ValidationError({"module": [_("This module's result is already recorded.")]})
    passed = score >= module.passing_score and rate >= module.minimum_attendance
    result = ModuleResult.objects.create(
        enrollment=enrollment, module=module, score=score, attendance_rate=rate, passed=passed,
        assessed_by=acting_user, assessed_at=timezone.now(),
    )  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=enrollment,
                 changes={"module": module.code, "score": score, "attendance": rate, "passed": passed})  # fmt: skip
    if not enrollment.program.modules.exclude(pk__in=enrollment.results.values("module")).exists():
        Enrollment.objects.filter(pk=enrollment.pk, status=Enrollment.Status.ENROLLED).update(
            status=Enrollment.Status.COMPLETED
        )
    return result


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def certificate_issue(*, acting_user: User, result: ModuleResult) -> Certificate:
    """Certify a passed module, once. When every module of the program is certified, the case records
    the outcome "training certified"."""
    enrollment = result.enrollment
    scope.require(acting_user, "training.issue_certificate", enrollment)
    if not result.passed:
        raise ValidationError(_("Only a passed module is certified."))
    if Certificate.objects.filter(result=result).exists():
        raise ValidationError(_("This module is already certified."))
    certificate = Certificate.objects.create(result=result, verification_code=_new_code(), issued_at=timezone.now(),
                                             issued_by=acting_user)  # fmt: skip
    _created(acting_user, certificate, {"module": result.module.code, "person": str(enrollment.person_id)})
    certified = Certificate.objects.filter(result__enrollment=enrollment, revoked_at=None).count()
    case = enrollment.case
    already = case is not None and case.outcomes.filter(kind=Outcome.Kind.TRAINING_CERTIFIED,
                                                        evidence=enrollment.program.title[:300]).exists()  # fmt: skip
    if case is not None and certified == enrollment.program.modules.count() and not already:
        Outcome.objects.create(case=case, kind=Outcome.Kind.TRAINING_CERTIFIED, achieved_on=timezone.localdate(),
                               evidence=enrollment.program.title[:300], recorded_by=acting_user,
                               recorded_at=timezone.now())  # fmt: skip
    return certificate


@transaction.atomic
def certificate_revoke(*, acting_user: User, certificate: Certificate, reason: str) -> Certificate:
    scope.require(acting_user, "training.issue_certificate", certificate)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the certificate is revoked.")]})
    revoked = Certificate.objects.filter(Q(pk=certificate.pk), Q(revoked_at=None)).update(
        revoked_at=timezone.now(), revocation_reason=reason.strip()
    )
    if not revoked:
        raise ValidationError(_("This certificate is already revoked."))
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=certificate, changes={"revoked": reason.strip()})
    certificate.refresh_from_db()
    return certificate
