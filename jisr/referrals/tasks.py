"""Thin Celery tasks of the referrals (periodic: CELERY_BEAT_SCHEDULE in config/settings.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="referrals.notify_overdue")
def notify_overdue() -> int:
    from jisr.referrals.notifications import overdue_notify

    return overdue_notify()
