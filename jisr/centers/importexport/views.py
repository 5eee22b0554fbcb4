"""The import and export pages: upload, dry-run preview, confirm; the error report; the exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.centers import selectors
from jisr.centers.forms import CenterImportForm, DirectoryFilterForm
from jisr.centers.importexport.columns import COLUMNS, REQUIRED_COLUMNS
from jisr.centers.importexport.export import centers_export
from jisr.centers.importexport.reading import center_limits
from jisr.centers.importexport.rows import IMPORT_PERMISSION
from jisr.centers.importexport.service import center_import_apply, center_import_preview, center_import_upload
from jisr.centers.models import CenterImport
from jisr.core import scope
from jisr.core.file_retention import retention_days
from jisr.core.form_errors import service_errors_as_messages
from jisr.core.idempotency import one_time_form
from jisr.core.intake import check_upload_size
from jisr.core.spreadsheets import csv_bytes

PREVIEW_ROWS = 20


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, file_format: str) -> HttpResponse:
    """The filtered directory as CSV or XLSX, for the users who may export (404 for the others)."""
    filters = DirectoryFilterForm(request.GET or None).to_filters()
    exported = centers_export(acting_user=request.user, filters=filters, file_format=file_format)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@one_time_form
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file; it is checked row by row on the next page before anything is written."""
    scope.require(request.user, IMPORT_PERMISSION)
    form = CenterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            check_upload_size(uploaded.size, center_limits())  # before the upload is read into memory
            center_import = center_import_upload(
                acting_user=request.user, file_name=uploaded.name, content=uploaded.read()
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("centers:import_preview", import_id=center_import.pk)
    context = {"form": form, "columns": COLUMNS, "required_columns": REQUIRED_COLUMNS}
    return render(request, "centers/import_upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: AuthenticatedHttpRequest, import_id: str) -> HttpResponse:
    """The dry run: what the file would create and update, or every error; confirming imports it all."""
    scope.require(request.user, IMPORT_PERMISSION)
    center_import = selectors.center_import_get(request.user, import_id)
    if request.method == "POST":
        try:
            plan = center_import_apply(acting_user=request.user, center_import=center_import)
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(
                request,
                _("Import done: %(created)d centers created, %(updated)d updated.")
                % {"created": len(plan.created), "updated": len(plan.updated)},
            )
            return redirect("centers:import_preview", import_id=center_import.pk)
    applied = center_import.status == CenterImport.Status.APPLIED
    expired = center_import.content_deleted_at is not None
    preview_plan = (
        None if applied or expired else center_import_preview(acting_user=request.user, center_import=center_import)
    )
    context = {
        "center_import": center_import,
        "applied": applied,
        "expired": expired,
        "retention_days": retention_days(),
        "plan": preview_plan,
        "preview_rows": preview_plan.rows[:PREVIEW_ROWS] if preview_plan else [],
    }
    return render(request, "centers/import_preview.html", context)


@login_required
@require_GET
def error_report(request: AuthenticatedHttpRequest, import_id: str) -> HttpResponse:
    """The row-by-row error report as CSV, in the reader's language."""
    scope.require(request.user, IMPORT_PERMISSION)
    center_import = selectors.center_import_get(request.user, import_id)
    if center_import.content_deleted_at:  # the import's page says why the file is gone
        return redirect("centers:import_preview", import_id=center_import.pk)
    plan = center_import_preview(acting_user=request.user, center_import=center_import)
    header = [_("Row"), _("Column"), _("Value"), _("Error")]
    content, _count = csv_bytes([header, *([e.row, e.column, e.value, e.message] for e in plan.errors)])
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="centers-import-errors.csv"'
    return response
