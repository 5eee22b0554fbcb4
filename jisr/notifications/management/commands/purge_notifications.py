"""`jisr purge_notifications`: delete the notifications older than JISR_NOTIFICATION_RETENTION_DAYS (for cron;
with beat, the task `notifications.purge` does it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from jisr.notifications.services import notifications_purge


class Command(BaseCommand):
    help = "Delete the notifications older than JISR_NOTIFICATION_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = notifications_purge()
        message = ngettext("%(count)d expired notification deleted.", "%(count)d expired notifications deleted.", count)
        self.stdout.write(message % {"count": count})
