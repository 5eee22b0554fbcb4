"""`jisr restore ARCHIVE [--force]`: put a backup back and prove it whole (docs/deploy.md, "Backups")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `jisr backup` into the configured database and file folders, then check "
        "every table and file against its manifest. Refuses a database holding data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="a .tar.gz written by `jisr backup`")
        parser.add_argument("--force", action="store_true", help="replace a database that holds data")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(Path(options["archive"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored and verified: {restored.tables} tables, {restored.rows} rows, {restored.files} files"
        )
