"""What the cases app tells people (`jisr.notifications`): a case given to a worker, directly or by a transfer;
a plan to approve, approved or returned; a follow-up due. Each sentence is generic — the e-mail carries it —
and each recipient is checked against the scope before anything is written (`may_see`).

The services call these functions inside their transaction; the periodic detection of follow-ups due is a
Celery beat task (`cases.notify_followups_due`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import User
from jisr.accounts.selectors import nearest_holders
from jisr.cases.models import Case, FollowUp, OrientationPlan
from jisr.core import scope
from jisr.notifications.kinds import NotificationKind, page, register_kinds, seen_with
from jisr.notifications.models import Delivery
from jisr.notifications.services import notify

CASE_ASSIGNED = "cases.case_assigned"
CASE_TRANSFERRED = "cases.case_transferred"
PLAN_SUBMITTED = "cases.plan_submitted"
PLAN_APPROVED = "cases.plan_approved"
PLAN_RETURNED = "cases.plan_returned"
FOLLOWUP_DUE = "cases.followup_due"
# A follow-up that fell due while the scheduler was stopped is still announced, up to this long after.
CATCH_UP = datetime.timedelta(days=7)


_sees_case = seen_with("cases.view_case")
_case_page = page("cases:detail")
_plan_page = page("cases:plan")

KINDS = [
    NotificationKind(
        code=CASE_ASSIGNED,
        label=_("A case is assigned to me"),
        title=_("A case was assigned to you."),
        recipients=_("the social worker the case is given to"),
        link=_case_page,
        may_see=_sees_case,
        order=10,
        offered_with="cases.change_case",
    ),
    NotificationKind(
        code=CASE_TRANSFERRED,
        label=_("A case transferred from another center is given to me"),
        title=_("A case transferred from another center was assigned to you."),
        recipients=_("the social worker of the receiving center the case is given to"),
        link=_case_page,
        may_see=_sees_case,
        order=11,
        offered_with="cases.change_case",
    ),
    NotificationKind(
        code=PLAN_SUBMITTED,
        label=_("An orientation plan waits for my approval"),
        title=_("An orientation plan is waiting for your approval."),
        recipients=_("the center's manager (who approves plans)"),
        link=_plan_page,
        may_see=_sees_case,
        order=30,
        offered_with="cases.approve_plan",
    ),
    NotificationKind(
        code=PLAN_APPROVED,
        label=_("My orientation plan is approved"),
        title=_("An orientation plan was approved."),
        recipients=_("the case's social worker and the plan's author"),
        link=_plan_page,
        may_see=_sees_case,
        order=31,
        offered_with="cases.change_case",
    ),
    NotificationKind(
        code=PLAN_RETURNED,
        label=_("My orientation plan is returned for changes"),
        title=_("An orientation plan was returned for changes."),
        recipients=_("the case's social worker and the plan's author"),
        link=_plan_page,
        may_see=_sees_case,
        order=32,
        offered_with="cases.change_case",
    ),
    NotificationKind(
        code=FOLLOWUP_DUE,
        label=_("A follow-up of my case is due"),
        title=_("A follow-up is due."),
        recipients=_("the case's social worker"),
        link=_case_page,
        may_see=_sees_case,
        default=Delivery.DIGEST,
        order=40,
        offered_with="cases.change_case",
    ),
]


def register() -> None:
    register_kinds(*KINDS)


def case_assigned(*, case: Case, worker: User | None, actor: User | None) -> None:
    """Tell the worker a case is now theirs."""
    notify(kind=CASE_ASSIGNED, obj=case, recipients=[worker], actor=actor, reference=case.reference)


def case_transferred(*, case: Case, worker: User | None, actor: User | None) -> None:
    """Tell the receiving center's worker that the transferred case is theirs."""
    notify(kind=CASE_TRANSFERRED, obj=case, recipients=[worker], actor=actor, reference=case.reference)


def plan_submitted(*, plan: OrientationPlan, actor: User) -> None:
    """Tell who approves plans at the case's center (the manager) that one waits for them."""
    if plan.status != OrientationPlan.Status.SUBMITTED:
        return  # approved at once: nobody has anything to do
    case = plan.case
    approvers = nearest_holders("cases.approve_plan", scope.anchor_of(case))
    notify(kind=PLAN_SUBMITTED, obj=case, recipients=approvers, actor=actor, reference=case.reference)


def plan_decided(*, plan: OrientationPlan, actor: User) -> None:
    """Tell the case's worker and the plan's author that the plan was approved or returned."""
    kind = {OrientationPlan.Status.APPROVED: PLAN_APPROVED, OrientationPlan.Status.RETURNED: PLAN_RETURNED}.get(
        OrientationPlan.Status(plan.status)
    )
    if kind is None:
        return
    case = plan.case
    notify(kind=kind, obj=case, recipients=[case.assigned_to, plan.submitted_by], actor=actor,
           reference=case.reference)  # fmt: skip


def followups_due_notify(*, today: datetime.date | None = None) -> int:
    """Tell each case's worker of its scheduled follow-ups that fall due (JISR_FOLLOWUP_NOTICE_DAYS ahead),
    once per follow-up whatever the number of runs (the follow-up is the notification's event). Returns how
    many notifications were written."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.JISR_FOLLOWUP_NOTICE_DAYS)
    due = (
        FollowUp.objects.filter(status=FollowUp.Status.SCHEDULED, due_on__lte=horizon, due_on__gt=horizon - CATCH_UP)
        .filter(~Q(case__status=Case.Status.CLOSED), case__assigned_to__isnull=False)
        .select_related("case__assigned_to")
        .order_by("due_on", "id")
    )
    written = 0
    for followup in due:
        case = followup.case
        written += len(notify(kind=FOLLOWUP_DUE, obj=case, recipients=[case.assigned_to],
                              reference=case.reference, event_key=f"followup:{followup.pk}"))  # fmt: skip
    return written
