"""`/api/v1/plans`: orientation plans — write one whole, add goals and actions, submit, decide, close actions."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from jisr.accounts.models import User
from jisr.cases import orientation, selectors
from jisr.cases.models import OrientationPlan
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
    def resolve_responsible(action: Any) -> str | None:
        return action.responsible.get_username() if action.responsible else None


class GoalOut(Schema):
    id: uuid.UUID
    domain: str
    title: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(goal: Any) -> list[Any]:
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
    def resolve_goals(plan: OrientationPlan) -> list[Any]:
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


def _full(user: Any, plan_id: uuid.UUID) -> OrientationPlan:
    plan = selectors.plan_get(user, plan_id)
    return selectors.plan_of(plan.case)


def _user(username: str | None) -> Any:
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValidationError({"responsible": [_("Unknown user: %(name)s.") % {"name": username}]})
    return user


def _located(error: ValidationError, where: str) -> ValidationError:
    """The error with each field named from the body's root (`goals.1.actions.0.due_on`); a message about the
    whole goal or action (e.g. the plan is no longer editable) goes under `where` itself."""
    if hasattr(error, "error_dict"):
        return ValidationError({f"{where}.{field}": messages for field, messages in error.message_dict.items()})
    return ValidationError({where: error.messages})


def _add_goals(user: Any, plan: OrientationPlan, goals: list[GoalIn], offset: int = 0) -> None:
    """Add goals with their actions; an error names where it is (`goals.1.actions.0.due_on`)."""
    for index, goal_in in enumerate(goals, start=offset):
        try:
            goal = orientation.goal_add(acting_user=user, plan=plan, domain=goal_in.domain, title=goal_in.title)
        except ValidationError as error:
            raise _located(error, f"goals.{index}") from error
        for position, action_in in enumerate(goal_in.actions):
            try:
                orientation.action_add(
                    acting_user=user, goal=goal, kind=action_in.kind, description=action_in.description,
                    due_on=action_in.due_on, responsible=_user(action_in.responsible),
                )  # fmt: skip
            except ValidationError as error:
                raise _located(error, f"goals.{index}.actions.{position}") from error


@router.get("", response=list[PlanOut])
def plan_list(request: HttpRequest, query: Query[PlanQuery]) -> Any:
    """Plans waiting for the caller's approval (`awaiting_my_approval=true`), else the caller's cases' plans."""
    if query.awaiting_my_approval:
        plans = selectors.plans_awaiting_approval(request.user)
    else:
        plans = OrientationPlan.objects.filter(case__in=selectors.visible_cases(request.user)).order_by("-created_at")
    return list(plans.prefetch_related("goals__actions__responsible")[:200])


@router.post("", response={201: PlanOut, 404: Message, 422: Invalid})
def plan_create(request: HttpRequest, payload: PlanIn) -> Any:
    """Write the case's plan whole — goals and their actions — in one transaction: all or nothing."""
    case = selectors.case_get(request.user, payload.case_id)
    with transaction.atomic():
        plan = orientation.plan_start(acting_user=request.user, case=case, summary=payload.summary)
        _add_goals(request.user, plan, payload.goals)
    return Status(201, _full(request.user, plan.pk))


@router.get("/{plan_id}", response={200: PlanOut, 404: Message})
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> Any:
    return _full(request.user, plan_id)


@router.post("/{plan_id}/goals", response={201: PlanOut, 404: Message, 422: Invalid})
def goal_create(request: HttpRequest, plan_id: uuid.UUID, payload: GoalIn) -> Any:
    plan = selectors.plan_get(request.user, plan_id)
    with transaction.atomic():
        _add_goals(request.user, plan, [payload], offset=plan.goals.count())
    return Status(201, _full(request.user, plan_id))


@router.post("/{plan_id}/submit", response={200: PlanOut, 404: Message, 422: Invalid})
def plan_submit(request: HttpRequest, plan_id: uuid.UUID) -> Any:
    """To the manager when the protocol requires approval; otherwise approved at once."""
    orientation.plan_submit(acting_user=request.user, plan=selectors.plan_get(request.user, plan_id))
    return _full(request.user, plan_id)


@router.post("/{plan_id}/approve", response={200: PlanOut, 404: Message, 422: Invalid})
def plan_approve(request: HttpRequest, plan_id: uuid.UUID, payload: DecisionIn) -> Any:
    """cases.approve_plan at the case's center, and not the plan's author."""
    plan = selectors.plan_get(request.user, plan_id, "cases.approve_plan")
    orientation.plan_approve(acting_user=request.user, plan=plan, note=payload.note)
    return _full(request.user, plan_id)


@router.post("/{plan_id}/return", response={200: PlanOut, 404: Message, 422: Invalid})
def plan_return(request: HttpRequest, plan_id: uuid.UUID, payload: DecisionIn) -> Any:
    plan = selectors.plan_get(request.user, plan_id, "cases.approve_plan")
    orientation.plan_return(acting_user=request.user, plan=plan, note=payload.note)
    return _full(request.user, plan_id)


@router.post("/actions/{action_id}/close", response={200: ActionOut, 404: Message, 422: Invalid})
def action_close(request: HttpRequest, action_id: uuid.UUID, payload: ActionCloseIn) -> Any:
    action = selectors.action_get(request.user, action_id)
    return orientation.action_close(acting_user=request.user, action=action, done=payload.done, result=payload.result)
