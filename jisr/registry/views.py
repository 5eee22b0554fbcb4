"""Registry import pages: upload a file of households or of their members, follow the job's progress bar,
cancel it, download the reports."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jisr.core.file_retention import retention_days
from jisr.core.forms import BootstrapMixin
from jisr.core.idempotency import OneTimeFormMixin, one_time_form
from jisr.core.intake import IntakeError, check_upload_size
from jisr.core.scope import require_permission_or_404
from jisr.registry import selectors, services
from jisr.registry.importing import registry_limits
from jisr.registry.models import ImportJob


class UploadForm(OneTimeFormMixin, BootstrapMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))
    kind = forms.ChoiceField(label=gettext_lazy("The file holds"), choices=ImportJob.Kind.choices,
                             initial=ImportJob.Kind.HOUSEHOLDS, required=False)  # absent: households  # fmt: skip
    policy = forms.ChoiceField(label=gettext_lazy("A household or member already in the registry"),
                               choices=ImportJob.Policy.choices, initial=ImportJob.Policy.REFUSE)  # fmt: skip

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".txt"):
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        try:
            check_upload_size(upload.size, registry_limits())  # before it is stored
        except IntakeError as error:
            raise forms.ValidationError(error.messages) from error
        return upload


def store_upload(upload: object) -> Path:
    """Keep the uploaded file in var/registry/uploads for the worker (chunk by chunk, never whole in memory)."""
    folder = services.uploads_dir()
    folder.mkdir(exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"  # type: ignore[attr-defined]
    with path.open("wb") as target:
        for chunk in upload.chunks():  # type: ignore[attr-defined]
            target.write(chunk)
    return path


@login_required
@require_http_methods(["GET", "POST"])
@one_time_form
def imports(request: HttpRequest) -> HttpResponse:
    require_permission_or_404(request.user, selectors.IMPORT)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = services.import_job_create(acting_user=request.user, path=store_upload(upload),
                                             file_name=upload.name, policy=form.cleaned_data["policy"],
                                             kind=form.cleaned_data["kind"] or ImportJob.Kind.HOUSEHOLDS)  # fmt: skip
            services.import_job_enqueue(job)
        messages.success(request, _("The import was queued."))
        return redirect("registry:import", job_id=job.pk)
    services.import_jobs_mark_stalled()
    jobs = selectors.import_jobs(request.user)[:50]
    return render(request, "registry/imports.html", {"form": form, "jobs": jobs})


@login_required
def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(request.user, job_id)
    if services.import_jobs_mark_stalled():
        job.refresh_from_db()
    template = "registry/_progress.html" if request.headers.get("HX-Request") else "registry/import.html"
    return render(request, template, {"job": job, "retention_days": retention_days()})


@login_required
@require_POST
def import_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = services.import_job_cancel(acting_user=request.user, job=selectors.import_job_get(request.user, job_id))
    if job.status == ImportJob.Status.CANCELLED:
        messages.info(request, _("The import was cancelled before it started."))
    else:
        messages.info(request, _("The import stops after its current chunk."))
    return redirect("registry:import", job_id=job.pk)


@login_required
def import_report(request: HttpRequest, job_id: int, kind: str) -> HttpResponseBase:
    """The error report (line, column, value, message) or the invalid rows to correct, as CSV."""
    job = selectors.import_job_get(request.user, job_id)
    if kind not in ("errors", "invalid-rows"):
        raise Http404
    if job.files_deleted_at:  # the job's page says why the reports are gone
        return redirect("registry:import", job_id=job.pk)
    path = services.reports_dir() / f"import-{job.pk}-{kind}.csv"
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"import-{job.pk}-{kind}.csv",
                        content_type="text/csv")  # fmt: skip
