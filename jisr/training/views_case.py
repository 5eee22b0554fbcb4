"""A case's integration pathways page: enrolments, professional project, incubation, mediation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases.models import Case
from jisr.cases.selectors import case_get
from jisr.core.scope import may
from jisr.training import forms, pathways, selectors, services
from jisr.training.views import _report


@login_required
def case_pathways(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = case_get(request.user, case_id)
    can_change = may(request.user, "cases.change_case", case) and case.status != Case.Status.CLOSED
    records = selectors.pathway_of(case)
    for mediation in records["mediations"]:
        mediation.close_form = forms.MediationCloseForm(auto_id=f"id_{mediation.pk.hex[:8]}_%s")
    project = records["projects"][0] if records["projects"] else None
    incubation = records["incubations"][0] if records["incubations"] else None
    context = {
        "case": case,
        "can_change": can_change,
        **records,
        "enroll_form": forms.EnrollForm(programs=selectors.open_programs(request.user)),
        "project_form": forms.ProjectForm(
            initial={"title": project.title, "sector": project.sector, "text": project.text} if project else None
        ),  # fmt: skip
        "incubation_form": forms.IncubationForm(
            initial={
                "activity": incubation.activity,
                "stage": incubation.stage,
                "business_plan": incubation.business_plan,
                "support": incubation.support,
                "funder": incubation.funder,
                "funding_amount": incubation.funding_amount,
            }
            if incubation
            else None
        ),  # fmt: skip
        "mediation_form": forms.MediationForm(),
    }
    return render(request, "training/case_pathways.html", context)


@login_required
@require_POST
def case_enroll(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = case_get(request.user, case_id)

    def run(data: dict[str, Any]) -> None:
        services.enroll(acting_user=request.user, program=data["program"], case=case)

    _report(request, forms.EnrollForm(request.POST, programs=selectors.open_programs(request.user)), run,
            _("The person was enrolled."))  # fmt: skip
    return redirect("training:case", case_id=case.pk)


@login_required
@require_POST
def case_project(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = case_get(request.user, case_id)
    project = selectors.project_of(case)

    def run(data: dict[str, Any]) -> None:
        pathways.professional_project_save(acting_user=request.user, case=case, project=project, **data)

    _report(request, forms.ProjectForm(request.POST), run, _("The professional project was saved."))
    return redirect("training:case", case_id=case.pk)


@login_required
@require_POST
def case_incubation(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = case_get(request.user, case_id)
    incubation = selectors.incubation_of(case)

    def run(data: dict[str, Any]) -> None:
        pathways.incubation_save(acting_user=request.user, case=case, incubation=incubation, **data)

    _report(request, forms.IncubationForm(request.POST), run, _("The incubation was saved."))
    return redirect("training:case", case_id=case.pk)


@login_required
@require_POST
def case_mediation(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = case_get(request.user, case_id)

    def run(data: dict[str, Any]) -> None:
        pathways.mediation_start(acting_user=request.user, case=case, **data)

    _report(request, forms.MediationForm(request.POST), run, _("The mediation was recorded."))
    return redirect("training:case", case_id=case.pk)


@login_required
@require_POST
def case_mediation_close(request: AuthenticatedHttpRequest, case_id: str, mediation_id: str) -> HttpResponse:
    case = case_get(request.user, case_id)
    mediation = selectors.mediation_get(request.user, case, mediation_id)

    def run(data: dict[str, Any]) -> None:
        pathways.mediation_close(acting_user=request.user, mediation=mediation, result=data["result"])

    _report(request, forms.MediationCloseForm(request.POST), run, _("The mediation was closed."))
    return redirect("training:case", case_id=case.pk)
