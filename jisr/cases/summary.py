"""The case summary, for a referral meeting or a transfer: what the PDF (`jisr.cases.summary_pdf`) shows,
read through the reader's scope, and the audit of its making.

The person appears minimally (name, sex, year of birth, commune: no identity number, phone or address).
The confidential listening notes are in it only for a reader who may read them on the case page
(`cases.view_listening` over the case's center) — their reading is audited as there — and the referrals
only as far as the reader may see them. Every summary made is written to the audit log (an export).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jisr.accounts.models import User
from jisr.cases.models import Assessment, Case, CaseStatusChange, FollowUp, ListeningRecord, OrientationPlan, Outcome
from jisr.cases.selectors import (
    can_read_listening,
    case_followups,
    case_get,
    case_history,
    case_outcomes,
    latest_assessment,
    listening_records,
    plan_of,
)
from jisr.core import audit, scope
from jisr.core.models import AuditLog


@dataclass
class CaseSummary:
    case: Case
    made_at: datetime.datetime
    history: list[CaseStatusChange]
    assessment: Assessment | None
    plan: OrientationPlan | None
    referrals: list[Any]
    followups: list[FollowUp]
    outcomes: list[Outcome]
    listening: list[ListeningRecord] | None  # None: the reader may not read the confidential notes


@transaction.atomic
def case_summary(user: User, case_id: uuid.UUID | str) -> CaseSummary:
    """What the case's summary shows to `user`; 404 for a case outside their scope. Audited."""
    case = case_get(user, case_id)
    confidential = can_read_listening(user, case)
    # Read through the reverse relation, so that cases needs no import of referrals (built on cases).
    referrals = case.referrals.select_related("to_center", "to_organization", "service_type")  # type: ignore[attr-defined]
    summary = CaseSummary(
        case=case,
        made_at=timezone.now(),
        history=list(case_history(case)),
        assessment=latest_assessment(case),
        plan=plan_of(case),
        referrals=list(scope.in_scope(user, "referrals.view_referral", referrals).order_by("created_at")),
        followups=list(case_followups(case)),
        outcomes=list(case_outcomes(case)),
        listening=listening_records(user, case) if confidential else None,
    )
    audit.record(actor=user, action=AuditLog.Action.EXPORT, obj=case,
                 changes={"summary_pdf": {"confidential_notes": confidential,
                                          "referrals": len(summary.referrals)}})  # fmt: skip
    return summary
