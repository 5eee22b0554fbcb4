"""Registry import pages: upload a file of households or of their members, follow the job's progress bar,
cancel it, download the reports."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core import scope
from jisr.core.file_retention import retention_days
from jisr.core.form_errors import service_errors_into
from jisr.core.forms import BootstrapMixin
from jisr.core.idempotency import OneTimeFormMixin, one_time_form
from jisr.registry import selectors, services
from jisr.registry.importing.files import REPORT_KINDS, report_path
from jisr.registry.models import ImportJob


class UploadForm(OneTimeFormMixin, BootstrapMixin, forms.Form):
    """The upload; the file itself is checked by `services.import_start`, before it is stored."""

    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))
    kind = forms.ChoiceField(label=gettext_lazy("The file holds"), choices=ImportJob.Kind.choices,
                             initial=ImportJob.Kind.HOUSEHOLDS, required=False)  # absent: households  # fmt: skip
    policy = forms.ChoiceField(label=gettext_lazy("A household or member already in the registry"),
                               choices=ImportJob.Policy.choices, initial=ImportJob.Policy.REFUSE)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@one_time_form
def imports(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope.require(request.user, selectors.IMPORT)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_start(acting_user=request.user, upload=form.cleaned_data["file"],
                                        policy=form.cleaned_data["policy"],
                                        kind=form.cleaned_data["kind"] or ImportJob.Kind.HOUSEHOLDS)  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The import was queued."))
            return redirect("registry:import", job_id=job.pk)
    jobs = selectors.import_jobs_recent(request.user)
    return render(request, "registry/imports.html", {"form": form, "jobs": jobs})


@login_required
def import_detail(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(request.user, job_id)
    template = "registry/_progress.html" if request.headers.get("HX-Request") else "registry/import.html"
    return render(request, template, {"job": job, "retention_days": retention_days()})


@login_required
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = services.import_job_cancel(acting_user=request.user,
                                     job=selectors.import_job_get(request.user, job_id))  # fmt: skip
    if job.status == ImportJob.Status.CANCELLED:
        messages.info(request, _("The import was cancelled before it started."))
    else:
        messages.info(request, _("The import stops after its current chunk."))
    return redirect("registry:import", job_id=job.pk)


@login_required
def import_report(request: AuthenticatedHttpRequest, job_id: int, kind: str) -> HttpResponseBase:
    """The error report (line, column, value, message) or the invalid rows to correct, as CSV."""
    job = selectors.import_job_get(request.user, job_id)
    if kind not in REPORT_KINDS:
        raise Http404
    if job.files_deleted_at:  # the job's page says why the reports are gone
        return redirect("registry:import", job_id=job.pk)
    path = report_path(job.pk, kind)
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"import-{job.pk}-{kind}.csv",
                        content_type="text/csv")  # fmt: skip
