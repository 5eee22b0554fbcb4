"""Thin Celery tasks of the social map (eager in tests and embedded mode; beat runs `socialmap.refresh_nightly`
and, every five minutes, `socialmap.mark_stalled_refreshes`)."""

from __future__ import annotations

from celery import shared_task

RETRY_AFTER = 60  # seconds: a refresh queued while another runs tries again


@shared_task(name="socialmap.refresh", bind=True, max_retries=None)
def refresh(self, refresh_id: int) -> str:  # type: ignore[no-untyped-def]
    from jisr.socialmap.models import Refresh
    from jisr.socialmap.services import refresh_run

    status = refresh_run(refresh_id).status
    if status == Refresh.Status.QUEUED and not self.request.is_eager:  # another one runs: wait for it (or its sweep)
        raise self.retry(countdown=RETRY_AFTER)
    return status


@shared_task(name="socialmap.mark_stalled_refreshes")
def mark_stalled_refreshes() -> int:
    from jisr.socialmap.services import refreshes_mark_stalled

    return refreshes_mark_stalled()


@shared_task(name="socialmap.refresh_nightly")
def refresh_nightly() -> str:
    from jisr.socialmap.models import Refresh
    from jisr.socialmap.services import refresh_run

    return refresh_run(Refresh.objects.create(reason="nightly").pk).status
