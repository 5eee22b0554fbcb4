"""Backups of a Jisr installation: the database and the uploaded files in one archive, with a manifest
that lets a restore prove it is whole (format: docs/deploy.md, "Backups").

The archive (`.tar.gz`) holds
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: a copy made
  with SQLite's online backup API, consistent while the server keeps writing);
- `files/media/…`, `files/registry/…`, `files/attachments/…` and `files/khadamati/…`: the uploaded files, the
  import reports, the documents attached to persons and cases and Khadamati's documents (as stored: encrypted);
- `manifest.json`: the engine, the row count and an order-independent checksum of every table, and
  the SHA-256 of every file.

On PostgreSQL the checksums are computed in the snapshot that `pg_dump` dumps (`--snapshot`), so the
manifest describes exactly what the dump holds even while users keep writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
FORMAT = 1
PG_BIN = Path("/usr/lib/postgresql/15/bin")  # Debian's PostgreSQL 15 client, else the one on PATH
FETCH = 5_000


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, in the user's language."""


@dataclass
class Restored:
    tables: int
    rows: int
    files: int


def file_directories() -> dict[str, Path]:
    """The folders of files that belong in a backup, by their name in the archive."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "registry": Path(settings.VAR_DIR) / "registry",
        "attachments": Path(settings.JISR_ATTACHMENTS_DIR),  # encrypted: the field keys are not in the archive
        # Khadamati's documents, as stored (encrypted: their keys are in the database, under the field keys).
        "khadamati": Path(settings.JISR_KHADAMATI_FILES_DIR),
    }


def _pg_tool(name: str) -> str:
    tool = PG_BIN / name
    if tool.exists():
        return str(tool)
    found = shutil.which(name)
    if found is None:
        raise BackupError(_("%(tool)s is not installed (Debian package postgresql-client-15).") % {"tool": name})
    return found


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    """Connection options of pg_dump/pg_restore for the default database, and the password in the environment."""
    db = connection.settings_dict
    arguments = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        arguments.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        arguments.append(f"--port={db['PORT']}")
    if db.get("USER"):
        arguments.append(f"--username={db['USER']}")
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return arguments, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 — fixed tools
    if done.returncode != 0:
        raise BackupError(_("%(tool)s failed: %(error)s") % {"tool": Path(command[0]).name,
                                                            "error": done.stderr.strip()[-2000:]})  # fmt: skip


def table_checksums(cursor: Any, vendor: str, tables: list[str]) -> dict[str, dict[str, Any]]:
    """Rows and checksum of each table: the sum, modulo 2¹²⁸, of the MD5 of every row's text (PostgreSQL's
    text of the row; on SQLite, the SQL literals of its values, whatever converters the connection has).
    A sum does not depend on the order of the rows."""
    quote = connection.ops.quote_name
    result: dict[str, dict[str, Any]] = {}
    for table in sorted(tables):
        if vendor == "postgresql":
            cursor.execute(f"SELECT md5(t::text) FROM {quote(table)} AS t")  # noqa: S608 — names from the catalog
        else:
            cursor.execute(f"SELECT name FROM pragma_table_info({_literal(table)})")  # noqa: S608 — a quoted literal
            literals = " || ',' || ".join(f"quote({quote(row[0])})" for row in cursor.fetchall())
            cursor.execute(f"SELECT {literals} FROM {quote(table)}")  # noqa: S608
        rows, total = 0, 0
        while batch := cursor.fetchmany(FETCH):
            for (text,) in batch:
                total += int(text if vendor == "postgresql" else hashlib.md5(text.encode()).hexdigest(), 16)  # noqa: S324
            rows += len(batch)
        result[table] = {"rows": rows, "checksum": f"{total % (1 << 128):032x}"}
    return result


def _literal(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in cursor.fetchall()]


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [row[0] for row in cursor.fetchall()]


def database_manifest() -> dict[str, dict[str, Any]]:
    """Rows and checksum of every table of the default database, as it is now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return table_checksums(cursor, "postgresql", _pg_tables(cursor))
        return table_checksums(cursor, "sqlite", _sqlite_tables(cursor))


def _file_hashes(root: Path) -> dict[str, str]:
    files = sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
    return {path.relative_to(root).as_posix(): _sha256(path) for path in files}


def backup_create(destination: Path) -> Path:
    """Write a backup archive of the database and the files; returns its path. `destination` is the archive
    or a folder (the archive is then named after the time)."""
    if destination.is_dir():
        destination = destination / f"jisr-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jisr-backup-", dir=destination.parent) as work:
        folder = Path(work)
        if connection.vendor == "postgresql":
            tables = _pg_dump(folder / "database.dump")
        elif connection.vendor == "sqlite":
            tables = _sqlite_copy(folder / "database.sqlite3")
        else:
            raise BackupError(_("Backups support PostgreSQL and SQLite only."))
        files = {name: _file_hashes(root) for name, root in file_directories().items()}
        manifest = {"format": FORMAT, "engine": connection.vendor, "created_at": timezone.now().isoformat(),
                    "tables": tables, "files": files}  # fmt: skip
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            for name in ("database.dump", "database.sqlite3"):
                if (folder / name).exists():
                    archive.add(folder / name, arcname=name)
            for name, root in file_directories().items():
                for relative in files[name]:
                    archive.add(root / relative, arcname=f"files/{name}/{relative}")
        partial.replace(destination)  # a backup is there whole or not at all
    return destination


def _pg_dump(target: Path) -> dict[str, dict[str, Any]]:
    """pg_dump in a snapshot of our own transaction, where the manifest is computed too."""
    arguments, env = _pg_arguments()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={target}", *arguments], env)  # fmt: skip
            return table_checksums(cursor, "postgresql", _pg_tables(cursor))
        finally:
            cursor.execute("ROLLBACK")


def _sqlite_copy(target: Path) -> dict[str, dict[str, Any]]:
    """A consistent copy through SQLite's online backup API (other connections may keep writing)."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return table_checksums(copy.cursor(), "sqlite", _sqlite_tables(copy.cursor()))
    finally:
        copy.close()


def read_manifest(archive_path: Path) -> dict[str, Any]:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError(_("The archive has no manifest: it is not a Jisr backup."))
        return dict(json.load(member))


def database_is_empty() -> bool:
    """True when no table of the default database holds a row (a new database, or one with empty tables)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = _pg_tables(cursor) if connection.vendor == "postgresql" else _sqlite_tables(cursor)
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 — names from the catalog
            if cursor.fetchone():
                return False
    return True


@contextmanager
def _extracted(archive_path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    with tempfile.TemporaryDirectory(prefix="jisr-restore-") as work, tarfile.open(archive_path, "r:gz") as archive:
        try:
            archive.extractall(work, filter="data")  # refuses absolute paths, links out of the folder, devices
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(_("The archive cannot be read: %(error)s") % {"error": exc}) from exc
        folder = Path(work)
        if not (folder / MANIFEST).exists():
            raise BackupError(_("The archive has no manifest: it is not a Jisr backup."))
        yield folder, json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def backup_restore(archive_path: Path, *, force: bool = False) -> Restored:
    """Restore a backup into the default database and the file folders, then check every table and file
    against the manifest. A database that holds any row is replaced only with `force`."""
    with _extracted(archive_path) as (folder, manifest):
        if manifest.get("format") != FORMAT or manifest.get("engine") != connection.vendor:
            raise BackupError(_("This backup was made from %(engine)s; the database here is %(here)s.")
                              % {"engine": manifest.get("engine"), "here": connection.vendor})  # fmt: skip
        if not force and not database_is_empty():
            raise BackupError(_("The database is not empty: restoring would replace its data. Add --force to "
                                "replace it."))  # fmt: skip
        if connection.vendor == "postgresql":
            _pg_restore(folder / "database.dump")
        else:
            _sqlite_restore(folder / "database.sqlite3")
        for name, root in file_directories().items():
            source = folder / "files" / name
            if source.exists():
                shutil.copytree(source, root, dirs_exist_ok=True)
    return _verify(manifest)


def _pg_restore(dump: Path) -> None:
    """Drop every table of the schema, then pg_restore in one transaction (all or nothing)."""
    arguments, env = _pg_arguments()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = _pg_tables(cursor)
        if tables:
            cursor.execute("DROP TABLE " + ", ".join(quote(t) for t in tables) + " CASCADE")
    connection.close()  # nothing of ours holds a lock while pg_restore works
    _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
          *arguments, str(dump)], env)  # fmt: skip


def _sqlite_restore(copy: Path) -> None:
    """Copy the backup into the live database through the backup API (it replaces every page)."""
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _verify(manifest: dict[str, Any]) -> Restored:
    found = database_manifest()
    expected = manifest["tables"]
    wrong = sorted(t for t in set(expected) | set(found) if expected.get(t) != found.get(t))
    missing_files = [f"{name}/{relative}" for name, hashes in manifest["files"].items()
                     for relative, digest in hashes.items()
                     if _sha256(file_directories()[name] / relative) != digest]  # fmt: skip
    if wrong or missing_files:
        raise BackupError(_("The restored data differ from the backup's manifest: %(items)s")
                          % {"items": ", ".join([*wrong, *missing_files][:20])})  # fmt: skip
    return Restored(tables=len(found), rows=sum(t["rows"] for t in found.values()),
                    files=sum(len(h) for h in manifest["files"].values()))  # fmt: skip


def _sha256(path: Path) -> str:
    if not path.is_file():
        return ""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
