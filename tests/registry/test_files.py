"""The files of a registry import: reports with no live formula, no temporary copy left behind even when
the import fails."""

from __future__ import annotations

import contextlib
import csv
import tempfile
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jisr.registry.importing.files import store_upload
from jisr.registry.importing.households import import_households
from jisr.registry.importing.reading import ImportFileError
from jisr.registry.models import ImportJob
from jisr.registry.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db
HOUSEHOLDS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "registry-households.csv"
HYPERLINK = '=HYPERLINK("http://x","y")'


def _households(tmp_path: Path, changes: dict[int, dict[str, str]]) -> Path:
    """The documented example's first rows, with some cells changed."""
    rows = pl.read_csv(HOUSEHOLDS, infer_schema=False).fill_null("").head(len(changes)).to_dicts()
    for index, change in changes.items():
        rows[index].update(change)
    path = tmp_path / "households.csv"
    pl.DataFrame(rows).write_csv(path)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _run(user, path: Path) -> ImportJob:  # type: ignore[no-untyped-def]
    upload = store_upload(SimpleUploadedFile(path.name, path.read_bytes()))  # kept as the upload page keeps it
    return import_job_run(import_job_create(acting_user=user, path=upload, file_name=path.name, policy="refuse").pk)


def test_the_reports_write_hostile_cells_as_inert_text(personas, var, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _households(tmp_path, {
        0: {"size": "+1+1", "source": "@SUM(1)"},
        1: {"water_spending": "-2", "source": HYPERLINK},
        2: {"rooms": "=cmd|' /C calc'!A0", "head_age": "-2+3"},
    })  # fmt: skip
    job = _run(personas.national, path)
    assert (job.status, job.invalid) == ("done", 3)
    errors = {(row["line"], row["column"]): row["value"] for row in _read(Path(job.errors_path))}
    assert errors[("2", "size")] == "'+1+1"
    assert errors[("3", "water_spending")] == "-2"  # a negative number is a number, not a formula
    assert errors[("4", "rooms")] == "'=cmd|' /C calc'!A0"
    assert errors[("4", "head_age")] == "'-2+3"
    invalid = _read(var / "registry" / f"import-{job.pk}-invalid-rows.csv")
    assert [row["source"] for row in invalid][:2] == ["'@SUM(1)", "'" + HYPERLINK]
    for row in [*invalid, *({"value": value} for value in errors.values())]:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row.values())


@pytest.fixture
def temporary(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """The folder where the import writes its temporary UTF-8 copies, empty at first."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize(
    "content",
    [
        "household_id;size\nRSU1;3\n".encode("cp1256"),  # read, then refused: missing columns
        b"\xff\xfe" + "household_id,size\n".encode("utf-16-le") + b"\x00\xd8",  # UTF-16 that cannot be decoded
        b"\xef\xbb\xbf" + HOUSEHOLDS.read_bytes(),  # UTF-8 with a BOM, copied, imported
    ],
)
def test_no_temporary_copy_is_left_behind(db, temporary, tmp_path, content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "households.csv"
    path.write_bytes(content)
    with contextlib.suppress(ImportFileError, UnicodeError):
        import_households(path, update=False)
    assert list(temporary.iterdir()) == []
