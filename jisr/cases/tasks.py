"""Thin Celery tasks of the cases (periodic: CELERY_BEAT_SCHEDULE in config/settings.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cases.notify_followups_due")
def notify_followups_due() -> int:
    from jisr.cases.notifications import followups_due_notify

    return followups_due_notify()


@shared_task(name="cases.rebuild_dashboard_months")
def rebuild_dashboard_months() -> int:
    from jisr.cases.dashboard_months import rebuild

    return rebuild()
