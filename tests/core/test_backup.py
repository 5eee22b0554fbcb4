"""`jisr backup` / `jisr restore`: a backup restores to an identical database (row counts and an
order-independent checksum of every table, compared independently of the manifest) and identical
files, on SQLite and on PostgreSQL; a database holding data is replaced only with --force; a backup
that does not match its manifest is refused."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jisr.core.backup import _pg_tables, _sqlite_tables, database_manifest, table_checksums
from jisr.registry.importing.households import import_households
from jisr.registry.models import RegistryHousehold
from jisr.registry.synthetic import generate, write
from tests.personas import make_personas

pytestmark = pytest.mark.slow
ATTACHED = "ab" + "0" * 30


@pytest.fixture
def installation(committed_db, tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    """Personas, 300 imported households (with their uploaded file and report), and an uploaded medium."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.JISR_ATTACHMENTS_DIR = tmp_path / "var" / "attachments"
    settings.JISR_KHADAMATI_FILES_DIR = tmp_path / "var" / "khadamati"
    make_personas()
    uploads = settings.VAR_DIR / "registry" / "uploads"
    uploads.mkdir(parents=True)
    write(generate(households=300, seed=11), uploads / "households.csv")
    import_households(uploads / "households.csv", update=False)
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "وثيقة.pdf").write_bytes(os.urandom(4096))
    (settings.JISR_ATTACHMENTS_DIR / "ab").mkdir(parents=True)  # an attached document, as stored (encrypted)
    (settings.JISR_ATTACHMENTS_DIR / "ab" / ATTACHED).write_bytes(os.urandom(2048))
    return tmp_path


def _backup(tmp_path: Path) -> Path:
    call_command("backup", str(tmp_path / "jisr.tar.gz"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return tmp_path / "jisr.tar.gz"


def _second_database(tmp_path: Path) -> tuple[str, Any]:
    """A new, empty database next to the test database: its URL, and a DB-API connection to read it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "second.sqlite3"
        return f"sqlite:///{path}", lambda: sqlite3.connect(path)
    import psycopg

    name = f"jisr_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{name}"
    return url, lambda: psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)


def _drop(url: str) -> None:
    if url.startswith("postgres"):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def test_a_backup_restores_to_an_identical_database_and_files_elsewhere(installation: Path) -> None:
    archive = _backup(installation)
    url, connect = _second_database(installation)
    var = installation / "elsewhere"
    try:
        env = {**os.environ, "DATABASE_URL": url, "JISR_VAR_DIR": str(var)}
        done = subprocess.run([sys.executable, "-m", "jisr", "restore", str(archive)], env=env,  # noqa: S603
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "restored and verified" in done.stdout
        # Compared with the live database, not with the manifest: the restore is proven independently.
        with connection.cursor() as cursor:
            tables = _pg_tables(cursor) if connection.vendor == "postgresql" else _sqlite_tables(cursor)
            source = table_checksums(cursor, connection.vendor, tables)
        second = connect()
        try:
            cursor = second.cursor()
            restored_tables = _pg_tables(cursor) if connection.vendor == "postgresql" else _sqlite_tables(cursor)
            restored = table_checksums(cursor, connection.vendor, restored_tables)
        finally:
            second.close()
        assert source == restored
        assert source["registry_registryhousehold"]["rows"] == RegistryHousehold.objects.count() > 250
        assert len(source) > 40
        for relative in ("media/documents/وثيقة.pdf", "registry/uploads/households.csv", f"attachments/ab/{ATTACHED}"):
            assert (var / relative).read_bytes() == (installation / "var" / relative).read_bytes()
    finally:
        _drop(url)


def test_restore_refuses_a_database_with_data_unless_forced(installation: Path) -> None:
    archive = _backup(installation)
    before = database_manifest()
    RegistryHousehold.objects.filter(pk__in=RegistryHousehold.objects.values("pk")[:40]).delete()
    changed = database_manifest()
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))
    assert database_manifest() == changed, "a refused restore changes nothing"
    call_command("restore", str(archive), "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert database_manifest() == before


def test_a_backup_that_does_not_match_its_manifest_is_refused(installation: Path, tmp_path: Path) -> None:
    archive = _backup(installation)
    with tarfile.open(archive, "r:gz") as source:
        source.extractall(tmp_path / "x", filter="data")
    manifest = json.loads((tmp_path / "x" / "manifest.json").read_text())
    manifest["tables"]["registry_registryhousehold"]["checksum"] = "0" * 32
    (tmp_path / "x" / "manifest.json").write_text(json.dumps(manifest))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(tampered, "w:gz") as target:
        for member in sorted((tmp_path / "x").iterdir()):
            target.add(member, arcname=member.name)
    shutil.rmtree(tmp_path / "x")
    with pytest.raises(CommandError, match="registry_registryhousehold"):
        call_command("restore", str(tampered), "--force")
