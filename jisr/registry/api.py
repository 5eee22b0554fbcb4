"""`/api/v1/registry`: import files of households or of household members as background jobs, follow and
cancel them."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from jisr.core.api_schemas import Invalid, Message
from jisr.core.idempotency import idempotent
from jisr.core.intake import IntakeError, check_upload_size
from jisr.core.scope import require_permission_or_404
from jisr.registry import selectors, services
from jisr.registry.importing import registry_limits
from jisr.registry.models import ImportJob
from jisr.registry.views import store_upload

router = Router(tags=["registry"])


class JobOut(Schema):
    id: int
    file_name: str
    status: str
    kind: str
    policy: str
    encoding: str
    rows_total: int
    rows_done: int
    created: int
    updated: int
    unchanged: int
    refused: int
    invalid: int
    errors: list[dict[str, Any]]
    message: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    files_deleted_at: datetime.datetime | None  # the upload and its reports were deleted (retention)


@router.post("/imports", response={202: JobOut, 404: Message, 422: Invalid})
@idempotent
def import_create(
    request: HttpRequest, file: File[UploadedFile], policy: Form[str] = "refuse", kind: Form[str] = "households"
) -> Any:
    """Queue the import of a CSV or XLSX file (multipart `file`, `kind` = households|members, `policy` =
    refuse|update); follow it with GET."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    require_permission_or_404(request.user, selectors.IMPORT)
    if policy not in ImportJob.Policy.values:
        raise ValidationError({"policy": [", ".join(ImportJob.Policy.values)]})
    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": [", ".join(ImportJob.Kind.values)]})
    if not (file.name or "").lower().endswith((".csv", ".xlsx", ".txt")):
        raise ValidationError({"file": [_("Choose a CSV or XLSX file.")]})
    try:
        check_upload_size(file.size, registry_limits())  # before it is stored
    except IntakeError as error:
        raise ValidationError({"file": error.messages}) from error
    with transaction.atomic():
        job = services.import_job_create(acting_user=request.user, path=store_upload(file), file_name=file.name or "",
                                         policy=policy, kind=kind)  # fmt: skip
        services.import_job_enqueue(job)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{job_id}", response={200: JobOut, 404: Message})
def import_detail(request: HttpRequest, job_id: int) -> Any:
    job = selectors.import_job_get(request.user, job_id)
    if services.import_jobs_mark_stalled():
        job.refresh_from_db()
    return job


@router.post("/imports/{job_id}/cancel", response={200: JobOut, 404: Message})
def import_cancel(request: HttpRequest, job_id: int) -> Any:
    return services.import_job_cancel(acting_user=request.user, job=selectors.import_job_get(request.user, job_id))
