"""Registry imports through the page and the API (run by Celery, eagerly in tests), with the personas."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jisr.registry.models import ImportJob, RegistryHousehold
from jisr.registry.synthetic import generate

pytestmark = pytest.mark.django_db
NEVER = ("region_rsk", "analyst", "manager_a", "worker_a", "partner", "citizen", "outsider")


@pytest.fixture
def upload(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    call_command("load_territories", verbosity=0)
    text = generate(households=200, seed=4, duplicates=0.05, errors=0.05).write_csv()
    western = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))  # Windows-1256 has no Arabic-Indic digits
    return western.replace("field survey", "مسح ميداني").encode("cp1256")


def test_the_page_imports_and_reports_in_the_users_language(
    client, personas, upload, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    client.force_login(personas.national)
    assert client.get("/registry/imports/").status_code == 200
    refused = client.post("/registry/imports/", {"file": SimpleUploadedFile("x.pdf", b"%PDF"), "policy": "refuse"})
    assert refused.status_code == 200 and not ImportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task, run eagerly
        response = client.post("/registry/imports/", {"file": SimpleUploadedFile("r.csv", upload), "policy": "refuse"},
                               HTTP_ACCEPT_LANGUAGE="fr")  # fmt: skip
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "done" and job.encoding == "cp1256"
    assert job.rows_done == job.rows_total == RegistryHousehold.objects.count() + job.invalid  # the bar ends full
    assert job.created == RegistryHousehold.objects.count() and job.invalid >= 10
    assert any("commune" in e["message"].lower() or "date" in e["message"].lower() for e in job.errors)
    page = client.get(f"/registry/imports/{job.pk}/").content.decode()
    assert "progress" in page and str(job.created) in page
    report = client.get(f"/registry/imports/{job.pk}/errors.csv")
    assert report.status_code == 200 and b"line,column,value,message" in b"".join(report.streaming_content)
    invalid = client.get(f"/registry/imports/{job.pk}/invalid-rows.csv")
    assert invalid.status_code == 200
    for name in NEVER:
        client.force_login(getattr(personas, name))
        assert client.get("/registry/imports/").status_code == 404, name
        assert client.get(f"/registry/imports/{job.pk}/errors.csv").status_code == 404, name
        assert client.get(f"/api/v1/registry/imports/{job.pk}").status_code == 404, name


def test_the_api_queues_an_import_and_the_second_changes_nothing(
    client, personas, upload, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    client.force_login(personas.national)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            "/api/v1/registry/imports", {"file": SimpleUploadedFile("r.csv", upload), "policy": "update"}
        )
    assert first.status_code == 202, first.content
    job = client.get(f"/api/v1/registry/imports/{first.json()['id']}").json()
    assert job["status"] == "done" and job["created"] > 150
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            "/api/v1/registry/imports", {"file": SimpleUploadedFile("r.csv", upload), "policy": "update"}
        )
    second = client.get(f"/api/v1/registry/imports/{again.json()['id']}").json()
    assert second["created"] == 0 and second["unchanged"] == job["created"]
    wrong = client.post("/api/v1/registry/imports", {"file": SimpleUploadedFile("r.csv", upload), "policy": "merge"})
    assert wrong.status_code == 422


def test_a_cancelled_queued_job_does_not_run(personas, upload, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jisr.registry.services import import_job_cancel, import_job_create, import_job_run

    path = Path(tmp_path) / "r.csv"
    path.write_bytes(upload)
    job = import_job_create(acting_user=personas.national, path=path, file_name="r.csv", policy="refuse")
    import_job_cancel(acting_user=personas.national, job=job)
    assert import_job_run(job.pk).status == "cancelled" and not RegistryHousehold.objects.exists()


def test_a_queued_job_is_cancelled_at_once(client, personas, upload, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jisr.registry.services import import_job_create

    path = Path(tmp_path) / "r.csv"
    path.write_bytes(upload)
    job = import_job_create(acting_user=personas.national, path=path, file_name="r.csv", policy="refuse")
    client.force_login(personas.national)
    page = client.post(f"/registry/imports/{job.pk}/cancel/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    job.refresh_from_db()
    assert job.status == "cancelled" and job.finished_at is not None
    assert "cancelled before it started" in page.content.decode()


def test_a_job_whose_worker_stopped_is_marked_failed_in_its_language(client, personas, upload, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from django.utils import timezone

    from jisr.registry.importing.stalled import STALLED_AFTER
    from jisr.registry.services import import_job_create

    path = Path(tmp_path) / "r.csv"
    path.write_bytes(upload)
    stalled = import_job_create(acting_user=personas.national, path=path, file_name="r.csv", policy="refuse",
                                language="fr")  # fmt: skip
    alive = import_job_create(acting_user=personas.national, path=path, file_name="r.csv", policy="refuse")
    now = timezone.now()
    ImportJob.objects.filter(pk=stalled.pk).update(
        status="running", progress_at=now - STALLED_AFTER - datetime.timedelta(seconds=1)
    )
    ImportJob.objects.filter(pk=alive.pk).update(status="running", progress_at=now)
    client.force_login(personas.partner)
    assert client.get(f"/api/v1/registry/imports/{stalled.pk}").status_code == 404
    assert ImportJob.objects.get(pk=stalled.pk).status == "running"  # an outsider's call changes nothing
    client.force_login(personas.national)
    answer = client.get(f"/api/v1/registry/imports/{stalled.pk}").json()
    assert answer["status"] == "failed" and "importez le fichier à nouveau" in answer["message"].lower()
    assert ImportJob.objects.get(pk=alive.pk).status == "running"
    assert client.get(f"/registry/imports/{alive.pk}/").status_code == 200


@pytest.mark.usefixtures("in_english")
def test_a_file_over_the_upload_limit_is_refused_before_it_is_stored(client, personas, upload, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTAKE_LIMITS = {"registry": {"upload_bytes": 1024}}
    client.force_login(personas.national)
    client.cookies["jisr_language"] = "en"
    page = client.post("/registry/imports/", {"file": SimpleUploadedFile("r.csv", upload), "policy": "refuse"})
    assert page.status_code == 200 and "larger than" in str(page.context["form"].errors["file"])
    api = client.post("/api/v1/registry/imports", {"file": SimpleUploadedFile("r.csv", upload), "policy": "refuse"})
    assert api.status_code == 422 and "larger than" in api.content.decode()
    assert not ImportJob.objects.exists()
    assert not list((Path(settings.VAR_DIR) / "registry").glob("uploads/*")), "nothing was stored"
