"""Running an import job: the import of its file (households or members), its progress and counts saved
between chunks, a cancel request honoured there, a heartbeat while it runs (so that `stalled` can tell
a dead worker from a long chunk), and its end recorded — done, cancelled, or failed (a file it cannot
read, a database that went away).
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.core.heartbeat import beating
from jisr.core.spreadsheets import write_frame_csv
from jisr.registry.importing.files import report_path
from jisr.registry.importing.households import import_households
from jisr.registry.importing.reading import ImportFileError
from jisr.registry.importing.stalled import stalled_after
from jisr.registry.members import import_members
from jisr.registry.models import ImportJob


def run(job_id: int) -> ImportJob:
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


def _heartbeat(job_id: int) -> AbstractContextManager[None]:
    """While the job runs, a thread says it is alive (progress_at) four times per `stalled_after()`, even
    in a long chunk: a job whose heartbeat stops has lost its worker (`jisr.core.heartbeat`)."""
    return beating(lambda: ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING), stalled_after)


def _record_failure(job_id: int, message: str, attempts: int = 30) -> None:
    """Mark the job failed on a fresh connection, retrying while the database comes back (a restart takes
    seconds). If it never does, the job's heartbeat has stopped and the stalled-job sweep marks it."""
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
        raise  # the connection is lost: run() records the failure on a new one
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, message=str(error)[:500],
                                                   finished_at=timezone.now())  # fmt: skip
        raise
    errors_path = report_path(job.pk, "errors")
    write_frame_csv(errors, errors_path)
    if invalid.height:
        write_frame_csv(invalid, report_path(job.pk, "invalid-rows"))
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
