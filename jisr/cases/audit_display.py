"""How the audit log shows cases and the records of their pathway (`jisr.core.audit_display`).

A case is named by its reference (not a personal name). Its entries show their values to a reader who
may see the case, while its person is identifiable; a listening record's needs and notes never show.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import (
    Assessment,
    Case,
    CaseTransfer,
    ListeningRecord,
    OrientationPlan,
    Outcome,
    PlanAction,
    Protocol,
)
from jisr.cases.selectors import protocols_for_editing, visible_cases
from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key, page, through


def _reference(record: Any) -> str:
    return str(record.case.reference)


def case_record(model: type[Any], url_name: str = "cases:detail", *, name: Any = _reference,
                **extra: Any) -> AuditedModel:  # fmt: skip
    """A record of a case's pathway: named by the case's reference, on a page of the case, seen where the
    case is, values shown while its person is identifiable."""
    return AuditedModel(
        model=model,
        url=page(url_name, "case_id"),
        visible=through(model, "case", visible_cases),
        name=name,
        name_is_personal=False,
        identifiable=lambda record: record.case.person.anonymized_at is None,
        related=("case__person",),
        **extra,
    )


def _visible_cases(user: Any) -> QuerySet[Case]:
    return visible_cases(user)


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=Case,
            url=page("cases:detail"),
            visible=_visible_cases,
            name=lambda case: case.reference,
            personal=True,
            name_is_personal=False,  # a reference, not a name
            identifiable=lambda case: case.person.anonymized_at is None,
            related=("person",),
            keys={
                "outcome": Key(_("outcome"), choices=Outcome.Kind.choices),
                "followups": Key(_("follow-ups scheduled")),
                "followup": Key(_("follow-up")),
                "transfer": Key(_("case transfer"), refers_to=CaseTransfer),
                "listening_records_read": Key(_("listening records read"), refers_to=ListeningRecord),
            },
        )
    )
    audit_display.register(
        case_record(
            ListeningRecord,
            # Named by its date: a case's "listening records read" names them so.
            name=lambda record: audit_display.local_day(record.held_at),
            confidential=frozenset({"needs", "notes"}),
        )
    )
    audit_display.register(case_record(Assessment, keys={"protocol": Key(_("assessment protocol"))}))
    audit_display.register(
        case_record(
            OrientationPlan,
            "cases:plan",
            keys={
                "goal": Key(_("goal")),
                "action": Key(_("action")),
                "kind": Key(_("kind of action"), choices=PlanAction.Kind.choices),
            },
        )
    )
    audit_display.register(case_record(CaseTransfer, keys={"center": Key(_("center"))}))
    audit_display.register(
        AuditedModel(
            model=Protocol,
            url=page("cases:protocol_edit"),
            visible=protocols_for_editing,
            name=lambda protocol: f"{protocol.title} (v{protocol.version})",
        )
    )
