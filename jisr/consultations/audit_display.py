"""How the audit log shows rounds, meetings, recommendations, plans, actions, results and milestones
(`jisr.core.audit_display`): each by its name in the reader's language, with a link to its page for a
reader who may see it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.consultations import selectors
from jisr.consultations.models import (
    ActionPlan,
    ConsultationRound,
    Meeting,
    Milestone,
    PlanAction,
    Recommendation,
    Result,
    ResultStatus,
)
from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key, page, through


def _meetings(user: Any) -> QuerySet[Meeting]:
    return selectors.meetings_of(user)


def _recommendations(user: Any) -> QuerySet[Recommendation]:
    return selectors.recommendations_of(user)


def _plans(user: Any) -> QuerySet[ActionPlan]:
    return selectors.plans_of(user)


def _actions(user: Any) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(pk__in=selectors.actions_api(user).values("pk"))


def register() -> None:
    audit_display.register(AuditedModel(model=ConsultationRound, personal=False))
    audit_display.register(AuditedModel(
        model=Meeting, url=page("consultations:meeting"), visible=_meetings, related=("region", "round"),
        personal=False, keys={"attendance": Key(_("attendance")), "minutes": Key(_("minutes")),
                              "organizations": Key(_("participating organizations"))},
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Recommendation, url=page("consultations:recommendation"), visible=_recommendations,
        related=("meeting__region",), personal=False,
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=ActionPlan, url=page("consultations:plan"), visible=_plans, related=("region",), personal=False,
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=PlanAction, url=page("consultations:action"), visible=_actions, related=("plan__region",),
        personal=False,
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Result, url=page("consultations:action", "action_id"), visible=through(Result, "action", _actions),
        personal=False,
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Milestone, url=page("consultations:action", "action_id"),
        visible=through(Milestone, "action", _actions), personal=False,
    ))  # fmt: skip
    audit_display.register(AuditedModel(model=ResultStatus, personal=False))
