"""`/api/v1/registry`: import files of households or of household members as background jobs, follow and
cancel them."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Invalid, Message
from jisr.core.idempotency import idempotent
from jisr.registry import selectors, services

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
    request: AuthenticatedHttpRequest,
    file: File[UploadedFile],
    policy: Form[str] = "refuse",
    kind: Form[str] = "households",
) -> Any:
    """Queue the import of a CSV or XLSX file (multipart `file`, `kind` = households|members, `policy` =
    refuse|update); follow it with GET."""
    job = services.import_start(acting_user=request.user, upload=file, policy=policy, kind=kind)
    return Status(202, job)


@router.get("/imports/{job_id}", response={200: JobOut, 404: Message})
def import_detail(request: AuthenticatedHttpRequest, job_id: int) -> Any:
    return selectors.import_job_get(request.user, job_id)


@router.post("/imports/{job_id}/cancel", response={200: JobOut, 404: Message})
def import_cancel(request: AuthenticatedHttpRequest, job_id: int) -> Any:
    job = selectors.import_job_get(request.user, job_id)
    return services.import_job_cancel(acting_user=request.user, job=job)
