"""What the cases app adds to the person's timeline and to a social worker's work list."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.cases import selectors_work
from jisr.cases.models import Case, CaseEvent, CaseFlag, CaseStatusChange, FollowUp, OrientationPlan, PlanAction
from jisr.cases.selectors import visible_cases
from jisr.core.timeline import TimelineEntry
from jisr.core.worklist import WorkItem
from jisr.people.models import Person

# How long a case may wait at a stage before it is flagged on the work list.
WAITING_DAYS: dict[str, int] = {Case.Status.RECEPTION: 7, Case.Status.LISTENING: 21}
# Days the manager has to decide on a submitted plan before it is overdue on their lists.
PLAN_DECISION_DAYS = 3


def timeline_entries(user: User, person: Person) -> Iterable[TimelineEntry]:
    """Each status change of the person's cases the user may see (never the listening notes)."""
    changes = (
        CaseStatusChange.objects.filter(case__in=visible_cases(user).filter(person=person))
        .select_related("case__center")
        .order_by("changed_at")
    )
    for change in changes:
        case = change.case
        if not change.from_status:
            title = _("Case %(reference)s opened") % {"reference": case.reference}
        else:
            title = _("Case %(reference)s: %(status)s") % {
                "reference": case.reference,
                "status": change.get_to_status_display(),
            }
        yield TimelineEntry(
            when=change.changed_at,
            kind=f"case.{change.to_status}",
            title=title,
            detail=case.get_channel_display() if not change.from_status else "",
            url=reverse("cases:detail", args=[case.pk]),
            place=case.center.name,
        )


def waiting_item(case: Case, today: datetime.date) -> WorkItem:
    """A case waiting at reception (hold the listening interview: the form on the case page) or at listening
    (make the diagnosis: the protocol's form), due WAITING_DAYS after it last changed."""
    due = _waiting_due(case)
    if case.status == Case.Status.RECEPTION:
        title = _("Hold the listening interview of %(reference)s") % {"reference": case.reference}
        url = reverse("cases:detail", args=[case.pk]) + "#listening-form"
    else:
        title = _("Assess the situation of %(reference)s") % {"reference": case.reference}
        url = reverse("cases:assess", args=[case.pk])
    return WorkItem(kind=f"case.{case.status}", title=title, due=due, url=url, overdue=due < today,
                    person_name=case.person.display_name)  # fmt: skip


def _waiting_due(case: Case) -> datetime.date:
    """Since the case last changed, WAITING_DAYS of its stage; an urgent case waits one day at most."""
    since = timezone.localdate(case.updated_at)
    due = since + datetime.timedelta(days=WAITING_DAYS[case.status])
    return min(due, since + datetime.timedelta(days=1)) if case.urgency == Case.Urgency.URGENT else due


def followup_item(followup: FollowUp, today: datetime.date) -> WorkItem:
    """A scheduled follow-up: its page, where it is recorded as done or missed."""
    return WorkItem(
        kind="case.followup",
        title=_("Follow-up of %(reference)s") % {"reference": followup.case.reference},
        due=followup.due_on,
        url=reverse("cases:followup_record", args=[followup.case_id, followup.pk]),
        overdue=followup.due_on < today,
        person_name=followup.case.person.display_name,
    )


def returned_plan_item(plan: OrientationPlan) -> WorkItem:
    """A plan the manager returned: the plan page, with the manager's note."""
    return WorkItem(
        kind="plan.returned",
        title=_("Revise the orientation plan of %(reference)s") % {"reference": plan.case.reference},
        due=timezone.localdate(plan.decided_at) if plan.decided_at else None,
        url=reverse("cases:plan", args=[plan.case_id]),
        person_name=plan.case.person.display_name,
        detail=plan.decision_note,
    )


def work_items(user: User) -> Iterable[WorkItem]:
    """My cases waiting at reception or listening, overdue after WAITING_DAYS; urgent cases first."""
    today = timezone.localdate()
    for case in [*selectors_work.cases_to_listen(user)[:200], *selectors_work.cases_to_diagnose(user)[:200]]:
        yield waiting_item(case, today)


def followup_items(user: User) -> Iterable[WorkItem]:
    """Follow-ups of my open cases due within two weeks, or overdue."""
    today = timezone.localdate()
    for followup in selectors_work.followups_due(user, today + datetime.timedelta(days=14))[:200]:
        yield followup_item(followup, today)


def plan_items(user: User) -> Iterable[WorkItem]:
    """Plans waiting for my approval; my plans returned for changes; actions of my cases due soon."""
    today = timezone.localdate()
    for plan in selectors_work.plans_to_decide(user)[:200]:
        due = timezone.localdate(plan.submitted_at) + datetime.timedelta(days=PLAN_DECISION_DAYS)
        yield WorkItem(
            kind="plan.approval",
            title=_("Approve the orientation plan of %(reference)s") % {"reference": plan.case.reference},
            due=due,
            url=reverse("cases:plan", args=[plan.case_id]),
            overdue=due < today,
            person_name=plan.case.person.display_name,
        )
    for plan in selectors_work.plans_returned(user)[:200]:
        yield returned_plan_item(plan)
    actions = (
        PlanAction.objects.filter(
            status=PlanAction.Status.PLANNED,
            due_on__lte=today + datetime.timedelta(days=14),
            goal__plan__status=OrientationPlan.Status.APPROVED,
            goal__plan__case__in=selectors_work.my_open_cases(user),
        )
        .select_related("goal__plan__case__person")
        .order_by("due_on")[:200]
    )
    for action in actions:
        case = action.goal.plan.case
        yield WorkItem(
            kind="plan.action",
            title=_("%(action)s (%(reference)s)") % {"action": action.description, "reference": case.reference},
            due=action.due_on,
            url=reverse("cases:plan", args=[case.pk]),
            overdue=action.due_on < today,
            person_name=case.person.display_name,
        )


def handover_entries(user: User, person: Person) -> Iterable[TimelineEntry]:
    """Reassignments and transfers of the person's cases the user may see."""
    events = (
        CaseEvent.objects.filter(case__in=visible_cases(user).filter(person=person))
        .select_related("case__center", "from_center", "to_center", "from_worker", "to_worker")
        .order_by("at")
    )
    for event in events:
        if event.kind == CaseEvent.Kind.REASSIGNED:
            detail = f"{_name(event.from_worker)} → {_name(event.to_worker)}"
        else:
            detail = f"{_center(event.from_center)} → {_center(event.to_center)}"
        yield TimelineEntry(
            when=event.at,
            kind=f"case.{event.kind}",
            title=_("Case %(reference)s: %(event)s")
            % {"reference": event.case.reference, "event": event.get_kind_display()},  # fmt: skip
            detail=detail,
            url=reverse("cases:detail", args=[event.case_id]),
            place=event.case.center.name,
        )


def flag_entries(user: User, person: Person) -> Iterable[TimelineEntry]:
    """Flags set on and cleared from the person's cases the user may see: the flag's name, never its
    reason (a reason may tell what the person lives through; it stays on the case page)."""
    flags = (
        CaseFlag.objects.filter(case__in=visible_cases(user).filter(person=person))
        .select_related("case__center")
        .order_by("set_at")
    )
    for flag in flags:
        case = flag.case
        moments = [(flag.set_at, "set", _("Case %(reference)s: flag set, %(flag)s"))]
        if flag.cleared_at is not None:
            moments.append((flag.cleared_at, "cleared", _("Case %(reference)s: flag cleared, %(flag)s")))
        for when, what, title in moments:
            yield TimelineEntry(
                when=when,
                kind=f"case.flag_{what}",
                title=title % {"reference": case.reference, "flag": flag.get_kind_display()},
                url=reverse("cases:detail", args=[case.pk]),
                place=case.center.name,
            )


def _center(center: Any) -> str:
    return center.name if center else "—"


def _name(user: User | None) -> str:
    return user.get_username() if user else "—"


def transfer_items(user: User) -> Iterable[WorkItem]:
    """Transfers waiting for an answer from my center (its manager), due 7 days after the request."""
    from jisr.cases.selectors_handover import incoming_transfers

    today = timezone.localdate()
    for transfer in incoming_transfers(user)[:200]:
        due = timezone.localdate(transfer.requested_at) + datetime.timedelta(days=7)
        yield WorkItem(
            kind="case.transfer",
            title=_("Answer the transfer of %(reference)s") % {"reference": transfer.case.reference},
            due=due,
            url=reverse("cases:transfers"),
            overdue=due < today,
            person_name=transfer.case.person.display_name,
        )
