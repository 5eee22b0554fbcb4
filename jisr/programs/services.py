"""Writes of the programs: the rule, bulk enrolment of the eligible, the periodic re-check, manual
inclusion with approval, exits — set-based (INSERT … SELECT, UPDATE … WHERE), idempotent, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core import audit, maplayers, scope
from jisr.core.models import AuditLog
from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.rules import compile_rule, eligible
from jisr.registry.models import RegistryHousehold

Status = ProgramEnrollment.Status


@transaction.atomic
def program_save(*, acting_user: User, code: str, name_ar: str, name_fr: str, name_en: str, rule: Any,
                 program: Program | None = None) -> Program:  # fmt: skip
    """Create or change a program; the rule is compiled first, so an invalid rule is never saved."""
    scope.require(acting_user, "programs.change_program" if program else "programs.add_program")
    compile_rule(rule)
    program = program or Program(code=code)
    before = program.rule if program.pk else None
    program.name_ar, program.name_fr, program.name_en, program.rule = name_ar, name_fr, name_en, rule
    program.full_clean()
    program.save()
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE if before is not None else AuditLog.Action.CREATE,
                 obj=program, changes={"rule": [before, rule]})  # fmt: skip
    maplayers.request_refresh("program rule")  # the eligible follow the rule
    return program


@transaction.atomic
def enroll_eligible(*, acting_user: User, program: Program) -> int:
    """Enrol every eligible household not yet enrolled (one INSERT … SELECT; running it again adds nothing)."""
    scope.require(acting_user, "programs.enroll_households")
    subquery, params = eligible(program.rule).values("household_id").query.sql_with_params()
    table = ProgramEnrollment._meta.db_table
    now = timezone.now()
    sql = (
        f"INSERT INTO {table} (program_id, household_id, status, manual, justification, exit_reason, "  # noqa: S608
        f"enrolled_at, updated_at) SELECT %s, e.household_id, %s, %s, '', '', %s, %s FROM ({subquery}) e "
        f"WHERE 1 = 1 ON CONFLICT (program_id, household_id) DO NOTHING"
    )  # the rule is compiled from the constrained model: no user text reaches the SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, [program.pk, Status.ACTIVE, False, now, now, *params])
        added = max(cursor.rowcount, 0)
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=program, changes={"enrolled": added})
    maplayers.request_refresh("enrolment")
    return added


@transaction.atomic
def recheck(*, acting_user: User, program: Program) -> dict[str, int]:
    """Pause those who no longer qualify (unless included manually); resume those who qualify again."""
    scope.require(acting_user, "programs.enroll_households")
    qualifying = eligible(program.rule).values("household_id")
    now = timezone.now()
    enrollments = ProgramEnrollment.objects.filter(program=program)
    paused = (enrollments.filter(status=Status.ACTIVE, manual=False).exclude(household_id__in=qualifying)
              .update(status=Status.PAUSED, updated_at=now))  # fmt: skip
    resumed = enrollments.filter(status=Status.PAUSED, household_id__in=qualifying).update(
        status=Status.ACTIVE, updated_at=now
    )
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=program,
                 changes={"paused": paused, "resumed": resumed})  # fmt: skip
    maplayers.request_refresh("enrolment")
    return {"paused": paused, "resumed": resumed}


@transaction.atomic
def include_manually(
    *, acting_user: User, program: Program, household_id: str, justification: str
) -> ProgramEnrollment:
    """Ask to include a household the rule does not select; it waits for someone else's approval."""
    scope.require(acting_user, "programs.enroll_households")
    if not justification.strip():
        raise ValidationError({"justification": [_("Justify the inclusion.")]})
    if not RegistryHousehold.objects.filter(household_id=household_id).exists():
        raise ValidationError({"household_id": [_("No registered household has this id.")]})
    if ProgramEnrollment.objects.filter(program=program, household_id=household_id).exists():
        raise ValidationError({"household_id": [_("This household is already in the program.")]})
    now = timezone.now()
    enrollment = ProgramEnrollment.objects.create(
        program=program, household_id=household_id, status=Status.PENDING, manual=True,
        justification=justification.strip(), requested_by=acting_user, enrolled_at=now, updated_at=now,
    )  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=enrollment,
                 changes={"manual": True, "justification": enrollment.justification})  # fmt: skip
    return enrollment


@transaction.atomic
def approve_inclusion(*, acting_user: User, enrollment: ProgramEnrollment) -> ProgramEnrollment:
    """Approve a pending manual inclusion; the requester cannot approve their own."""
    scope.require(acting_user, "programs.enroll_households")
    if enrollment.requested_by_id == getattr(acting_user, "pk", None):
        raise ValidationError(_("Someone other than the requester approves an inclusion."))
    done = ProgramEnrollment.objects.filter(pk=enrollment.pk, status=Status.PENDING).update(
        status=Status.ACTIVE, approved_by=acting_user, updated_at=timezone.now()
    )
    if not done:
        raise ValidationError(_("This inclusion is not waiting for approval."))
    enrollment.refresh_from_db()
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=enrollment, changes={"approved": True})
    maplayers.request_refresh("enrolment")
    return enrollment


@transaction.atomic
def exit_household(*, acting_user: User, enrollment: ProgramEnrollment, reason: str) -> ProgramEnrollment:
    """Take a household out of the program, with the reason (once: leaving twice is an error)."""
    scope.require(acting_user, "programs.enroll_households")
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the household leaves the program.")]})
    done = (
        ProgramEnrollment.objects.filter(pk=enrollment.pk)
        .exclude(status=Status.EXITED)
        .update(status=Status.EXITED, exit_reason=reason.strip(), updated_at=timezone.now())
    )
    if not done:
        raise ValidationError(_("This household already left the program."))
    enrollment.refresh_from_db()
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=enrollment, changes={"exit": reason.strip()})
    maplayers.request_refresh("enrolment")
    return enrollment
