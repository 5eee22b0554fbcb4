"""Walk a case along the pathway the way the services require (listening → diagnosis → approved plan)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from jisr.cases import orientation, services
from jisr.cases.models import Case, Protocol


def answers_with_needs(protocol: Protocol) -> dict[str, str]:
    """Every question answered with its first choice, except income: no income, searching for work."""
    chosen = {q["code"]: q["choices"][0]["code"] for d in protocol.definition["domains"] for q in d["questions"]}
    return {**chosen, "income_source": "none", "job_search": "searching"}


def diagnose(personas: Any, case: Case, worker: str = "worker_a") -> Case:
    """Listening then a diagnosis with the published protocol: the case ends in diagnosis."""
    author = getattr(personas, worker)
    services.listening_record(acting_user=author, case=case, needs=["income"], notes="")
    protocol = Protocol.objects.filter(status=Protocol.Status.PUBLISHED).first()
    services.assessment_record(acting_user=author, case=case, protocol=protocol, answers=answers_with_needs(protocol))
    case.refresh_from_db()
    return case


def submitted_plan(personas: Any, case: Case, kind: str = "training", worker: str = "worker_a") -> Any:
    """A plan with one goal and one action, submitted by the worker (approved at once when the protocol
    does not ask for the manager's approval)."""
    author = getattr(personas, worker)
    plan = orientation.plan_start(acting_user=author, case=case, summary="")
    goal = orientation.goal_add(acting_user=author, plan=plan, domain="income", title="Trouver un emploi")
    orientation.action_add(acting_user=author, goal=goal, kind=kind, description="Formation certifiante",
                           due_on=timezone.localdate() + datetime.timedelta(days=30))  # fmt: skip
    return orientation.plan_submit(acting_user=author, plan=plan)


def approved_plan(personas: Any, case: Case, kind: str = "training") -> Any:
    """A plan with one goal and one action, submitted by worker A and approved by manager A."""
    plan = submitted_plan(personas, case, kind)
    if plan.status == plan.Status.SUBMITTED:
        plan = orientation.plan_approve(acting_user=personas.manager_a, plan=plan)
    return plan


def to_pathway(personas: Any, case: Case) -> Case:
    """From reception to the integration pathway, every stage through its service."""
    diagnose(personas, case)
    approved_plan(personas, case)
    case.refresh_from_db()
    assert case.status == Case.Status.PATHWAY
    return case
