"""Thin Celery tasks of the notifications. `send_emails` is queued after a commit by `services.notify`; the
others are periodic (CELERY_BEAT_SCHEDULE in config/settings.py, docs/notifications.md)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="notifications.send_emails")
def send_emails(notification_ids: list[int]) -> int:
    from jisr.notifications.emails import send_immediate

    return send_immediate(notification_ids)


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    from jisr.notifications.emails import send_digests as send

    return send()


@shared_task(name="notifications.purge")
def purge_notifications() -> int:
    from jisr.notifications.services import notifications_purge

    return notifications_purge()
