"""The consultations' pages. Public (no login): `/consultations/`, a region's page, a recommendation's history,
the open data. Staff (`/consultations/manage/`): meetings, recommendations and their decisions, imports,
duplicates, plans, actions and their progress. Thin: parse, one selector or service, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.consultations import forms, history, importing, public, selectors, services
from jisr.consultations.models import Recommendation
from jisr.core.form_errors import service_errors_as_messages, service_errors_into
from jisr.core.spreadsheets import csv_bytes

# ------------------------------------------------------------------ public


@require_GET
def public_home(request: HttpRequest) -> HttpResponse:
    """Every region: its meeting, what became of its recommendations, its plan's progress."""
    return render(request, "consultations/public_home.html", {"regions": public.overview()})


@require_GET
def public_region(request: HttpRequest, code: str) -> HttpResponse:
    """A region's meetings, recommendations (with reasons when not retained), actions and execution per territory."""
    filters = forms.PublicFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    page = public.region_page(code, pillar=chosen.get("pillar", ""), target_group=chosen.get("target_group", ""))
    if page is None:
        raise Http404
    return render(request, "consultations/public_region.html", {"page": page, "filters": filters})


@require_GET
def public_recommendation(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    """What became of one recommendation, from its meeting to its action's progress (no author named)."""
    recommendation = public.recommendation_public(recommendation_id)
    entries = history.timeline(recommendation, with_authors=False)  # type: ignore[arg-type]
    return render(
        request, "consultations/public_recommendation.html", {"recommendation": recommendation, "entries": entries}
    )


@require_GET
def open_data(request: HttpRequest, file_format: str) -> HttpResponse:
    """The open data set: CSV (recommendations, or actions with ?table=actions) or JSON (both)."""
    region = request.GET.get("region", "")[:5]
    data = public.open_data(region)
    name = f"consultations{'-' + region if region.isdigit() else ''}"
    if file_format == "json":
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        table_name = "actions" if request.GET.get("table") == "actions" else "recommendations"
        columns = public.OPEN_ACTION_COLUMNS if table_name == "actions" else public.OPEN_RECOMMENDATION_COLUMNS
        content, _count = csv_bytes([columns, *[[row[key] for key in columns] for row in data[table_name]]])
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name = f"{name}-{table_name}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


# ------------------------------------------------------------------ staff


@login_required
def manage_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The meetings and plans the user sees, or the actions they report on."""
    user = request.user
    can_view = selectors.may(user, selectors.VIEW)
    if not can_view and not selectors.may(user, selectors.PROGRESS):
        raise Http404
    meeting_form: Any = (
        forms.MeetingForm(prefix="meeting", user=user) if selectors.may(user, selectors.MEETINGS) else None
    )
    plan_form: Any = forms.PlanForm(prefix="plan", user=user) if selectors.may(user, selectors.PLANS) else None
    if request.method == "POST":
        step = request.POST.get("step", "")
        form = (
            forms.MeetingForm(request.POST, prefix="meeting", user=user)
            if step == "meeting"
            else forms.PlanForm(request.POST, prefix="plan", user=user)
            if step == "plan"
            else None
        )
        if form is None or (step == "meeting" and meeting_form is None) or (step == "plan" and plan_form is None):
            raise Http404
        if form.is_valid():
            try:
                if step == "meeting":
                    meeting = services.meeting_create(acting_user=user, **form.cleaned_data)
                    return redirect("consultations:meeting", meeting_id=meeting.pk)
                plan = services.plan_create(acting_user=user, **form.cleaned_data)
                return redirect("consultations:plan", plan_id=plan.pk)
            except ValidationError as error:
                service_errors_into(form, error)
        if step == "meeting":
            meeting_form = form
        else:
            plan_form = form
    context = {
        "meeting_form": meeting_form,
        "plan_form": plan_form,
        "meetings": selectors.meetings_of(user) if can_view else [],
        "plans": selectors.plans_of(user) if can_view else [],
        "reported": selectors.actions_reported_by(user),
        "can_merge": selectors.may(user, selectors.RECOMMENDATIONS),
        "summary": public.overview() if can_view else [],
    }
    return render(request, "consultations/manage_home.html", context)


@login_required
def meeting_page(request: AuthenticatedHttpRequest, meeting_id: str) -> HttpResponse:
    """A meeting: its details, participants, attendance, minutes and recommendations; entry and import."""
    user = request.user
    meeting = selectors.meeting_get(user, meeting_id)
    can_manage = selectors.may(user, selectors.MEETINGS, meeting)
    can_enter = selectors.may(user, selectors.RECOMMENDATIONS, meeting)
    counts = {row.category: (row.women, row.men) for row in meeting.attendance.all()}
    participants = meeting.organizations.all()
    recommendation_form = forms.RecommendationForm(region_id=meeting.region_id, prefix="rec")
    attendance_form = forms.AttendanceForm(initial_counts=counts, prefix="att")
    organization_form = forms.OrganizationForm(prefix="org")
    minutes_form = forms.MinutesForm(prefix="min")
    upload = forms.ImportForm(prefix="file")
    report = None
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "advance":
                services.meeting_advance(acting_user=user, meeting=meeting)
                return redirect("consultations:meeting", meeting_id=meeting.pk)
            if step == "recommendation":
                recommendation_form = forms.RecommendationForm(request.POST, region_id=meeting.region_id, prefix="rec")
                if recommendation_form.is_valid():
                    services.recommendation_create(
                        acting_user=user, meeting=meeting, **recommendation_form.cleaned_data
                    )
                    return redirect("consultations:meeting", meeting_id=meeting.pk)
            if step == "attendance":
                attendance_form = forms.AttendanceForm(request.POST, initial_counts=counts, prefix="att")
                if attendance_form.is_valid():
                    services.meeting_set_attendance(acting_user=user, meeting=meeting, counts=attendance_form.counts())
                    return redirect("consultations:meeting", meeting_id=meeting.pk)
            if step == "organization":
                organization_form = forms.OrganizationForm(request.POST, prefix="org")
                if organization_form.is_valid():
                    services.meeting_add_organization(
                        acting_user=user, meeting=meeting, **organization_form.cleaned_data
                    )
                    return redirect("consultations:meeting", meeting_id=meeting.pk)
            if step == "minutes":
                minutes_form = forms.MinutesForm(request.POST, request.FILES, prefix="min")
                if minutes_form.is_valid():
                    file = minutes_form.cleaned_data["minutes"]
                    services.meeting_upload_minutes(
                        acting_user=user, meeting=meeting, file_name=file.name, content=file.read()
                    )
                    return redirect("consultations:meeting", meeting_id=meeting.pk)
            if step == "import":
                upload = forms.ImportForm(request.POST, request.FILES, prefix="file")
                if upload.is_valid():
                    file = upload.cleaned_data["file"]
                    report = importing.recommendations_import(
                        acting_user=user, meeting=meeting, file_name=file.name, content=file.read()
                    )
        except ValidationError as error:
            target = {
                "recommendation": recommendation_form,
                "attendance": attendance_form,
                "organization": organization_form,
                "minutes": minutes_form,
            }.get(step)
            if target is None:
                service_errors_as_messages(request, error)
                return redirect("consultations:meeting", meeting_id=meeting.pk)
            service_errors_into(target, error)
    context = {
        "meeting": meeting,
        "participants": participants,
        "attendance": meeting.attendance.all(),
        "recommendations": selectors.recommendations_of(user, selectors.RecommendationFilters(meeting=str(meeting.pk))),
        "can_manage": can_manage,
        "can_enter": can_enter,
        "recommendation_form": recommendation_form,
        "attendance_form": attendance_form,
        "organization_form": organization_form,
        "minutes_form": minutes_form,
        "upload": upload,
        "report": report,
    }
    return render(request, "consultations/meeting.html", context)


@login_required
@require_GET
def meeting_minutes(request: AuthenticatedHttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, meeting_id)
    name, mime_type, content = selectors.minutes_read(request.user, meeting)
    response = HttpResponse(content, content_type=mime_type)
    response["Content-Disposition"] = f'attachment; filename="{name.replace(chr(34), "")}"'
    return response


def _filters(request: HttpRequest) -> selectors.RecommendationFilters:
    get = request.GET
    return selectors.RecommendationFilters(
        meeting=get.get("meeting", "")[:40],
        status=get.get("status", "")[:20],
        pillar=get.get("pillar", "")[:60],
        target_group=get.get("target_group", "")[:20],
        q=get.get("q", "")[:100],
    )


@login_required
def recommendation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The recommendations the user sees, filtered by meeting, status, pillar, target group or words."""
    selectors.require_view(request.user)
    filters = _filters(request)
    recommendations = selectors.recommendations_of(request.user, filters)[:500]
    context = {
        "recommendations": recommendations,
        "filters": filters,
        "statuses": Recommendation.Status.choices,
        "meetings": selectors.meetings_of(request.user),
        "filter_form": forms.PublicFilterForm(request.GET),
    }
    return render(request, "consultations/recommendations.html", context)


@login_required
def recommendation_page(request: AuthenticatedHttpRequest, recommendation_id: str) -> HttpResponse:
    """A recommendation: its text, its history (with who decided), and the decision form."""
    user = request.user
    recommendation = selectors.recommendation_get(user, recommendation_id)
    can_decide = selectors.may(user, selectors.RECOMMENDATIONS, recommendation)
    allowed = sorted(services.TRANSITIONS[recommendation.status])
    form = forms.DecisionForm(
        request.POST or None,
        allowed=allowed,
        actions=selectors.action_choices(user, recommendation.meeting.region_id),
        merge_targets=selectors.recommendation_choices(user, exclude=recommendation),
    )
    if request.method == "POST" and can_decide and form.is_valid():
        try:
            services.recommendation_decide(acting_user=user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("consultations:recommendation", recommendation_id=recommendation.pk)
    context = {
        "recommendation": recommendation,
        "entries": history.timeline(recommendation, with_authors=True),
        "form": form if can_decide and allowed else None,
        "can_edit": can_decide,
        "merged": recommendation.merged.all(),
    }
    return render(request, "consultations/recommendation.html", context)


@login_required
def duplicates_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Candidate duplicates across meetings; a person merges one into the other."""
    user = request.user
    selectors.require_view(user)
    if not selectors.may(user, selectors.RECOMMENDATIONS):
        raise Http404
    return render(request, "consultations/duplicates.html", {"candidates": selectors.duplicate_candidates(user)[:100]})


@login_required
@require_POST
def merge(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    duplicate = selectors.recommendation_get(user, request.POST.get("duplicate", ""), selectors.RECOMMENDATIONS)
    into = selectors.recommendation_get(user, request.POST.get("into", ""), selectors.RECOMMENDATIONS)
    try:
        services.recommendation_merge(
            acting_user=user, duplicate=duplicate, into=into, note=request.POST.get("note", "")[:500]
        )
    except ValidationError as error:
        service_errors_as_messages(request, error)
    return redirect("consultations:duplicates")


@login_required
def plan_page(request: AuthenticatedHttpRequest, plan_id: str) -> HttpResponse:
    """A region's plan: its actions with owner, budget, dates and progress; a new action."""
    user = request.user
    plan = selectors.plan_get(user, plan_id)
    can_build = selectors.may(user, selectors.PLANS, plan)
    form = forms.ActionForm(request.POST or None, region_id=plan.region_id, prefix="act")
    if request.method == "POST" and can_build and form.is_valid():
        try:
            services.action_create(acting_user=user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("consultations:plan", plan_id=plan.pk)
    actions = selectors.actions_of_plan(user, plan)
    return render(
        request, "consultations/plan.html", {"plan": plan, "actions": actions, "form": form if can_build else None}
    )


@login_required
def action_page(request: AuthenticatedHttpRequest, action_id: str) -> HttpResponse:
    """An action: its results (nested, with their progress), milestones, the recommendations it answers; the
    owner's users and the region report progress and milestones."""
    user = request.user
    action = selectors.action_get(user, action_id)
    can_report = selectors.may(user, selectors.PROGRESS, action)
    can_build = selectors.may(user, selectors.PLANS, action)
    tree = selectors.result_tree(action)
    milestone_form = forms.MilestoneForm(prefix="ms")
    result_form = forms.ResultForm(results=action.results.all(), prefix="res")
    report_error = None
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "report" and can_report:
                result = selectors.result_get(user, action, request.POST.get("result", ""))
                report_form = forms.ResultReportForm(request.POST, prefix=f"r{result.pk}")
                if report_form.is_valid():
                    services.result_report(acting_user=user, result=result, **report_form.cleaned_data)
                    return redirect("consultations:action", action_id=action.pk)
                report_error = report_form.errors
            elif step == "milestone" and can_report:
                milestone_form = forms.MilestoneForm(request.POST, prefix="ms")
                if milestone_form.is_valid():
                    services.milestone_add(acting_user=user, action=action, **milestone_form.cleaned_data)
                    return redirect("consultations:action", action_id=action.pk)
            elif step == "result" and can_build:
                result_form = forms.ResultForm(request.POST, results=action.results.all(), prefix="res")
                if result_form.is_valid():
                    services.result_create(acting_user=user, action=action, **result_form.cleaned_data)
                    return redirect("consultations:action", action_id=action.pk)
            else:
                raise Http404
        except ValidationError as error:
            target = milestone_form if step == "milestone" else result_form if step == "result" else None
            if target is None:
                service_errors_as_messages(request, error)
                return redirect("consultations:action", action_id=action.pk)
            service_errors_into(target, error)
    rows: list[dict[str, Any]] = [
        {
            "result": result,
            "depth": depth,
            "leaf": not any(other.parent_id == result.pk for other, _d in tree),
            "form": forms.ResultReportForm(
                prefix=f"r{result.pk}", initial={"status": result.status_id, "own_progress": result.own_progress}
            ),
        }
        for result, depth in tree
    ]
    context = {
        "action": action,
        "rows": rows,
        "milestones": selectors.milestones_of(action),
        "recommendations": action.recommendations.select_related("meeting__region")
        if selectors.may(user, selectors.VIEW, action)
        else [],
        "can_report": can_report,
        "can_build": can_build,
        "milestone_form": milestone_form,
        "result_form": result_form,
        "report_error": report_error,
    }
    return render(request, "consultations/action.html", context)
