"""Thin Celery tasks of the core (schedule `purge_uploads` and `purge_idempotency_keys` daily with beat
or cron)."""

from __future__ import annotations

from celery import shared_task

from jisr.core.file_retention import files_purge
from jisr.core.idempotency import idempotency_keys_purge


@shared_task(name="core.purge_uploads")
def purge_uploads() -> dict[str, int]:
    return files_purge()


@shared_task(name="core.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    return idempotency_keys_purge()
