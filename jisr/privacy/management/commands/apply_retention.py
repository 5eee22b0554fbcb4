"""`jisr apply_retention [--dry-run]`: anonymize what has outlived its retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jisr.privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Apply the retention periods: anonymize persons and clear notes whose period is over."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would change.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        run = retention_apply(dry_run=dry_run)
        verb = "would change" if dry_run else "changed"
        for record_type, count in sorted(run.counts.items()):
            self.stdout.write(f"{record_type}: {count} {verb}")
