"""The stalled-job rule: a running import whose heartbeat stopped for `stalled_after()` lost its worker
(killed, out of memory, its machine stopped).

Reads show such a job failed at once and write nothing (`seen_now`); the sweep
(`jisr.registry.services.import_jobs_mark_stalled`) records the same status, message and end.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.core import heartbeat
from jisr.registry.models import ImportJob

STALLED_AFTER = datetime.timedelta(minutes=10)  # the default of JISR_IMPORT_STALLED_SECONDS


def stalled_after() -> datetime.timedelta:
    """How long a running job may give no sign of life before it is taken for dead (a heartbeat comes
    four times in that time while its worker lives)."""
    return heartbeat.stalled_after("JISR_IMPORT_STALLED_SECONDS", STALLED_AFTER.seconds)


def stalled_message(language: str) -> str:
    """Why a stalled job failed, in the language of the one who started it."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _("The import stopped without finishing: its worker or the server stopped. What was "
                 "written is whole; import the file again to finish it.")  # fmt: skip


def is_stalled(job: ImportJob, now: datetime.datetime | None = None) -> bool:
    """True for a running job that gave no sign of life for `stalled_after()`."""
    cutoff = (now or timezone.now()) - stalled_after()
    return job.status == ImportJob.Status.RUNNING and job.progress_at is not None and job.progress_at < cutoff


def seen_now(job: ImportJob, now: datetime.datetime | None = None) -> ImportJob:
    """The job as it stands now, without writing: a stalled one is shown failed, ended at its last sign of
    life, with the message the sweep will record."""
    if is_stalled(job, now):
        job.status = ImportJob.Status.FAILED
        job.finished_at = job.progress_at
        job.message = stalled_message(job.language)
    return job
