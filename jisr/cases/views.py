"""Case pages (thin: parse, call one service or selector, render)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases import case_lists, flags, forms, selectors, selectors_handover, services, stage_rules
from jisr.cases.models import Case, CaseFlag
from jisr.cases.protocols import PATHWAY_LABELS
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages, service_errors_into
from jisr.core.idempotency import one_time_form
from jisr.core.scope import may, require, user_scope
from jisr.core.spreadsheets import csv_bytes
from jisr.people.selectors import person_get


@login_required
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cases in scope, filtered; with the saved filters, the export links and, for a manager, the
    selection of cases to reassign together."""
    require(request.user, "cases.view_case")
    form = forms.CaseFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = Paginator(selectors.case_list(request.user, filters), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    may_reassign = user_scope(request.user).has_permission_somewhere("cases.assign_case")
    context = {
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "filter_string": urlencode(filters.as_params()),
        "flag_labels": dict(CaseFlag.Kind.choices),
        "saved_filters": list(case_lists.saved_filters_of(request.user)),
        "saved_filter_form": forms.SavedFilterForm(prefix="saved"),
        "can_export": user_scope(request.user).has_permission_somewhere(case_lists.EXPORT_PERMISSION),
        "bulk_form": forms.BulkReassignForm(user=request.user, initial={"back": query.urlencode()}) if may_reassign
        else None,
        "selectable": {case.pk for case in page if may_reassign and case.status != Case.Status.CLOSED
                       and may(request.user, "cases.assign_case", case)},
    }  # fmt: skip
    return render(request, "cases/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@one_time_form
def case_open(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    require(request.user, "cases.add_case")
    person = person_get(request.user, person_id)
    form = forms.CaseOpenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(acting_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The case was opened."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/open.html", {"form": form, "person": person})


@login_required
def case_detail(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = selectors.case_get(request.user, case_id)
    can_change = may(request.user, "cases.change_case", case)
    can_assign = may(request.user, "cases.assign_case", case)
    moves = stage_rules.moves_now(case, services.PATHWAY, list(services.CLOSURE_REASONS))
    case_flags = selectors.case_flags(case)
    history = selectors_handover.history_entries(case, case_flags)
    cancellable = selectors_handover.transfer_cancellable(request.user, case)
    context = {
        "case": case,
        "history": history,
        "stage_steps": _stage_steps(case.status, [entry for kind, entry in history if kind == "status"]),
        "moves": moves,
        "can_assign": can_assign,
        "pending_transfer": selectors_handover.pending_transfer_of(case),
        "cancel_transfer_form": forms.TransferCancelForm(prefix="cancel") if cancellable else None,
        "active_flags": [flag for flag in case_flags if flag.active],
        "flag_set_form": forms.FlagSetForm(prefix="flag") if can_change else None,
        "flag_clear_form": forms.FlagClearForm(prefix="unflag") if can_change else None,
        "reassign_form": forms.ReassignForm(case=case, prefix="reassign") if can_assign else None,
        "transfer_form": forms.TransferForm(case=case, prefix="transfer") if can_assign else None,
        "can_read_listening": selectors.can_read_listening(request.user, case),
        "listening": selectors.listening_records(request.user, case),
        "can_change": can_change,
        "can_reopen": may(request.user, "cases.reopen_case", case),
        "can_refer": may(request.user, "referrals.add_referral", case),
        "assessment": selectors.latest_assessment(case),
        "plan": selectors.plan_of(case),
        "followups": list(selectors.case_followups(case)),
        "outcomes": list(selectors.case_outcomes(case)),
        "followup_form": forms.FollowUpForm(),
        "outcome_form": forms.OutcomeForm(),
        "pathway_labels": PATHWAY_LABELS,
        "next_label": Case.Status(moves.next_stage).label if moves.next_stage else "",
        "listening_form": forms.ListeningForm(),
        "close_form": forms.CloseForm(allowed=moves.closure_reasons),
        "reopen_form": forms.ReopenForm(),
        "closure_reasons": services.CLOSURE_REASONS,
    }
    return render(request, "cases/detail.html", context)


def _stage_steps(status: str, changes: list[Any]) -> list[dict[str, Any]]:
    """The stage indicator: each stage of the pathway, done, current or to come; a closed case shows
    the stages it went through and "closed" as current."""
    reached = {change.to_status for change in changes}
    current = status
    steps = []
    passed = True
    for value in [*services.PATHWAY, Case.Status.CLOSED]:
        if value == current:
            state, passed = "current", False
        elif passed and (status != Case.Status.CLOSED or value in reached):
            state = "done"
        else:
            state = "todo"
        if value == Case.Status.CLOSED and status != Case.Status.CLOSED:
            continue  # closure is not a step to come: it is offered by its own form
        steps.append({"value": value, "label": Case.Status(value).label, "state": state})
    return steps


def _act(
    request: AuthenticatedHttpRequest,
    case_id: str,
    form_class: type[django_forms.Form],
    action: Callable[[Case, dict[str, Any]], None],
    done: str,
    prefix: str | None = None,
) -> HttpResponse:
    """Validate the small form posted from the case page, run the service, and return to the case."""
    case = selectors.case_get(request.user, case_id)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, done)
    else:
        form_errors_as_messages(request, form, with_labels=False)
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def listening_add(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> None:
        services.listening_record(acting_user=request.user, case=case, needs=data["needs"], notes=data["notes"])

    return _act(request, case_id, forms.ListeningForm, action, _("The listening interview was recorded."))


@login_required
@require_POST
def flag_set(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> None:
        flags.case_flag_set(acting_user=request.user, case=case, kind=data["kind"], reason=data["reason"])

    return _act(request, case_id, forms.FlagSetForm, action, _("The flag was set."), prefix="flag")


@login_required
@require_POST
def flag_clear(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> None:
        flags.case_flag_clear(acting_user=request.user, case=case, kind=data["kind"], reason=data["reason"])

    return _act(request, case_id, forms.FlagClearForm, action, _("The flag was cleared."), prefix="unflag")


@login_required
@require_POST
def advance(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> None:
        services.case_advance(acting_user=request.user, case=case, to=data["to"], reason=data["reason"])

    return _act(request, case_id, forms.AdvanceForm, action, _("The case moved to its next stage."))


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> None:
        services.case_close(acting_user=request.user, case=case, reason=data["reason"])

    return _act(request, case_id, forms.CloseForm, action, _("The case was closed."))


@login_required
@require_POST
def reopen(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> None:
        services.case_reopen(acting_user=request.user, case=case, reason=data["reason"])

    return _act(request, case_id, forms.ReopenForm, action, _("The case was reopened."))


@login_required
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Caseload dashboard: counts per center (or per province nationally) and their totals, no names;
    `?format=csv` downloads the same table (hidden counts stay empty)."""
    table = selectors.caseload(request.user)
    if request.GET.get("format") == "csv":
        content, _count = csv_bytes(caseload_lines(table))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="caseload-{table.level}.csv"'
        return response
    context = {"level": table.level, "rows": table.rows, "totals": table.totals, "stages": Case.Status.choices[:-1]}
    return render(request, "cases/caseload.html", context)


def caseload_lines(table: selectors.Caseload) -> list[list[object]]:
    """The export's lines: a header of measure keys, one line per row, then the totals line."""
    lines: list[list[object]] = [[table.level, *selectors.CASELOAD_MEASURES]]
    for row in [*table.rows, *([table.totals] if table.totals else [])]:
        lines.append([row.label or _("Total"), *[row.counts[key] for key in selectors.CASELOAD_MEASURES]])
    return lines


@login_required
def my_work(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The social worker's work list, overdue first."""
    require(request.user, "cases.change_case")
    from jisr.core.worklist import worklist_for

    return render(request, "cases/my_work.html", {"items": worklist_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    """The diagnosis form of the published protocol; the result shows on the case page."""
    case = selectors.case_get(request.user, case_id, "cases.change_case")
    protocols = list(selectors.published_protocols())
    if not protocols:
        raise Http404
    protocol = next((p for p in protocols if str(p.pk) == request.GET.get("protocol")), protocols[0])
    form = forms.AssessmentForm(request.POST or None, protocol=protocol)
    if request.method == "POST" and form.is_valid():
        answers = {name: value for name, value in form.cleaned_data.items() if value}
        try:
            services.assessment_record(acting_user=request.user, case=case, protocol=protocol, answers=answers)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The diagnosis was recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/assess.html", {"case": case, "form": form, "protocol": protocol, "protocols": protocols}
    )


@login_required
def protocols(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = selectors.protocols_for_editing(request.user)
    return render(request, "cases/protocols.html", {"protocols": items})


@login_required
@require_http_methods(["GET", "POST"])
def protocol_edit(request: AuthenticatedHttpRequest, protocol_id: str) -> HttpResponse:
    protocol = selectors.protocol_get_for_editing(request.user, protocol_id)
    initial = {
        "title_ar": protocol.title_ar, "title_fr": protocol.title_fr, "title_en": protocol.title_en,
        "requires_plan_approval": protocol.requires_plan_approval, "definition": protocol.definition,
    }  # fmt: skip
    form = forms.ProtocolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.protocol_save(acting_user=request.user, protocol=protocol, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("Saved as draft version %(version)d.") % {"version": saved.version})
            return redirect("cases:protocol_edit", protocol_id=saved.pk)
    return render(request, "cases/protocol_edit.html", {"protocol": protocol, "form": form})


@login_required
@require_POST
def protocol_publish(request: AuthenticatedHttpRequest, protocol_id: str) -> HttpResponse:
    protocol = selectors.protocol_get_for_editing(request.user, protocol_id)
    try:
        services.protocol_publish(acting_user=request.user, protocol=protocol)
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, _("The protocol was published; the previous version is retired."))
    return redirect("cases:protocols")


@login_required
@require_POST
def followups_schedule(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = selectors.case_get(request.user, case_id)
    try:
        services.followups_schedule(acting_user=request.user, case=case)
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, _("Follow-ups are scheduled at 3, 6 and 12 months."))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def followup_record(request: AuthenticatedHttpRequest, case_id: str, followup_id: str) -> HttpResponse:
    """The follow-up's own page — where the home page's "follow-ups due" lead — and its recording (also
    posted from the case page)."""
    case = selectors.case_get(request.user, case_id)
    followup = selectors.followup_get(request.user, case, followup_id)
    form = forms.FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record(acting_user=request.user, followup=followup, done=form.cleaned_data["done"],
                                     notes=form.cleaned_data["notes"])  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect("cases:detail", case_id=case.pk)
    can_change = may(request.user, "cases.change_case", case)
    context = {"case": case, "followup": followup, "form": form, "can_change": can_change}
    return render(request, "cases/followup_record.html", context)


@login_required
@require_POST
def outcome_add(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    def action(case: Case, data: dict[str, Any]) -> None:
        services.outcome_record(acting_user=request.user, case=case, **data)

    return _act(request, case_id, forms.OutcomeForm, action, _("The outcome was recorded."))
