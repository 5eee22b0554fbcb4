"""`services.import_start`, the one way a page or an API call queues an import: the permission first (404),
then the upload's checks before anything is stored, then the job recorded and queued."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from jisr.registry.importing.files import uploads_dir
from jisr.registry.models import ImportJob
from jisr.registry.services import import_start

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "registry-households.csv"
NEVER = ("region_rsk", "analyst", "manager_a", "worker_a", "partner", "citizen", "outsider")


def _upload(name: str = "h.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXAMPLE.read_bytes())


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


def test_who_may_not_import_gets_404_and_nothing_is_stored(personas) -> None:  # type: ignore[no-untyped-def]
    for name in NEVER:
        with pytest.raises(Http404):
            import_start(acting_user=getattr(personas, name), upload=_upload(), policy="refuse", kind="households")
    assert not ImportJob.objects.exists() and not list(uploads_dir().glob("*"))


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(
    ("upload", "policy", "kind", "field", "message"),
    [("h.pdf", "refuse", "households", "file", "Choose a CSV or XLSX file."),
     ("h.csv", "merge", "households", "policy", "update, refuse"),
     ("h.csv", "refuse", "persons", "kind", "households, members")],
)  # fmt: skip
def test_a_wrong_upload_names_its_field_and_stores_nothing(personas, upload, policy, kind, field, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        import_start(acting_user=personas.national, upload=_upload(upload), policy=policy, kind=kind)
    assert refused.value.message_dict == {field: [message]}
    assert not ImportJob.objects.exists() and not list(uploads_dir().glob("*"))


def test_an_accepted_upload_is_stored_recorded_and_queued(personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks() as queued:
        job = import_start(acting_user=personas.national, upload=_upload(), policy="update", kind="households")
    assert (job.status, job.policy, job.kind, job.file_name) == ("queued", "update", "households", "h.csv")
    assert Path(job.path).parent == uploads_dir() and Path(job.path).read_bytes() == EXAMPLE.read_bytes()
    assert len(queued) == 1, "handed to a worker once the job is committed"
