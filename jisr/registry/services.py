"""Writes of the registry: import jobs of households or of their members (queued, run by a Celery worker or
at once, cancellable), the sweep that fails the jobs whose worker died, and the purge of their files."""

from __future__ import annotations

import datetime
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.core import audit, maplayers, scope
from jisr.core.background import run_after_commit
from jisr.core.intake import IntakeError, check_upload_size
from jisr.core.intake.text import TEMPORARY_PREFIX
from jisr.core.models import AuditLog
from jisr.registry import notifications
from jisr.registry.importing import job as running
from jisr.registry.importing.files import report_paths, reports_dir, store_upload, stored_upload, uploads_dir
from jisr.registry.importing.reading import registry_limits
from jisr.registry.importing.stalled import stalled_after, stalled_message
from jisr.registry.models import ImportJob
from jisr.registry.selectors import IMPORT

if TYPE_CHECKING:
    from jisr.accounts.models import User

logger = logging.getLogger(__name__)
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".txt")


def import_start(*, acting_user: User, upload: UploadedFile, policy: str, kind: str) -> ImportJob:
    """Take an uploaded file of households or of members (`kind`) and queue its import: the file is
    checked (a CSV or XLSX within the registry's upload limit) before it is stored, then the job is
    recorded and handed to a worker once that commits. 404 without the import permission; a
    ValidationError naming the field (`file`, `policy`, `kind`) for a wrong upload, nothing stored."""
    scope.require(acting_user, IMPORT)
    if policy not in ImportJob.Policy.values:
        raise ValidationError({"policy": [", ".join(ImportJob.Policy.values)]})
    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": [", ".join(ImportJob.Kind.values)]})
    if not (upload.name or "").lower().endswith(UPLOAD_SUFFIXES):
        raise ValidationError({"file": [_("Choose a CSV or XLSX file.")]})
    try:
        check_upload_size(upload.size, registry_limits())  # before it is stored
    except IntakeError as error:
        raise ValidationError({"file": error.messages}) from error
    job = import_job_queue(acting_user=acting_user, path=store_upload(upload), file_name=upload.name or "",
                           policy=policy, kind=kind)  # fmt: skip
    job.refresh_from_db()  # run already when tasks run eagerly (embedded mode without its thread)
    return job


def import_job_queue(*, acting_user: User | None, path: Path, file_name: str, policy: str, kind: str) -> ImportJob:
    """Record the import of a stored file and hand it to a worker once the record commits."""
    with transaction.atomic():
        job = import_job_create(acting_user=acting_user, path=path, file_name=file_name, policy=policy, kind=kind)
        import_job_enqueue(job)
    return job


def import_job_create(
    *, acting_user: User | None, path: Path, file_name: str, policy: str, kind: str = ImportJob.Kind.HOUSEHOLDS,
    language: str = "",
) -> ImportJob:  # fmt: skip
    """Record an import of a file of households or of household members (`kind`), to run later
    (`acting_user` None: the command line)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    job = ImportJob.objects.create(file_name=file_name, path=str(path), policy=policy, kind=kind,
                                   started_by=acting_user, language=language)  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.IMPORT, obj=job,
                 changes={"file": file_name, "policy": policy, "kind": kind})  # fmt: skip
    return job


def import_job_enqueue(job: ImportJob) -> ImportJob:
    """Run the job in a Celery worker (or the embedded thread) once the transaction that created it commits."""
    from jisr.registry.tasks import import_file

    run_after_commit(import_file, job.pk)
    return job


def import_job_cancel(*, acting_user: User, job: ImportJob) -> ImportJob:
    """Stop a job: a queued one at once (nothing of it was written), a running one after its current
    chunk (what is written stays whole)."""
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.CANCELLED, cancel_requested=True, finished_at=now
    )
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(cancel_requested=True)
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=job, changes={"cancel_requested": True})
    job.refresh_from_db()
    return job


def import_jobs_mark_stalled() -> int:
    """Mark as failed the running jobs that gave no sign of life (heartbeat) for `stalled_after()`: their
    worker, or the web process running them in embedded mode, stopped (killed, or its machine). Their chunks
    already written are whole, and importing the file again is idempotent. They end at their last sign of
    life, as reads already showed them (`importing.stalled.seen_now`). Returns how many were marked.

    A sweep, run on its own: the Celery task `registry.mark_stalled_imports` (beat), `jisr registry
    mark-stalled` (cron), before every import job and every purge of import files."""
    stalled = ImportJob.objects.filter(status=ImportJob.Status.RUNNING,
                                       progress_at__lt=timezone.now() - stalled_after())  # fmt: skip
    marked = 0
    for job in stalled.only("pk", "language", "started_by"):
        failed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED, finished_at=F("progress_at"), message=stalled_message(job.language)
        )
        if failed:
            job.status = ImportJob.Status.FAILED
            notifications.import_ended(job)
        marked += failed
    return marked


def import_job_run(job_id: int) -> ImportJob:
    """Run a queued job (`jisr.registry.importing.job`), after failing the jobs whose worker died: in
    embedded mode, where no scheduler runs the sweep, the next import does it."""
    import_jobs_mark_stalled()
    try:
        job = running.run(job_id)
    except Exception:
        _tell_failure(job_id)
        raise
    notifications.import_ended(job)
    if job.status == ImportJob.Status.DONE:
        maplayers.request_refresh("registry import")
    return job


def _tell_failure(job_id: int) -> None:
    """Tell the owner of a job that stopped on an error, once the job is recorded failed; if the database
    cannot be read either, nobody is told (the job's page and the log say it)."""
    try:
        for failed in ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.FAILED).select_related("started_by"):
            notifications.import_ended(failed)
    except (DatabaseError, TransactionManagementError):
        logger.exception("the owner of import %s could not be told of its failure", job_id)


def import_files_purge(
    *, cutoff: datetime.datetime, now: datetime.datetime, days: int, acting_user: User | None
) -> int:
    """Delete the uploads and reports of the jobs created before `cutoff` (a queued one never ran: it is
    cancelled), and the files left there by no job; keep the jobs and their counts, marked
    `files_deleted_at`, without their first errors (values copied from the file). Audited; idempotent.
    Returns how many jobs and stray files were expired."""
    import_jobs_mark_stalled()
    expired = ImportJob.objects.filter(files_deleted_at=None, created_at__lt=cutoff).exclude(
        status=ImportJob.Status.RUNNING
    )
    jobs = list(expired.only("pk", "path", "file_name", "status"))
    for job in jobs:
        for path in [*stored_upload(job), *report_paths(job)]:
            path.unlink(missing_ok=True)
    with transaction.atomic():
        for job in jobs:
            cancelled = {"status": ImportJob.Status.CANCELLED, "cancel_requested": True, "finished_at": now}
            ImportJob.objects.filter(pk=job.pk).update(
                files_deleted_at=now, errors=[], errors_path="",
                **(cancelled if job.status == ImportJob.Status.QUEUED else {}),
            )  # fmt: skip
            audit.record(actor=acting_user, action=AuditLog.Action.DELETE, obj=job,
                         changes={"files": "upload and reports", "retention_days": days})  # fmt: skip
    return len(jobs) + _stray_files_purge(cutoff, acting_user)


def _stray_files_purge(cutoff: datetime.datetime, acting_user: User | None) -> int:
    """Files older than `cutoff` that no running job reads: an upload whose job was never recorded (the
    request failed), a temporary copy of an import whose process was killed."""
    running_paths = {Path(path) for path in ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
                     .values_list("path", flat=True)}  # fmt: skip
    candidates = [*uploads_dir().glob("*"), *reports_dir().glob("import-*.csv"),
                  *Path(tempfile.gettempdir()).glob(f"{TEMPORARY_PREFIX}*")]  # fmt: skip
    stray = [path for path in candidates
             if path.is_file() and path not in running_paths and path.stat().st_mtime < cutoff.timestamp()]  # fmt: skip
    for path in stray:
        path.unlink(missing_ok=True)
    if stray:
        audit.record(actor=acting_user, action=AuditLog.Action.DELETE, object_type="registry.file",
                     object_repr="files left by no import", changes={"files": len(stray)})  # fmt: skip
    return len(stray)
