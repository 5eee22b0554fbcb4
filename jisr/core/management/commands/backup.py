"""`jisr backup [PATH]`: the database and the uploaded files in one archive (docs/deploy.md, "Backups")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite) and the uploaded files "
        "into one .tar.gz with a manifest of row counts and checksums. PATH is the archive or a folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=".", help="archive to write, or folder (default: here)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup_create(Path(options["path"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
