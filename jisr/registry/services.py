"""Writes of the registry: import jobs of households or of their members (queued, run by a Celery worker or
at once, cancellable)."""

from __future__ import annotations

import datetime
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.core import audit
from jisr.core.background import run_after_commit
from jisr.core.intake.text import TEMPORARY_PREFIX
from jisr.core.models import AuditLog
from jisr.core.spreadsheets import write_frame_csv
from jisr.registry.importing import ImportFileError, import_households
from jisr.registry.members import import_members
from jisr.registry.models import ImportJob

STALLED_AFTER = datetime.timedelta(minutes=10)  # the default of JISR_IMPORT_STALLED_SECONDS


def stalled_after() -> datetime.timedelta:
    """How long a running job may give no sign of life before it is taken for dead (a heartbeat comes
    four times in that time while its worker lives)."""
    return datetime.timedelta(seconds=getattr(settings, "JISR_IMPORT_STALLED_SECONDS", STALLED_AFTER.seconds))


def reports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "registry"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_job_create(
    *, acting_user: Any, path: Path, file_name: str, policy: str, kind: str = ImportJob.Kind.HOUSEHOLDS,
    language: str = "",
) -> ImportJob:  # fmt: skip
    """Record an import of a file of households or of household members (`kind`), to run later."""
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


def import_job_cancel(*, acting_user: Any, job: ImportJob) -> ImportJob:
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
    already written are whole, and importing the file again is idempotent. Returns how many were marked."""
    stalled = ImportJob.objects.filter(status=ImportJob.Status.RUNNING,
                                       progress_at__lt=timezone.now() - stalled_after())  # fmt: skip
    marked = 0
    for job in stalled.only("pk", "language"):
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _("The import stopped without finishing: its worker or the server stopped. What was "
                        "written is whole; import the file again to finish it.")  # fmt: skip
        marked += ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED, finished_at=timezone.now(), message=message
        )
    return marked


def import_job_run(job_id: int) -> ImportJob:
    """Run a queued job: progress and counts saved between chunks; a cancel request stops it there."""
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE), _heartbeat(job.pk):
        try:
            return _run(job)
        except (OperationalError, InterfaceError):  # the database restarted or went away: no chunk is half-written
            if not connection.in_atomic_block:  # else the caller's transaction is lost with the job's update
                _record_failure(job.pk, _("The import stopped: the database could not be reached. What was "
                                          "written is whole; import the file again to finish it."))  # fmt: skip
            raise


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """While the job runs, a thread says it is alive (progress_at) four times per `stalled_after()`, even
    in a long chunk: a job whose heartbeat stops has lost its worker."""
    if connection.in_atomic_block:  # run inside a transaction (tests, eager mode): a beat would not be seen
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(stalled_after().total_seconds() / 4):
                try:
                    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
                        progress_at=timezone.now()
                    )
                except DatabaseError:  # the database is away: the job itself will say so
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"import-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _record_failure(job_id: int, message: str, attempts: int = 30) -> None:
    """Mark the job failed on a fresh connection, retrying while the database comes back (a restart takes
    seconds). If it never does, the job's heartbeat has stopped and the stalled-job rule marks it."""
    for _attempt in range(attempts):
        connection.close()  # the broken connection
        try:
            ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
                status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now()
            )
            return
        except DatabaseError:
            time.sleep(1)


def _run(job: ImportJob) -> ImportJob:
    if job.cancel_requested:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CANCELLED, finished_at=timezone.now())
        return ImportJob.objects.get(pk=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, progress_at=timezone.now())

    def progress(done: int, total: int) -> bool:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total, progress_at=timezone.now())
        return not ImportJob.objects.filter(pk=job.pk, cancel_requested=True).exists()

    update = job.policy == ImportJob.Policy.UPDATE
    try:
        if job.kind == ImportJob.Kind.MEMBERS:
            outcome, errors, invalid = import_members(Path(job.path), update=update, progress=progress,
                                                      created_by=job.started_by)  # fmt: skip
        else:
            outcome, errors, invalid = import_households(Path(job.path), update=update, progress=progress)
    except ImportFileError as error:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, message=str(error),
                                                   finished_at=timezone.now())  # fmt: skip
        return ImportJob.objects.get(pk=job.pk)
    except (OperationalError, InterfaceError):
        raise  # the connection is lost: import_job_run records the failure on a new one
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, message=str(error)[:500],
                                                   finished_at=timezone.now())  # fmt: skip
        raise
    errors_path = reports_dir() / f"import-{job.pk}-errors.csv"
    write_frame_csv(errors, errors_path)
    if invalid.height:
        write_frame_csv(invalid, reports_dir() / f"import-{job.pk}-invalid-rows.csv")
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.CANCELLED if outcome.cancelled else ImportJob.Status.DONE,
            encoding=outcome.encoding, rows_total=outcome.rows, created=outcome.created, updated=outcome.updated,
            **({} if outcome.cancelled else {"rows_done": outcome.rows}),  # invalid rows are done too: read, reported
            unchanged=outcome.unchanged, refused=outcome.refused, invalid=outcome.invalid,
            errors=[{**e, "value": str(e["value"])} for e in outcome.errors], errors_path=str(errors_path),
            finished_at=timezone.now(),
        )  # fmt: skip
    return ImportJob.objects.get(pk=job.pk)


def report_paths(job: ImportJob) -> list[Path]:
    """The reports a finished job wrote (the error report; the invalid rows when there were any)."""
    return [reports_dir() / f"import-{job.pk}-{kind}.csv" for kind in ("errors", "invalid-rows")]


def import_files_purge(*, cutoff: datetime.datetime, now: datetime.datetime, days: int, acting_user: Any) -> int:
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
        for path in [*_stored_upload(job), *report_paths(job)]:
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


def uploads_dir() -> Path:
    """Where the pages and the API keep uploaded files for the worker."""
    return reports_dir() / "uploads"


def _stored_upload(job: ImportJob) -> list[Path]:
    """The job's file when Jisr stored it; a file the command line imported from its own place is the
    operator's, never deleted."""
    path = Path(job.path)
    return [path] if path.parent.resolve() == uploads_dir().resolve() else []


def _stray_files_purge(cutoff: datetime.datetime, acting_user: Any) -> int:
    """Files older than `cutoff` that no running job reads: an upload whose job was never recorded (the
    request failed), a temporary copy of an import whose process was killed."""
    running = {Path(path) for path in ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
               .values_list("path", flat=True)}  # fmt: skip
    candidates = [*uploads_dir().glob("*"), *reports_dir().glob("import-*.csv"),
                  *Path(tempfile.gettempdir()).glob(f"{TEMPORARY_PREFIX}*")]  # fmt: skip
    stray = [path for path in candidates
             if path.is_file() and path not in running and path.stat().st_mtime < cutoff.timestamp()]  # fmt: skip
    for path in stray:
        path.unlink(missing_ok=True)
    if stray:
        audit.record(actor=acting_user, action=AuditLog.Action.DELETE, object_type="registry.file",
                     object_repr="files left by no import", changes={"files": len(stray)})  # fmt: skip
    return len(stray)
