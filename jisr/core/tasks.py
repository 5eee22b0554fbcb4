"""Thin Celery tasks of core (schedule `purge_idempotency_keys` daily with beat, or run the command from cron)."""

from __future__ import annotations

from celery import shared_task

from jisr.core.idempotency import idempotency_keys_purge


@shared_task(name="core.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    return idempotency_keys_purge()
