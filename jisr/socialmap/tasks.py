"""Thin Celery tasks of the social map (eager in tests and embedded mode; beat runs `socialmap.refresh_nightly`)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="socialmap.refresh")
def refresh(refresh_id: int) -> str:
    from jisr.socialmap.services import refresh_run

    return refresh_run(refresh_id).status


@shared_task(name="socialmap.refresh_nightly")
def refresh_nightly() -> str:
    from jisr.socialmap.models import Refresh
    from jisr.socialmap.services import refresh_run

    return refresh_run(Refresh.objects.create(reason="nightly").pk).status
