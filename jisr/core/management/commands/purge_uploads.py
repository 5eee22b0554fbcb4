"""`jisr purge_uploads`: delete the uploads and reports older than JISR_UPLOAD_RETENTION_DAYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jisr.core.file_retention import files_purge, retention_days


class Command(BaseCommand):
    help = "Delete uploaded files and generated reports older than the retention period (JISR_UPLOAD_RETENTION_DAYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = files_purge()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} expired (older than {retention_days()} days)")
