"""How the audit log shows social programs and their enrolments (`jisr.core.audit_display`)."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key, page, through
from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.selectors import program_list


def _rule(rule: object) -> str:
    return json.dumps(rule, ensure_ascii=False, sort_keys=True)


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=Program,
            url=page("programs:detail", "code"),
            visible=program_list,
            name=lambda program: program.name,
            keys={
                "rule": Key(_("eligibility rule"), render=_rule),
                "enrolled": Key(_("households enrolled")),
                "paused": Key(_("enrolments paused")),
                "resumed": Key(_("enrolments resumed")),
            },
        )
    )
    audit_display.register(
        AuditedModel(
            model=ProgramEnrollment,
            url=lambda enrollment: page("programs:detail", "code")(enrollment.program),
            visible=through(ProgramEnrollment, "program", program_list),
            name=lambda enrollment: f"{enrollment.program.name} — {enrollment.household_id}",
            name_is_personal=False,  # the program and the registry's household identifier
            related=("program",),
            keys={"approved": Key(_("approved")), "exit": Key(_("reason for exit"))},
        )
    )
