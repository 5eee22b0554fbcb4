"""`/api/v1/plans`: orientation plans — write one whole, add goals and actions, submit, decide, close actions."""

from __future__ import annotations

import datetime
import uuid

from ninja import Field, Query, Router, Schema, Status

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.models import User
from jisr.cases import orientation, plan_writing, selectors
from jisr.cases.models import OrientationPlan, PlanAction, PlanGoal
from jisr.cases.plan_writing import ActionDraft, GoalDraft
from jisr.core.api_schemas import Input, Invalid, Message

router = Router(tags=["plans"])


class ActionOut(Schema):
    id: uuid.UUID
    kind: str
    description: str
    due_on: datetime.date
    responsible: str | None
    status: str
    result: str

    @staticmethod
    def resolve_responsible(action: PlanAction) -> str | None:
        return action.responsible.get_username() if action.responsible else None


class GoalOut(Schema):
    id: uuid.UUID
    domain: str
    title: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(goal: PlanGoal) -> list[PlanAction]:
        return list(goal.actions.all())


class PlanOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    status: str
    needs_approval: bool
    summary: str
    decision_note: str
    goals: list[GoalOut]

    @staticmethod
    def resolve_goals(plan: OrientationPlan) -> list[PlanGoal]:
        return list(plan.goals.all())


class ActionIn(Input):
    kind: str
    description: str
    due_on: datetime.date
    responsible: str | None = None


class GoalIn(Input):
    domain: str
    title: str
    actions: list[ActionIn] = Field(default_factory=list)


class PlanIn(Input):
    case_id: uuid.UUID
    summary: str = ""
    goals: list[GoalIn] = Field(default_factory=list)


class DecisionIn(Input):
    note: str = ""


class ActionCloseIn(Input):
    done: bool
    result: str = ""


class PlanQuery(Schema):
    awaiting_my_approval: bool = False


def _full(user: User, plan_id: uuid.UUID) -> OrientationPlan | None:
    plan = selectors.plan_get(user, plan_id)
    return selectors.plan_of(plan.case)


def _drafts(goals: list[GoalIn]) -> list[GoalDraft]:
    """The body's goals as the plan-writing service takes them."""
    return [
        GoalDraft(
            domain=goal.domain, title=goal.title, actions=[ActionDraft(**action.dict()) for action in goal.actions]
        )
        for goal in goals
    ]


@router.get("", response=list[PlanOut])
def plan_list(request: AuthenticatedHttpRequest, query: Query[PlanQuery]) -> list[OrientationPlan]:
    """Plans waiting for the caller's approval (`awaiting_my_approval=true`), else the caller's cases' plans."""
    return selectors.plan_list(request.user, awaiting_my_approval=query.awaiting_my_approval)


@router.post("", response={201: PlanOut, 404: Message, 422: Invalid})
def plan_create(request: AuthenticatedHttpRequest, payload: PlanIn) -> Status[OrientationPlan | None]:
    """Write the case's plan whole — goals and their actions — in one transaction: all or nothing."""
    case = selectors.case_get(request.user, payload.case_id)
    plan = plan_writing.plan_write(
        acting_user=request.user, case=case, summary=payload.summary, goals=_drafts(payload.goals)
    )
    return Status(201, _full(request.user, plan.pk))


@router.get("/{plan_id}", response={200: PlanOut, 404: Message})
def plan_detail(request: AuthenticatedHttpRequest, plan_id: uuid.UUID) -> OrientationPlan | None:
    return _full(request.user, plan_id)


@router.post("/{plan_id}/goals", response={201: PlanOut, 404: Message, 422: Invalid})
def goal_create(
    request: AuthenticatedHttpRequest, plan_id: uuid.UUID, payload: GoalIn
) -> Status[OrientationPlan | None]:
    """Add one goal with its actions to the plan, all or nothing."""
    plan = selectors.plan_get(request.user, plan_id)
    plan_writing.plan_goals_add(acting_user=request.user, plan=plan, goals=_drafts([payload]))
    return Status(201, _full(request.user, plan_id))


@router.post("/{plan_id}/submit", response={200: PlanOut, 404: Message, 422: Invalid})
def plan_submit(request: AuthenticatedHttpRequest, plan_id: uuid.UUID) -> OrientationPlan | None:
    """To the manager when the protocol requires approval; otherwise approved at once."""
    orientation.plan_submit(acting_user=request.user, plan=selectors.plan_get(request.user, plan_id))
    return _full(request.user, plan_id)


@router.post("/{plan_id}/approve", response={200: PlanOut, 404: Message, 422: Invalid})
def plan_approve(request: AuthenticatedHttpRequest, plan_id: uuid.UUID, payload: DecisionIn) -> OrientationPlan | None:
    """cases.approve_plan at the case's center, and not the plan's author."""
    plan = selectors.plan_get(request.user, plan_id, "cases.approve_plan")
    orientation.plan_approve(acting_user=request.user, plan=plan, note=payload.note)
    return _full(request.user, plan_id)


@router.post("/{plan_id}/return", response={200: PlanOut, 404: Message, 422: Invalid})
def plan_return(request: AuthenticatedHttpRequest, plan_id: uuid.UUID, payload: DecisionIn) -> OrientationPlan | None:
    plan = selectors.plan_get(request.user, plan_id, "cases.approve_plan")
    orientation.plan_return(acting_user=request.user, plan=plan, note=payload.note)
    return _full(request.user, plan_id)


@router.post("/actions/{action_id}/close", response={200: ActionOut, 404: Message, 422: Invalid})
def action_close(request: AuthenticatedHttpRequest, action_id: uuid.UUID, payload: ActionCloseIn) -> PlanAction:
    action = selectors.action_get(request.user, action_id)
    return orientation.action_close(acting_user=request.user, action=action, done=payload.done, result=payload.result)
