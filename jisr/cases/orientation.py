"""Orientation plans: every write (goals, actions, submission, approval) — scoped, validated, audited.

Kept apart from `services.py` so each module stays small; the rules are the same (DESIGN.md
conventions 1, 3 and 5). The plan moves the case: the first plan moves it from diagnosis to
orientation, the approved plan from orientation to the integration pathway.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import Membership, User
from jisr.cases import notifications
from jisr.cases.models import Case, ListeningRecord, OrientationPlan, PlanAction, PlanGoal
from jisr.cases.services import _locked, _move
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import require

Status = OrientationPlan.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)


def _record(user: User, plan: OrientationPlan, changes: dict[str, Any], action: str = AuditLog.Action.UPDATE) -> None:
    audit.record(actor=user, action=action, obj=plan, object_repr=plan.case.reference, changes=changes)


@transaction.atomic
def plan_start(*, acting_user: User, case: Case, summary: str = "") -> OrientationPlan:
    """Start the case's plan after its diagnosis; the case moves from diagnosis to orientation.

    Whether the plan needs the manager's approval comes from the protocol of the latest assessment.
    """
    require(acting_user, "cases.change_case", case)
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    assessment = case.assessments.select_related("protocol").order_by("-assessed_at").first()
    if assessment is None:
        raise ValidationError(_("Record the diagnosis before the orientation plan."))
    if OrientationPlan.objects.filter(case=case).exists():
        raise ValidationError(_("This case already has an orientation plan."))
    plan = OrientationPlan.objects.create(
        case=case,
        assessment=assessment,
        needs_approval=assessment.protocol.requires_plan_approval,
        summary=summary.strip(),
        created_by=acting_user,
        created_at=timezone.now(),
    )
    _record(acting_user, plan, {"needs_approval": plan.needs_approval}, AuditLog.Action.CREATE)
    if case.status == Case.Status.DIAGNOSIS:
        _move(case, expected=Case.Status.DIAGNOSIS, to=Case.Status.ORIENTATION, user=acting_user)
    return plan


def _editable(plan: OrientationPlan) -> None:
    if plan.status not in EDITABLE:
        raise ValidationError(_("The plan can change only while it is a draft or returned for changes."))


@transaction.atomic
def goal_add(*, acting_user: User, plan: OrientationPlan, domain: str, title: str) -> PlanGoal:
    """Add a goal to a plan that is a draft or returned for changes."""
    require(acting_user, "cases.change_case", plan.case)
    plan = OrientationPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    _editable(plan)
    if domain not in ListeningRecord.Need.values:
        raise ValidationError({"domain": [_("Choose the domain of the goal.")]})
    if not title.strip():
        raise ValidationError({"title": [_("Write the goal.")]})
    goal = PlanGoal(plan=plan, domain=domain, title=title.strip())
    goal.full_clean()
    goal.save()
    _record(acting_user, plan, {"goal": goal.title})
    return goal


def _check_responsible(user: User | None, case: Case) -> None:
    if user is not None and not Membership.objects.active().filter(user=user, center=case.center_id).exists():
        raise ValidationError({"responsible": [_("Choose someone who works at this center.")]})


@transaction.atomic
def action_add(
    *, acting_user: User, goal: PlanGoal, kind: str, description: str, due_on: datetime.date,
    responsible: User | None = None,
) -> PlanAction:  # fmt: skip
    """Add an action to a goal. Actions may be added to an approved plan too (they are audited)."""
    plan = OrientationPlan.objects.select_for_update().select_related("case").get(pk=goal.plan_id)
    require(acting_user, "cases.change_case", plan.case)
    errors: dict[str, list[str]] = {}
    if kind not in PlanAction.Kind.values:
        errors["kind"] = [_("Choose the kind of action.")]
    if not description.strip():
        errors["description"] = [_("Describe the action.")]
    if due_on is None or due_on < timezone.localdate():
        errors["due_on"] = [_("The due date cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    _check_responsible(responsible, plan.case)
    action = PlanAction(goal=goal, kind=kind, description=description.strip(), due_on=due_on, responsible=responsible)
    action.full_clean()
    action.save()
    _record(acting_user, plan, {"action": action.description, "kind": kind, "due_on": str(due_on)})
    return action


def _transition(plan: OrientationPlan, *, allowed: tuple[str, ...], to: str, **fields: Any) -> OrientationPlan:
    """Conditional update: of two concurrent decisions on the same plan, one wins, the other is refused."""
    changed = OrientationPlan.objects.filter(pk=plan.pk, status__in=allowed).update(status=to, **fields)
    if not changed:
        raise ValidationError(_("The plan changed meanwhile: reload the page and try again."))
    plan.refresh_from_db()
    return plan


def _enter_pathway(case: Case, user: User) -> None:
    case.refresh_from_db(fields=["status"])
    if case.status == Case.Status.ORIENTATION:
        _move(case, expected=Case.Status.ORIENTATION, to=Case.Status.PATHWAY, user=user)


@transaction.atomic
def plan_submit(*, acting_user: User, plan: OrientationPlan) -> OrientationPlan:
    """Submit the plan: to the manager when approval is needed, otherwise it is approved at once."""
    require(acting_user, "cases.change_case", plan.case)
    _editable(plan)
    goals = list(plan.goals.prefetch_related("actions"))
    if not goals:
        raise ValidationError(_("Add at least one goal to the plan."))
    empty = [goal.title for goal in goals if not goal.actions.all()]
    if empty:
        raise ValidationError(
            _("Give each goal at least one action (missing for: %(goals)s).") % {"goals": ", ".join(empty)}
        )
    now = timezone.now()
    if plan.needs_approval:
        plan = _transition(plan, allowed=EDITABLE, to=Status.SUBMITTED, submitted_by=acting_user, submitted_at=now)
    else:
        plan = _transition(plan, allowed=EDITABLE, to=Status.APPROVED, submitted_by=acting_user, submitted_at=now,
                           decided_at=now)  # fmt: skip
        _enter_pathway(plan.case, acting_user)
    _record(acting_user, plan, {"status": [Status.DRAFT, plan.status]})
    notifications.plan_submitted(plan=plan, actor=acting_user)
    return plan


def _require_approver(user: User, plan: OrientationPlan) -> None:
    require(user, "cases.approve_plan", plan.case)
    if plan.status != Status.SUBMITTED:
        raise ValidationError(_("Only a plan waiting for approval can be decided."))
    if plan.submitted_by_id == user.pk or plan.created_by_id == user.pk:
        raise ValidationError(_("Someone other than the plan's author must decide on it."))


@transaction.atomic
def plan_approve(*, acting_user: User, plan: OrientationPlan, note: str = "") -> OrientationPlan:
    """The center manager approves; the case enters its integration pathway."""
    _require_approver(acting_user, plan)
    plan = _transition(plan, allowed=(Status.SUBMITTED,), to=Status.APPROVED, decided_by=acting_user,
                       decided_at=timezone.now(), decision_note=note.strip())  # fmt: skip
    _enter_pathway(_locked(plan.case), acting_user)
    _record(acting_user, plan, {"status": [Status.SUBMITTED, Status.APPROVED]})
    notifications.plan_decided(plan=plan, actor=acting_user)
    return plan


@transaction.atomic
def plan_return(*, acting_user: User, plan: OrientationPlan, note: str) -> OrientationPlan:
    """The manager returns the plan for changes, saying what to change."""
    _require_approver(acting_user, plan)
    if not note.strip():
        raise ValidationError({"note": [_("Say what should change in the plan.")]})
    plan = _transition(plan, allowed=(Status.SUBMITTED,), to=Status.RETURNED, decided_by=acting_user,
                       decided_at=timezone.now(), decision_note=note.strip())  # fmt: skip
    _record(acting_user, plan, {"status": [Status.SUBMITTED, Status.RETURNED], "note": note.strip()})
    notifications.plan_decided(plan=plan, actor=acting_user)
    return plan


@transaction.atomic
def action_close(*, acting_user: User, action: PlanAction, done: bool, result: str = "") -> PlanAction:
    """Mark an action of an approved plan done (with its result) or cancelled (with the reason)."""
    plan = OrientationPlan.objects.select_related("case").get(goals__actions=action)
    require(acting_user, "cases.change_case", plan.case)
    if plan.status != Status.APPROVED:
        raise ValidationError(_("Actions are carried out once the plan is approved."))
    if not done and not result.strip():
        raise ValidationError({"result": [_("Say why the action is cancelled.")]})
    closed = PlanAction.objects.filter(pk=action.pk, status=PlanAction.Status.PLANNED).update(
        status=PlanAction.Status.DONE if done else PlanAction.Status.CANCELLED,
        result=result.strip(),
        closed_at=timezone.now(),
    )
    if not closed:
        raise ValidationError(_("This action was already closed."))
    action.refresh_from_db()
    _record(acting_user, plan, {"action": action.description, "status": action.status})
    return action
