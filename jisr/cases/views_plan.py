"""The orientation plan page of a case and its actions (thin: parse, call one service, redirect)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases import forms, orientation, selectors
from jisr.cases.models import Case, OrientationPlan
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages
from jisr.core.scope import may


@login_required
def plan_page(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = selectors.case_get(request.user, case_id)
    plan = selectors.plan_of(case)
    can_change = may(request.user, "cases.change_case", case) and case.status != Case.Status.CLOSED
    may_decide = (
        plan is not None
        and plan.status == plan.Status.SUBMITTED
        and may(request.user, "cases.approve_plan", case)
        and request.user.pk not in (plan.created_by_id, plan.submitted_by_id)
    )
    if plan is not None:
        # One form per goal and per action, each with its own element ids (labels must point at their own field).
        for goal in plan.goals.all():
            goal.action_form = forms.ActionForm(center=case.center, auto_id=f"id_{goal.pk.hex[:8]}_%s")  # type: ignore[attr-defined]
            for action in goal.actions.all():
                action.close_form = forms.ActionCloseForm(auto_id=f"id_{action.pk.hex[:8]}_%s")  # type: ignore[attr-defined]
    context = {
        "case": case,
        "plan": plan,
        "can_change": can_change,
        "editable": plan is not None and plan.status in orientation.EDITABLE and can_change,
        "may_decide": may_decide,
        "can_refer": may(request.user, "referrals.add_referral", case),
        "assessment": selectors.latest_assessment(case),
        "start_form": forms.PlanStartForm(),
        "goal_form": forms.GoalForm(),
        "decision_form": forms.PlanDecisionForm(),
    }
    return render(request, "cases/plan.html", context)


def _plan_act(
    request: AuthenticatedHttpRequest,
    case_id: str,
    form: django_forms.Form,
    action: Callable[[Case, OrientationPlan | None, dict[str, Any]], None],
    done: str,
) -> HttpResponse:
    """Validate the form, run the service, report its errors as messages, and return to the plan."""
    case = selectors.case_get(request.user, case_id)
    plan = selectors.plan_of(case)
    if form.is_valid():
        try:
            action(case, plan, form.cleaned_data)
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, done)
    else:
        form_errors_as_messages(request, form)
    if request.POST.get("from") == "home":  # a decision taken on the manager's home page returns there
        return redirect("core:home")
    return redirect("cases:plan", case_id=case.pk)


def _require_plan(plan: OrientationPlan | None) -> OrientationPlan:
    if plan is None:
        raise Http404
    return plan


@login_required
@require_POST
def plan_start(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, _plan: OrientationPlan | None, data: dict[str, Any]) -> None:
        orientation.plan_start(acting_user=request.user, case=case, summary=data["summary"])

    return _plan_act(request, case_id, forms.PlanStartForm(request.POST), action, _("The plan was started."))


@login_required
@require_POST
def goal_add(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(_case: Case, plan: OrientationPlan | None, data: dict[str, Any]) -> None:
        orientation.goal_add(acting_user=request.user, plan=_require_plan(plan), **data)

    return _plan_act(request, case_id, forms.GoalForm(request.POST), action, _("The goal was added."))


@login_required
@require_POST
def action_add(request: AuthenticatedHttpRequest, case_id: str, goal_id: str) -> HttpResponse:
    case = selectors.case_get(request.user, case_id)

    def action(_case: Case, plan: OrientationPlan | None, data: dict[str, Any]) -> None:
        goal = selectors.goal_get(request.user, _require_plan(plan), goal_id)
        orientation.action_add(acting_user=request.user, goal=goal, **data)

    form = forms.ActionForm(request.POST, center=case.center)
    return _plan_act(request, case_id, form, action, _("The action was added."))


@login_required
@require_POST
def plan_submit(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(_case: Case, plan: OrientationPlan | None, _data: dict[str, Any]) -> None:
        orientation.plan_submit(acting_user=request.user, plan=_require_plan(plan))

    return _plan_act(request, case_id, forms.PlanDecisionForm(request.POST), action, _("The plan was submitted."))


@login_required
@require_POST
def plan_decide(request: AuthenticatedHttpRequest, case_id: str, decision: str) -> HttpResponse:
    if decision not in ("approve", "return"):
        raise Http404

    def action(_case: Case, plan: OrientationPlan | None, data: dict[str, Any]) -> None:
        if decision == "approve":
            orientation.plan_approve(acting_user=request.user, plan=_require_plan(plan), note=data["note"])
        else:
            orientation.plan_return(acting_user=request.user, plan=_require_plan(plan), note=data["note"])

    done = _("The plan was approved.") if decision == "approve" else _("The plan was returned for changes.")
    return _plan_act(request, case_id, forms.PlanDecisionForm(request.POST), action, done)


@login_required
@require_POST
def action_close(request: AuthenticatedHttpRequest, case_id: str, action_id: str) -> HttpResponse:
    def action(_case: Case, plan: OrientationPlan | None, data: dict[str, Any]) -> None:
        step = next(
            (a for g in _require_plan(plan).goals.all() for a in g.actions.all() if str(a.pk) == action_id), None
        )
        if step is None:
            raise Http404
        orientation.action_close(acting_user=request.user, action=step, **data)

    return _plan_act(request, case_id, forms.ActionCloseForm(request.POST), action, _("The action was recorded."))
