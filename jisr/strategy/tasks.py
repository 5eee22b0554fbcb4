"""Thin Celery tasks of the strategy (eager in tests; the embedded thread without a broker; beat runs
`strategy.refresh_nightly`)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="strategy.refresh")
def refresh(refresh_id: int) -> str:
    from jisr.strategy.services import refresh_run

    return refresh_run(refresh_id).status


@shared_task(name="strategy.refresh_nightly")
def refresh_nightly() -> str:
    from jisr.strategy.models import Refresh
    from jisr.strategy.services import refresh_run

    return refresh_run(Refresh.objects.create().pk).status
