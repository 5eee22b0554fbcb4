"""A whole orientation plan written at once — goals with their actions — all or nothing.

The API takes a plan (or new goals) in one body; this module turns it into the orientation services'
steps inside one transaction, and names where in the body an error is (`goals.1.actions.0.due_on`),
so that the caller can point at it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.accounts.selectors import account_by_username
from jisr.cases import orientation
from jisr.cases.models import Case, OrientationPlan


@dataclass(frozen=True)
class ActionDraft:
    """An action as a caller writes it; the responsible is named by username (or nobody)."""

    kind: str
    description: str
    due_on: datetime.date
    responsible: str | None = None


@dataclass(frozen=True)
class GoalDraft:
    """A goal as a caller writes it, with its actions."""

    domain: str
    title: str
    actions: Sequence[ActionDraft] = field(default_factory=tuple)


def _located(error: ValidationError, where: str) -> ValidationError:
    """The error with each field named from the body's root (`goals.1.actions.0.due_on`); a message about the
    whole goal or action (e.g. the plan is no longer editable) goes under `where` itself."""
    if hasattr(error, "error_dict"):
        return ValidationError({f"{where}.{name}": messages for name, messages in error.message_dict.items()})
    return ValidationError({where: error.messages})


def _responsible(username: str | None) -> User | None:
    if not username:
        return None
    user = account_by_username(username)
    if user is None:
        raise ValidationError({"responsible": [_("Unknown user: %(name)s.") % {"name": username}]})
    return user


def _add_goals(acting_user: User, plan: OrientationPlan, goals: Sequence[GoalDraft], offset: int) -> None:
    """Add goals with their actions, in order; an error names where it is (`goals.1.actions.0.due_on`)."""
    for index, draft in enumerate(goals, start=offset):
        try:
            goal = orientation.goal_add(acting_user=acting_user, plan=plan, domain=draft.domain, title=draft.title)
        except ValidationError as error:
            raise _located(error, f"goals.{index}") from error
        for position, action in enumerate(draft.actions):
            try:
                orientation.action_add(
                    acting_user=acting_user, goal=goal, kind=action.kind, description=action.description,
                    due_on=action.due_on, responsible=_responsible(action.responsible),
                )  # fmt: skip
            except ValidationError as error:
                raise _located(error, f"goals.{index}.actions.{position}") from error


@transaction.atomic
def plan_write(*, acting_user: User, case: Case, summary: str = "", goals: Sequence[GoalDraft] = ()) -> OrientationPlan:
    """Start the case's plan and add its goals and actions in one transaction: the first error undoes it all."""
    plan = orientation.plan_start(acting_user=acting_user, case=case, summary=summary)
    _add_goals(acting_user, plan, goals, offset=0)
    return plan


@transaction.atomic
def plan_goals_add(*, acting_user: User, plan: OrientationPlan, goals: Sequence[GoalDraft]) -> OrientationPlan:
    """Add goals with their actions to an existing plan, all or nothing; errors are numbered after its goals."""
    _add_goals(acting_user, plan, goals, offset=plan.goals.count())
    return plan
