"""Uploads and reports of registry imports are deleted after the retention period (JISR_UPLOAD_RETENTION_DAYS):
the job and its counts stay, its page says why the files are gone, a second run changes nothing."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from jisr.core.models import AuditLog
from jisr.registry.importing.files import store_upload
from jisr.registry.models import ImportJob
from jisr.registry.services import import_job_create, import_job_run
from tests.registry.test_files import HOUSEHOLDS, _households, _run

pytestmark = pytest.mark.django_db


def _purge() -> str:
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    return out.getvalue()


def _age(job: ImportJob, days: int) -> None:
    """Make the job, its upload and its reports `days` old."""
    when = timezone.now() - datetime.timedelta(days=days)
    ImportJob.objects.filter(pk=job.pk).update(created_at=when, finished_at=when)
    for path in filter(Path.exists, _files(job)):
        os.utime(path, (when.timestamp(), when.timestamp()))


def _files(job: ImportJob) -> list[Path]:
    reports = Path(job.errors_path).parent
    return [Path(job.path), reports / f"import-{job.pk}-errors.csv", reports / f"import-{job.pk}-invalid-rows.csv"]


def test_files_older_than_the_retention_are_deleted_and_the_job_kept(personas, var, tmp_path, client) -> None:  # type: ignore[no-untyped-def]
    old = _run(personas.national, _households(tmp_path, {0: {"size": "99"}, 1: {}}))
    recent = _run(personas.national, _households(tmp_path, {0: {"size": "99"}, 1: {}}))
    assert all(path.is_file() for path in _files(old) + _files(recent))
    _age(old, 31)
    _age(recent, 29)
    orphan = var / "registry" / "uploads" / "left-by-a-failed-request.csv"
    orphan.write_text("household_id\n")
    os.utime(orphan, (0, 0))
    _purge()
    old.refresh_from_db()
    assert not any(path.exists() for path in _files(old)) and not orphan.exists()
    assert all(path.is_file() for path in _files(recent))
    assert old.files_deleted_at is not None and old.errors == [] and old.errors_path == ""
    assert (old.status, old.created, old.invalid) == ("done", 1, 1)  # the counts stay
    entry = AuditLog.objects.get(action="delete", object_type="registry.importjob")
    assert entry.object_id == str(old.pk) and entry.changes["retention_days"] == 30
    client.force_login(personas.national)
    page = client.get(f"/registry/imports/{old.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "deleted after 30 days" in page.content.decode()
    assert client.get("/registry/imports/").status_code == 200
    assert f"/registry/imports/{old.pk}/errors.csv" not in page.content.decode()
    report = client.get(f"/registry/imports/{old.pk}/errors.csv")
    assert report.status_code == 302 and report["Location"] == f"/registry/imports/{old.pk}/"
    assert client.get(f"/api/v1/registry/imports/{old.pk}").json()["files_deleted_at"] is not None
    _purge()  # a second run finds nothing new
    assert AuditLog.objects.filter(action="delete", object_type="registry.importjob").count() == 1


def test_the_retention_is_configured(personas, var, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_UPLOAD_RETENTION_DAYS = 7
    job = _run(personas.national, _households(tmp_path, {0: {}}))
    _age(job, 8)
    _purge()
    job.refresh_from_db()
    assert job.files_deleted_at is not None and not Path(job.path).exists()


def test_a_queued_job_past_the_retention_is_cancelled_with_its_file(personas, var, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = store_upload(SimpleUploadedFile("queued.csv", HOUSEHOLDS.read_bytes()))
    job = import_job_create(acting_user=personas.national, path=path, file_name="queued.csv", policy="refuse")
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    _purge()
    assert not path.exists()
    assert import_job_run(job.pk).status == "cancelled"


def test_a_file_the_command_line_imported_from_its_place_is_never_deleted(personas, var, tmp_path) -> None:  # type: ignore[no-untyped-def]
    own = tmp_path / "operator" / "households.csv"  # `jisr registry import FILE` records the file where it is
    own.parent.mkdir()
    own.write_bytes(HOUSEHOLDS.read_bytes())
    job = import_job_run(import_job_create(acting_user=None, path=own, file_name=own.name, policy="refuse").pk)
    _age(job, 31)
    _purge()
    job.refresh_from_db()
    assert job.files_deleted_at is not None and not Path(var / "registry" / f"import-{job.pk}-errors.csv").exists()
    assert own.read_bytes() == HOUSEHOLDS.read_bytes()
