"""The back office's work on requests (`/khadamati/office/`, staff layout): the queues per step, a request's
page, and the pages that act on it — documents, medical committee, social assessment, committee decision, card.
Thin: parse, call one selector or service, render (docs/khadamati.md, "Back office")."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages, service_errors_into
from jisr.khadamati import selectors_office, selectors_requests, services_office, services_requests
from jisr.khadamati.forms_office import (
    AssessmentForm,
    AssignForm,
    ConvergenceCaseForm,
    ConvergenceReferralForm,
    ConvocationForm,
    ConvocationOutcomeForm,
    DecisionForm,
    DocumentRefuseForm,
    MedicalReviewForm,
    QueueFilterForm,
)
from jisr.khadamati.instrument_v1 import CODE as INSTRUMENT_CODE
from jisr.khadamati.models import Request
from jisr.khadamati.views import document_file_response


def _require_queues(user: Any) -> None:
    if not selectors_office.may_use_queues(user):
        raise Http404


@login_required
def office_queues(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The steps of the process with, for each, the requests waiting, those past the service level, the oldest."""
    _require_queues(request.user)
    context = {
        "counts": selectors_office.queue_counts(request.user),
        "may_edit_instrument": selectors_office.may_edit_instrument(request.user),
    }
    return render(request, "khadamati/office/queues.html", context)


def _filters(form: QueueFilterForm) -> selectors_office.QueueFilters:
    if not form.is_valid():
        return selectors_office.QueueFilters()
    data = form.cleaned_data
    return selectors_office.QueueFilters(
        province=data["province"],
        request_type=data["request_type"],
        assigned=data["assigned"],
        late=data["late"],
        search=data["search"],
    )


@login_required
def office_queue(request: AuthenticatedHttpRequest, step: str) -> HttpResponse:
    """One step's requests, oldest arrival first, with filters, pages and the export for who may."""
    _require_queues(request.user)
    found = selectors_office.STEPS_BY_CODE.get(step)
    if found is None:
        raise Http404
    form = QueueFilterForm(
        request.GET or None,
        provinces=selectors_office.queue_provinces(request.user),
        types=selectors_requests.request_types(),
    )
    filters = _filters(form)
    requests = selectors_office.queue(request.user, found, filters)
    file_format = request.GET.get("export", "")
    if file_format:
        params = {key: value for key, value in request.GET.items() if key not in {"export", "page"}}
        try:
            export = services_office.queue_export(
                acting_user=request.user, requests=requests, step=found.code, filters=params, file_format=file_format
            )
        except ValidationError as error:
            service_errors_as_messages(request, error)
            return redirect(request.path + "?" + urlencode(params))
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
        return response
    page = Paginator(requests, selectors_office.QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in request.GET.items() if key != "page"})
    context = {
        "step": found,
        "steps": selectors_office.STEPS,
        "form": form,
        "page": page,
        "query": query,
        "now": timezone.now(),
        "may_export": selectors_office.may_export(request.user),
    }
    return render(request, "khadamati/office/queue.html", context)


def _request_context(request: AuthenticatedHttpRequest, office_request: Request) -> dict[str, Any]:
    user = request.user
    steps = {step.code: selectors_office.may_act(user, step, office_request) for step in selectors_office.STEPS}
    return {
        "req": office_request,
        "timeline": selectors_requests.timeline_entries(office_request),
        "documents": selectors_requests.labelled_documents(office_request),
        "decisions": office_request.decisions.select_related("recorded_by", "confirmed_by").order_by("recorded_at"),
        "assessments": selectors_office.social_assessments(office_request),
        "convocations": selectors_office.convocations(office_request),
        "cards": selectors_office.request_cards(office_request),
        "medical": selectors_office.medical_review_read(user, office_request),
        "may": steps,
        "may_confirm": selectors_office.may_confirm(user, office_request),
        "may_assign": selectors_office.may_assign(user, office_request),
        "may_withdraw_card": selectors_office.may_withdraw_card_of(user, office_request),
        "assign_form": AssignForm(
            initial={"assignee": office_request.assigned_to_id or ""},
            staff=selectors_office.office_staff(user, office_request),
        ),
        "refuse_form": DocumentRefuseForm(),
        "S": selectors_office.STATUS,
        **_convergence_context(user, office_request),
    }


def _convergence_context(user: Any, office_request: Request) -> dict[str, Any]:
    if not selectors_office.may_converge(user):
        return {"may_converge": False}
    links = list(selectors_office.case_links(office_request))
    centers = selectors_office.convergence_centers(user, office_request)
    return {
        "may_converge": True,
        "convergence_consent": selectors_office.has_convergence_consent(office_request),
        "case_links": links,
        "case_form": ConvergenceCaseForm(centers=centers, prefix="case") if centers else None,
        "referral_form": ConvergenceReferralForm(
            links=links, partners=selectors_office.partner_organizations(), prefix="referral"
        )
        if links
        else None,
    }


@login_required
def office_request(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """One request: who it is for, its documents, its records, its decisions and timeline, and what the reader may
    do at its step."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return render(request, "khadamati/office/request.html", _request_context(request, office_request))


def _back(office_request: Request) -> HttpResponse:
    return redirect("khadamati:office_request", request_id=office_request.pk)


def _run(request: AuthenticatedHttpRequest, office_request: Request, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, done)
    return _back(office_request)


@login_required
@require_POST
def office_request_assign(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    staff = selectors_office.office_staff(request.user, office_request)
    form = AssignForm(request.POST, staff=staff)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back(office_request)
    assignee = next((user for user in staff if str(user.pk) == form.cleaned_data["assignee"]), None)
    return _run(
        request,
        office_request,
        lambda: services_requests.request_assign(acting_user=request.user, request=office_request, assignee=assignee),
        _("The assignment is saved."),
    )


@login_required
@require_POST
def office_document_accept(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    document = selectors_requests.request_document_get(office_request, document_id)
    return _run(
        request,
        office_request,
        lambda: services_requests.document_accept(acting_user=request.user, document=document),
        _("The document is accepted."),
    )


@login_required
@require_POST
def office_document_refuse(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    document = selectors_requests.request_document_get(office_request, document_id)
    form = DocumentRefuseForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back(office_request)
    return _run(
        request,
        office_request,
        lambda: services_requests.document_refuse(acting_user=request.user, document=document, **form.cleaned_data),
        _("The document is refused; the applicant reads your reason and the deadline."),
    )


@login_required
@require_POST
def office_documents_complete(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return _run(
        request,
        office_request,
        lambda: services_requests.documents_complete(acting_user=request.user, request=office_request),
        _("The file is complete: the request goes to the medical committee."),
    )


def _medical_form(request: AuthenticatedHttpRequest, office_request: Request, data: Any = None) -> MedicalReviewForm:
    review = selectors_office.medical_review_read(request.user, office_request)
    initial = (
        {
            "report_review": review.report_review,
            "in_person_needed": review.in_person_needed,
            "findings": review.findings,
        }
        if review
        else {}
    )
    return MedicalReviewForm(data, initial=initial)


@login_required
def office_medical(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """The medical committee's page: its review of the report and its findings, and the convocation."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    if not selectors_office.may_act(request.user, selectors_office.STEPS_BY_CODE["medical"], office_request):
        raise Http404
    form = _medical_form(request, office_request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_office.medical_review_record(acting_user=request.user, request=office_request, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The medical committee's record is saved."))
            return _back(office_request)
    return _medical_page(request, office_request, form)


def _medical_page(
    request: AuthenticatedHttpRequest,
    office_request: Request,
    form: MedicalReviewForm,
    outcome_form: ConvocationOutcomeForm | None = None,
    status: int = 200,
    convocation_form: ConvocationForm | None = None,
) -> HttpResponse:
    pending = selectors_office.convocation_to_conclude(office_request)
    context = {
        "req": office_request,
        "form": form,
        "convocation_form": convocation_form or ConvocationForm(prefix="convocation"),
        "convocations": selectors_office.convocations(office_request),
        "pending": pending,
        "missed_days": int(settings.JISR_KHADAMATI_CONVOCATION_MISSED_DAYS),
        "outcome_form": outcome_form or (ConvocationOutcomeForm(prefix="outcome") if pending else None),
    }
    return render(request, "khadamati/office/medical.html", context, status=status)


@login_required
@require_POST
def office_convocation_outcome(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, convocation_id: uuid.UUID
) -> HttpResponse:
    """Record whether the person came to the convocation; after a missed one, the next convocation or the
    deadline to contact the office (the applicant is told)."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    if not selectors_office.may_act(request.user, selectors_office.STEPS_BY_CODE["medical"], office_request):
        raise Http404
    convocation = selectors_office.convocation_of(office_request, convocation_id)
    form = ConvocationOutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        data = form.cleaned_data
        when = (
            timezone.make_aware(datetime.datetime.combine(data["next_day"], data["next_time"]))
            if data["next_day"] and data["next_time"]
            else None
        )
        try:
            services_office.convocation_outcome_record(
                acting_user=request.user,
                convocation=convocation,
                outcome=data["outcome"],
                next_scheduled_at=when,
                next_place=data["next_place"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(
                request, _("The outcome of the convocation is recorded; the applicant is told what follows.")
            )
            return redirect("khadamati:office_medical", request_id=office_request.pk)
    return _medical_page(request, office_request, _medical_form(request, office_request), form, status=422)


@login_required
@require_POST
def office_convocation(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Call the person to an in-person assessment. A problem (a field missing, a date too soon) shows the medical
    page again with the convocation's error summary linked to its fields, and what was typed kept."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    form = ConvocationForm(request.POST, prefix="convocation")
    if form.is_valid():
        when = timezone.make_aware(datetime.datetime.combine(form.cleaned_data["day"], form.cleaned_data["time"]))
        try:
            services_office.convocation_schedule(
                acting_user=request.user, request=office_request, scheduled_at=when, place=form.cleaned_data["place"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # the service's "scheduled_at" is the form's date and time
                error = ValidationError({("day" if key == "scheduled_at" else key): value
                                         for key, value in error.error_dict.items()})  # fmt: skip
            service_errors_into(form, error)
        else:
            messages.success(request, _("The convocation is sent to the applicant."))
            return redirect("khadamati:office_medical", request_id=office_request.pk)
    if not selectors_office.may_act(request.user, selectors_office.STEPS_BY_CODE["medical"], office_request):
        raise Http404
    return _medical_page(
        request, office_request, _medical_form(request, office_request), status=422, convocation_form=form
    )


@login_required
def office_assessment(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """The social assessment with the published instrument; the scores are computed when it is saved."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    if not selectors_office.may_act(request.user, selectors_office.STEPS_BY_CODE["social"], office_request):
        raise Http404
    version = selectors_office.published_instrument(INSTRUMENT_CODE)
    form = AssessmentForm(request.POST or None, definition=version.definition)
    if request.method == "POST" and form.is_valid():
        try:
            services_office.social_assessment_record(
                acting_user=request.user,
                request=office_request,
                ratings=form.ratings(),
                environment=form.environment(),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The social assessment is saved; the committee decides next."))
            return _back(office_request)
    return render(
        request, "khadamati/office/assessment.html", {"req": office_request, "form": form, "instrument": version}
    )


@login_required
def office_decision(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """The committee's decision: recorded here, then confirmed by a second person on the request's page."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    if not selectors_office.may_act(request.user, selectors_office.STEPS_BY_CODE["decision"], office_request):
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_requests.decision_record(
                acting_user=request.user,
                request=office_request,
                outcome=data["outcome"],
                reasons=data["reasons"],
                members_present=form.members(),
                meeting_date=data["meeting_date"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The decision is recorded; another member of the office confirms it."))
            return _back(office_request)
    context = {"req": office_request, "form": form, "assessments": selectors_office.social_assessments(office_request)}
    return render(request, "khadamati/office/decision.html", context)


@login_required
@require_POST
def office_decision_confirm(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, decision_id: uuid.UUID
) -> HttpResponse:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    decision = selectors_office.decision_of(office_request, decision_id)
    return _run(
        request,
        office_request,
        lambda: services_requests.decision_confirm(acting_user=request.user, decision=decision),
        _("The decision is confirmed; the applicant reads it with its reasons."),
    )


@login_required
@require_POST
def office_card_issue(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return _run(
        request,
        office_request,
        lambda: services_office.card_issue(acting_user=request.user, request=office_request),
        _("The card is issued: download its PDF to print it."),
    )


@login_required
@require_POST
def office_convergence_case(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Open (or link) a case at a center of the person's province, with the applicant's consent."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    form = ConvergenceCaseForm(
        request.POST, prefix="case", centers=selectors_office.convergence_centers(request.user, office_request)
    )
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back(office_request)
    center = selectors_office.center_of_request_get(request.user, office_request, form.cleaned_data["center"])
    return _run(
        request,
        office_request,
        lambda: services_office.convergence_open_case(
            acting_user=request.user, request=office_request, center=center, reason=form.cleaned_data["reason"]
        ),
        _("The case is open at the center and linked to the request."),
    )


@login_required
@require_POST
def office_convergence_referral(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Refer the person to a partner from the case linked to the request, with the applicant's consent."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    links = selectors_office.case_links(office_request)
    form = ConvergenceReferralForm(
        request.POST, prefix="referral", links=links, partners=selectors_office.partner_organizations()
    )
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back(office_request)
    link = selectors_office.case_link_of(office_request, form.cleaned_data["link"])
    partner = selectors_office.partner_get(form.cleaned_data["organization"])
    return _run(
        request,
        office_request,
        lambda: services_office.convergence_refer(
            acting_user=request.user,
            request=office_request,
            link=link,
            organization=partner,
            reason=form.cleaned_data["reason"],
        ),
        _("The referral is sent to the partner."),
    )


@login_required
def office_document(request: AuthenticatedHttpRequest, request_id: uuid.UUID, document_id: uuid.UUID) -> HttpResponse:
    """One document of the request, for the office of its province (the read is audited)."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    document = selectors_requests.request_document_get(office_request, document_id)
    content = services_requests.request_document_open(acting_user=request.user, document=document)
    return document_file_response(content, document.mime_type, document.name)
