"""How the audit log shows training modules, programs, enrolments, certificates and the integration
pathways of a case (`jisr.core.audit_display`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.cases.audit_display import case_record
from jisr.core import audit_display, scope
from jisr.core.audit_display import AuditedModel, Key, page, through
from jisr.training.models import (
    Certificate,
    Enrollment,
    Incubation,
    Mediation,
    ProfessionalProject,
    TrainingModule,
    TrainingProgram,
)
from jisr.training.selectors import visible_programs


def _modules(user: Any) -> QuerySet[TrainingModule]:
    scope.require(user, "training.change_trainingmodule")  # the module's page is its edit form
    return TrainingModule.objects.all()


def _programs(user: Any) -> QuerySet[TrainingProgram]:
    return scope.in_scope(user, "training.view_trainingprogram", TrainingProgram)


def register() -> None:
    audit_display.register(AuditedModel(model=TrainingModule, url=page("training:module_edit"), visible=_modules))
    audit_display.register(
        AuditedModel(
            model=TrainingProgram,
            url=page("training:program"),
            visible=_programs,
            name=lambda program: program.title,
            keys={
                "attendance": Key(_("attendance taken on")),
                "present": Key(_("present")),
                "enrolled": Key(_("enrolled")),
            },
        )
    )
    audit_display.register(
        AuditedModel(
            model=Enrollment,
            url=page("training:program", "program_id"),
            visible=through(Enrollment, "program", visible_programs),
            name=lambda enrollment: enrollment.program.title,
            name_is_personal=False,  # the program's title
            identifiable=lambda enrollment: enrollment.person.anonymized_at is None,
            related=("program", "person"),
            keys={
                "module": Key(_("certified module")),
                "score": Key(_("score")),
                "attendance": Key(_("attendance (%)")),
                "passed": Key(_("passed")),
            },
        )
    )
    audit_display.register(
        AuditedModel(
            model=Certificate,
            visible=through(Certificate, "result__enrollment__program", visible_programs),
            name=lambda certificate: certificate.verification_code,
            name_is_personal=False,
            identifiable=lambda certificate: certificate.result.enrollment.person.anonymized_at is None,
            related=("result__enrollment__person",),
            keys={"revoked": Key(_("reason for revocation"))},
        )
    )
    for model in (ProfessionalProject, Incubation, Mediation):
        audit_display.register(case_record(model, "training:case"))
