"""Every hostile file of tests/data/hostile/ (rebuilt by tools/make_hostile_files.py) fed to every file
intake through its page: a clear error naming what is wrong (never a 500 or an exception), bounded
memory and time, and not one row written to the tables the intake fills."""

from __future__ import annotations

import re
import resource
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastexcel  # noqa: F401 — imported before measuring: loading a library is not reading a file
import openpyxl  # noqa: F401
import polars  # noqa: F401
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from jisr.centers.models import Center, CenterService
from jisr.people.models import Person
from jisr.registry.models import ImportJob, RegistryHousehold, RegistryMember

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
MB = 1024 * 1024
PEAK_BYTES = 200 * MB  # Python allocations (tracemalloc) and the process's resident size, each
SECONDS = 15  # loose: the point is "not minutes", on a shared 2-core machine
INTAKES = ("centers", "households", "members")
TABLES: tuple[type[models.Model], ...] = (Center, CenterService, RegistryHousehold, RegistryMember, Person)

ZIP_BOMB = r"expands to more than [\d,]+ MB once decompressed"
NOT_A_WORKBOOK = r"not a valid XLSX workbook"
NUL = r"Line %d holds NUL bytes: this is a binary file, or UTF-16 text without its byte-order mark"
# What each file must be answered with, by every intake unless the intake is named.
EXPECTED: dict[str, dict[str, str]] = {
    "binary-with-nul.csv": {"*": NUL % 3},
    "columns-300.csv": {"*": r"Line 1 has more than \d+ columns"},
    "field-200000-chars.csv": {"centers": r"Line 2, column 3: a cell longer than 32,767 characters",
                               "*": r"line 2, source: At most 40 characters"},  # a row error, the cell cut short
    "formula-cells.csv": {"centers": r"line 2, code: This looks like a spreadsheet formula",
                          "*": r"line 2, household_id: This looks like a spreadsheet formula"},
    "mixed-utf8-cp1256-latin1.csv": {"*": r"mixes text encodings.*UTF-8 on line\(s\) 2, another encoding on "
                                          r"line\(s\) 3, 4"},
    "rows-300000.xlsx": {"*": ZIP_BOMB},
    "stray-quote-line-52.csv": {"*": r"Line 52: a quoted value runs on to line 102"},
    "too-many-fields-line-30.csv": {"*": r"Line 30 has 59 fields where the header has 57\. Nothing was imported"},
    "truncated.xlsx": {"*": NOT_A_WORKBOOK},
    "utf16-without-bom.csv": {"*": NUL % 1},
    "xml-external-entity.xlsx": {"*": r"declares a DTD or entities"},
    "zip-bomb-lying-directory.xlsx": {"*": f"{ZIP_BOMB}|{NOT_A_WORKBOOK}"},
    "zip-bomb-one-cell.xlsx": {"*": ZIP_BOMB},
}  # fmt: skip


@dataclass
class Answer:
    messages: list[str]
    values: list[str]  # the cells the errors echo


def _centers(client: Any, path: Path, language: str = "en") -> Answer:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post("/centers/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        return Answer(messages=[str(message) for message in response.context["form"].errors["file"]], values=[])
    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)
    assert preview.status_code == 200
    errors = preview.context["plan"].errors
    applied = client.post(response["Location"], HTTP_ACCEPT_LANGUAGE=language)  # confirming is refused too
    assert applied.status_code == 200
    return Answer(messages=[f"line {e.row}, {e.column}: {e.message}" for e in errors], values=[e.value for e in errors])


def _registry(kind: str, client: Any, path: Path, capture: Any, language: str = "en") -> Answer:
    with capture(execute=True):  # the worker's task, run eagerly
        response = client.post("/registry/imports/", {"file": SimpleUploadedFile(path.name, path.read_bytes()),
                               "policy": "refuse", "kind": kind}, HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    assert job.status in (ImportJob.Status.FAILED, ImportJob.Status.DONE) and job.created == 0
    messages = [job.message] if job.message else []
    messages += [f"line {error['line']}, {error['column']}: {error['message']}" for error in job.errors]
    return Answer(messages=messages, values=[str(error["value"]) for error in job.errors])


@pytest.mark.parametrize("intake", INTAKES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_file_is_refused_clearly_in_bounded_memory_and_writes_nothing(
    name, intake, personas, client, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    client.force_login(personas.national)
    for page in ("/centers/import/", "/registry/imports/"):  # warm: the first request loads templates
        assert client.get(page).status_code == 200
    before = {table: table.objects.count() for table in TABLES}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    started = time.perf_counter()
    tracemalloc.start()
    try:
        if intake == "centers":
            answer = _centers(client, CORPUS / name)
        else:
            answer = _registry(intake, client, CORPUS / name, django_capture_on_commit_callbacks)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    expected = EXPECTED[name].get(intake, EXPECTED[name].get("*"))
    assert any(re.search(expected, message) for message in answer.messages), answer.messages[:5]
    assert all(len(value) <= 61 for value in answer.values), "errors echo an excerpt, never a whole cell"
    assert peak < PEAK_BYTES, f"{peak / MB:.0f} MB allocated"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before < PEAK_BYTES
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    assert {table: table.objects.count() for table in TABLES} == before


def test_the_corpus_is_complete_and_small() -> None:
    files = sorted(path.name for path in CORPUS.iterdir())
    assert files == sorted(EXPECTED), "every file of the corpus has its expected answer, and only those"
    assert all((CORPUS / name).stat().st_size < MB for name in files)


@pytest.mark.parametrize("intake", INTAKES)
def test_the_refusal_is_in_the_users_language(intake, personas, client, settings, tmp_path,
                                             django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """A refusal goes through gettext in the language of the request (the job keeps it for the worker)."""
    settings.VAR_DIR = tmp_path
    client.force_login(personas.national)
    path = CORPUS / "truncated.xlsx"
    if intake == "centers":
        answer = _centers(client, path, language="ar")
    else:
        answer = _registry(intake, client, path, django_capture_on_commit_callbacks, language="ar")
    assert answer.messages and all(re.search("[\u0600-\u06ff]", message) for message in answer.messages)
