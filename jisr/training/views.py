"""Training pages: the module catalogue, programs with sessions, attendance, results and certificates,
and the public verification of a certificate (thin: parse, call one service or selector, render)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages, service_errors_into
from jisr.core.scope import may, require, user_scope
from jisr.training import forms, selectors, services
from jisr.training.certificate_pdf import certificate_pdf


def _report(request: AuthenticatedHttpRequest, form: Any, run: Callable[[dict[str, Any]], Any], done: str) -> None:
    """Validate, run one service, and tell the user what happened (field by field when invalid)."""
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return
    try:
        run(form.cleaned_data)
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, done)


@login_required
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "training.view_trainingprogram")
    page = Paginator(selectors.visible_programs(request.user), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_create": user_scope(request.user).has_permission_somewhere("training.add_trainingprogram"),
        "can_edit_modules": user_scope(request.user).has_permission_somewhere("training.change_trainingmodule"),
    }
    return render(request, "training/program_list.html", context)


@login_required
def module_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    can_edit = user_scope(request.user).has_permission_somewhere("training.change_trainingmodule")
    modules = selectors.module_catalog(request.user, include_inactive=can_edit)
    return render(request, "training/module_list.html", {"modules": modules, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: AuthenticatedHttpRequest, module_id: str | None = None) -> HttpResponse:
    permission = "training.change_trainingmodule" if module_id else "training.add_trainingmodule"
    require(request.user, permission)
    module = selectors.module_get(request.user, module_id, permission) if module_id else None
    form = forms.ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.module_save(acting_user=request.user, module=module,
                                 competencies=form.cleaned_data["competencies"], **data)  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The module was saved."))
            return redirect("training:modules")
    return render(request, "training/module_edit.html", {"form": form, "module": module})


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "training.add_trainingprogram")
    form = forms.ProgramForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The program was created."))
            return redirect("training:program", program_id=program.pk)
    return render(request, "training/program_create.html", {"form": form})


@login_required
def program_detail(request: AuthenticatedHttpRequest, program_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id)
    modules = list(selectors.program_modules(program))
    roster = selectors.program_roster(program)
    for row in roster:  # one form per person, each with its own element ids
        key = row.enrollment.pk.hex[:8]
        row.result_form = forms.ResultForm(program=program, auto_id=f"id_{key}_%s")  # type: ignore[attr-defined]
        row.drop_form = forms.ReasonForm(auto_id=f"id_drop_{key}_%s")  # type: ignore[attr-defined]
        row.cells = [(module, row.results.get(module.pk)) for module in modules]  # type: ignore[attr-defined]
    context = {
        "program": program,
        "modules": modules,
        "sessions": selectors.program_sessions(program),
        "roster": roster,
        "can_record": may(request.user, "training.record_attendance", program),
        "can_certify": may(request.user, "training.issue_certificate", program),
        "session_form": forms.SessionForm(program=program),
    }
    return render(request, "training/program_detail.html", context)


@login_required
@require_POST
def session_add(request: AuthenticatedHttpRequest, program_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id)

    def run(data: dict[str, Any]) -> None:
        services.session_add(acting_user=request.user, program=program, **data)

    _report(request, forms.SessionForm(request.POST, program=program), run, _("The session was added."))
    return redirect("training:program", program_id=program.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedHttpRequest, program_id: str, session_id: str) -> HttpResponse:
    program = selectors.program_get(request.user, program_id, "training.record_attendance")
    session = selectors.session_get(request.user, session_id, "training.record_attendance", program=program)
    if request.method == "POST":
        try:
            count = services.attendance_record(acting_user=request.user, session=session,
                                               present=request.POST.getlist("present"))  # fmt: skip
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, _("Attendance saved: %(count)d present.") % {"count": count})
            return redirect("training:program", program_id=program.pk)
    sheet = selectors.attendance_sheet(session)
    context = {"program": program, "session": session, "roster": sheet.roster, "present": sheet.present}
    return render(request, "training/attendance.html", context)


@login_required
@require_POST
def result_add(request: AuthenticatedHttpRequest, enrollment_id: str) -> HttpResponse:
    enrollment = selectors.enrollment_get(request.user, enrollment_id, "training.record_attendance")

    def run(data: dict[str, Any]) -> None:
        services.result_record(acting_user=request.user, enrollment=enrollment, **data)

    _report(request, forms.ResultForm(request.POST, program=enrollment.program), run, _("The result was recorded."))
    return redirect("training:program", program_id=enrollment.program_id)


@login_required
@require_POST
def enrollment_drop(request: AuthenticatedHttpRequest, enrollment_id: str) -> HttpResponse:
    enrollment = selectors.enrollment_get(request.user, enrollment_id, "training.record_attendance")

    def run(data: dict[str, Any]) -> None:
        services.enrollment_drop(acting_user=request.user, enrollment=enrollment, reason=data["reason"])

    _report(request, forms.ReasonForm(request.POST), run, _("The enrolment was ended."))
    return redirect("training:program", program_id=enrollment.program_id)


@login_required
@require_POST
def certify(request: AuthenticatedHttpRequest, enrollment_id: str, module_id: str) -> HttpResponse:
    result = selectors.result_get(request.user, enrollment_id, module_id, "training.issue_certificate")
    enrollment = result.enrollment
    try:
        services.certificate_issue(acting_user=request.user, result=result)
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, _("The certificate was issued."))
    return redirect("training:program", program_id=enrollment.program_id)


@login_required
def certificate_download(request: AuthenticatedHttpRequest, certificate_id: str) -> HttpResponse:
    certificate = selectors.certificate_get(request.user, certificate_id)
    verify_url = request.build_absolute_uri(reverse("training:verify_code", args=[certificate.verification_code]))
    response = HttpResponse(certificate_pdf(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.verification_code}.pdf"'
    return response


def verify(request: AuthenticatedHttpRequest, code: str = "") -> HttpResponse:
    """Public: anyone with the code sees whether the certificate is genuine, and only what it certifies."""
    form = forms.VerifyForm(request.GET or None, initial={"code": code})
    wanted = code or (form.cleaned_data["code"] if form.is_valid() else "")
    certificate = selectors.certificate_by_code(wanted) if wanted else None
    return render(request, "training/verify.html",
                  {"form": form, "searched": bool(wanted), "certificate": certificate})  # fmt: skip
