"""Uploaded centers files are deleted after the retention period (JISR_UPLOAD_RETENTION_DAYS): the import's
record and counts stay, its page says the file is gone, confirming it imports nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jisr.centers.importexport.service import center_import_apply, center_import_upload
from jisr.centers.models import Center, CenterImport
from jisr.core.file_retention import files_purge
from jisr.core.models import AuditLog
from tests.personas import AGADIR_COMMUNE

pytestmark = pytest.mark.django_db
HEADER = "code,name_ar,name_fr,organization,kind,commune_code,capacity,latitude,services"


def _upload(user, code: str, *, days_ago: int) -> CenterImport:  # type: ignore[no-untyped-def]
    content = f"{HEADER}\n{code},مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,\n".encode()
    center_import = center_import_upload(acting_user=user, file_name=f"{code}.csv", content=content)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    CenterImport.objects.filter(pk=center_import.pk).update(created_at=when)
    return center_import


def test_files_past_the_retention_are_deleted_and_the_imports_kept(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    waiting = _upload(personas.national, "old-waiting", days_ago=31)
    applied = _upload(personas.national, "old-applied", days_ago=40)
    center_import_apply(acting_user=personas.national, center_import=applied)
    recent = _upload(personas.national, "recent", days_ago=29)
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert "centers: 2 expired" in out.getvalue()
    for expired in (waiting, applied):
        expired.refresh_from_db()
        assert bytes(expired.content) == b"" and expired.content_deleted_at is not None
    applied.refresh_from_db()
    assert (applied.status, applied.created_count) == ("applied", 1)  # the counts stay
    recent.refresh_from_db()
    assert bytes(recent.content).startswith(HEADER.encode()) and recent.content_deleted_at is None
    entries = AuditLog.objects.filter(action="delete", object_type="centers.centerimport")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted([str(waiting.pk), str(applied.pk)])
    assert files_purge()["centers"] == 0  # a second run finds nothing new

    client = client_for("national")
    page = client.get(reverse("centers:import_preview", args=[waiting.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "deleted after 30 days without being imported" in page.content.decode()
    page = client.get(reverse("centers:import_preview", args=[applied.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "deleted after 30 days" in page.content.decode()
    report = client.get(reverse("centers:import_errors", args=[waiting.pk]))
    assert report.status_code == 302 and report["Location"] == reverse("centers:import_preview", args=[waiting.pk])
    confirmed = client.post(reverse("centers:import_preview", args=[waiting.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert confirmed.status_code == 200 and "upload it again" in confirmed.content.decode()
    assert not Center.objects.filter(code="old-waiting").exists()
