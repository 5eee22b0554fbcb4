"""Where the files of registry imports live: the uploads kept for the worker, and the reports a job
writes (its errors; the invalid rows to correct), all under `VAR_DIR/registry`."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

if TYPE_CHECKING:
    from jisr.registry.models import ImportJob

REPORT_KINDS = ("errors", "invalid-rows")


def reports_dir() -> Path:
    """The folder of the registry's files (created when missing)."""
    path = Path(settings.VAR_DIR) / "registry"
    path.mkdir(parents=True, exist_ok=True)
    return path


def uploads_dir() -> Path:
    """Where the pages and the API keep uploaded files for the worker."""
    return reports_dir() / "uploads"


def report_path(job_id: int, kind: str) -> Path:
    """The report `kind` ("errors" or "invalid-rows") of a job, whether or not it was written."""
    return reports_dir() / f"import-{job_id}-{kind}.csv"


def report_paths(job: ImportJob) -> list[Path]:
    """The reports a finished job wrote (the error report; the invalid rows when there were any)."""
    return [report_path(job.pk, kind) for kind in REPORT_KINDS]


def store_upload(upload: UploadedFile) -> Path:
    """Keep the uploaded file in var/registry/uploads for the worker (chunk by chunk, never whole in memory)."""
    folder = uploads_dir()
    folder.mkdir(exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()}"
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return path


def stored_upload(job: ImportJob) -> list[Path]:
    """The job's file when Jisr stored it; a file the command line imported from its own place is the
    operator's, never deleted."""
    path = Path(job.path)
    return [path] if path.parent.resolve() == uploads_dir().resolve() else []
