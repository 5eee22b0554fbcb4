"""Thin Celery tasks of the protection of the person (schedule `apply_retention` daily with beat or cron)."""

from __future__ import annotations

from celery import shared_task

from jisr.privacy.retention import retention_apply


@shared_task(name="privacy.apply_retention")
def apply_retention() -> dict[str, int]:
    return retention_apply().counts
