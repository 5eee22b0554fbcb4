"""Thin Celery tasks of the registry (a worker runs them; eager in embedded mode and tests). Schedule
`registry.mark_stalled_imports` every few minutes with beat (or `jisr registry mark-stalled` with cron)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="registry.import_file")
def import_file(job_id: int) -> str:
    from jisr.registry.services import import_job_run

    return import_job_run(job_id).status


@shared_task(name="registry.mark_stalled_imports")
def mark_stalled_imports() -> int:
    from jisr.registry.services import import_jobs_mark_stalled

    return import_jobs_mark_stalled()
