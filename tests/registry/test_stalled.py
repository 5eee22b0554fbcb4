"""A job whose worker died: every read (page, list, API) shows it failed at once without writing, and the
sweep — its Celery task, `jisr registry mark-stalled`, and the start of the next import — records it,
with the same message (in the language of the one who started it) and the same end, its last sign of life."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from jisr.registry import selectors, services
from jisr.registry.importing.stalled import STALLED_AFTER, stalled_message
from jisr.registry.models import ImportJob
from jisr.registry.tasks import mark_stalled_imports

pytestmark = pytest.mark.django_db


@pytest.fixture
def stalled(personas, tmp_path, settings) -> ImportJob:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    path = Path(tmp_path) / "r.csv"
    path.write_bytes(b"household_id\n")
    job = services.import_job_create(acting_user=personas.national, path=path, file_name="r.csv", policy="refuse",
                                     language="fr")  # fmt: skip
    last_sign = timezone.now() - STALLED_AFTER - datetime.timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress_at=last_sign)
    job.refresh_from_db()
    return job


def test_reads_show_a_stalled_job_failed_and_write_nothing(client, personas, stalled) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    listed = client.get("/registry/imports/").context["jobs"]
    assert [job.status for job in listed] == ["failed"]
    assert client.get(f"/registry/imports/{stalled.pk}/").context["job"].status == "failed"
    answer = client.get(f"/api/v1/registry/imports/{stalled.pk}").json()
    assert answer["status"] == "failed" and answer["message"] == stalled_message("fr")
    ended = datetime.datetime.fromisoformat(answer["finished_at"])
    assert abs(ended - stalled.progress_at) < datetime.timedelta(milliseconds=1), "its last sign of life"
    assert ImportJob.objects.get(pk=stalled.pk).status == "running", "a read writes nothing"


def test_the_sweep_records_what_reads_showed(personas, stalled) -> None:  # type: ignore[no-untyped-def]
    shown = selectors.import_job_get(personas.national, stalled.pk)
    output = StringIO()
    call_command("registry", "mark-stalled", stdout=output)
    assert output.getvalue().startswith("1 stalled import(s) marked failed")
    recorded = ImportJob.objects.get(pk=stalled.pk)
    assert (recorded.status, recorded.message, recorded.finished_at) == (shown.status, shown.message, shown.finished_at)
    assert mark_stalled_imports.apply().get() == 0, "idempotent: nothing left to mark"


def test_the_next_import_sweeps_first(personas, stalled, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Embedded mode has no scheduler: the import that runs next fails the dead one."""
    queued = services.import_job_create(acting_user=personas.national, path=Path(stalled.path), file_name="r.csv",
                                        policy="refuse")  # fmt: skip
    services.import_job_run(queued.pk)
    assert ImportJob.objects.get(pk=stalled.pk).status == "failed"


def test_a_live_job_is_shown_and_left_running(personas, stalled) -> None:  # type: ignore[no-untyped-def]
    ImportJob.objects.filter(pk=stalled.pk).update(progress_at=timezone.now())
    assert selectors.import_job_get(personas.national, stalled.pk).status == "running"
    assert services.import_jobs_mark_stalled() == 0
