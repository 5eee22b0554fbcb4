"""Pages of the protection of the person: consents, data-subject requests, the export of a person's
data, and the retention periods with their anonymization job (thin views)."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages, service_errors_into
from jisr.core.scope import require
from jisr.people.selectors import person_get
from jisr.privacy import forms, selectors, services
from jisr.privacy.export import person_export
from jisr.privacy.retention import retention_apply


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    person = person_get(request.user, person_id, "people.change_person")
    form = forms.ConsentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(acting_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "privacy/consent_add.html", {"form": form, "person": person})


@login_required
@require_POST
def consent_withdraw(request: AuthenticatedHttpRequest, consent_id: uuid.UUID) -> HttpResponse:
    consent = selectors.consent_get(request.user, consent_id)
    form = forms.WithdrawForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
    else:
        try:
            services.consent_withdraw(acting_user=request.user, consent=consent, note=form.cleaned_data["note"])
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, _("The consent was withdrawn."))
    return redirect("people:detail", person_id=consent.person_id)


@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "privacy.view_datasubjectrequest")
    status = request.GET.get("status", "open")
    page = Paginator(selectors.requests_to_list(request.user, status), 25).get_page(request.GET.get("page"))
    can_view_retention = selectors.may_view_retention(request.user)
    context = {"page": page, "status": status, "today": timezone.localdate(), "query_string": f"status={status}",
               "can_view_retention": can_view_retention}  # fmt: skip
    return render(request, "privacy/request_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    require(request.user, "privacy.add_datasubjectrequest")
    person = person_get(request.user, person_id)
    form = forms.RequestForm(request.POST or None, user=request.user, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            logged = services.request_log(acting_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The request was logged."))
            return redirect("privacy:request", request_id=logged.pk)
    return render(request, "privacy/request_new.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: AuthenticatedHttpRequest, request_id: str) -> HttpResponse:
    data_request = selectors.request_get(request.user, request_id)
    can_answer = selectors.may_answer(request.user, data_request)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST":
        if not can_answer:
            raise Http404
        if form.is_valid():
            try:
                services.request_answer(acting_user=request.user, request=data_request, **form.cleaned_data)
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                messages.success(request, _("The answer was recorded."))
                return redirect("privacy:request", request_id=data_request.pk)
    context = {
        "data_request": data_request,
        "form": form,
        "can_answer": can_answer,
        "can_export": selectors.may_export(request.user, data_request),
    }
    return render(request, "privacy/request_detail.html", context)


@login_required
def export(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    """The person's data as a JSON file (people.export_person_data; written to the audit log)."""
    document = person_export(acting_user=request.user, person_id=person_id)
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="jisr-person-{person_id}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Retention periods (national officers edit them), a dry run, and running the job with confirmation."""
    require(request.user, "privacy.view_retentionpolicy")
    can_change = selectors.may_change_retention(request.user)
    if request.method == "POST":
        if not can_change:
            raise Http404
        policy = selectors.retention_policy_get(request.POST.get("record_type"))
        form = forms.PolicyForm(request.POST)
        if form.is_valid():
            services.retention_policy_set(acting_user=request.user, policy=policy, **form.cleaned_data)
            messages.success(request, _("The retention period was saved."))
        else:
            form_errors_as_messages(request, form)
        return redirect("privacy:retention")
    policies = selectors.retention_policies()
    for policy in policies:
        policy.form = forms.PolicyForm(  # type: ignore[attr-defined]
            initial={"months": policy.months, "is_active": policy.is_active}, auto_id=f"id_{policy.record_type}_%s"
        )
    preview = retention_apply(dry_run=True, acting_user=request.user) if request.GET.get("preview") else None
    context = {"policies": policies, "can_change": can_change, "preview": preview, "run_form": forms.RunForm(),
               "runs": selectors.retention_runs()}  # fmt: skip
    return render(request, "privacy/retention.html", context)


@login_required
@require_POST
def retention_run(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "privacy.change_retentionpolicy")
    form = forms.RunForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
    else:
        run = retention_apply(acting_user=request.user)
        messages.success(
            request, _("Retention applied: %(count)d records changed.") % {"count": sum(run.counts.values())}
        )
    return redirect("privacy:retention")
