"""Registry import: encodings, Arabic-Indic digits, both date formats, every error reported by line and
column in the user's language, valid rows imported, idempotent re-import, the existing-household policy."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command
from django.utils import translation

from jisr.core.intake.text import detect_encoding
from jisr.registry.importing.households import import_households
from jisr.registry.importing.reading import ImportFileError, read_table
from jisr.registry.models import ImportJob, RegistryHousehold
from jisr.registry.synthetic import generate, write

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "registry-households.csv"


@pytest.fixture
def territories(db):  # type: ignore[no-untyped-def]
    call_command("load_territories", verbosity=0)


def _file(tmp_path: Path, rows: list[dict[str, str]], encoding: str = "utf-8", name: str = "h.csv") -> Path:
    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    base = frame.row(0, named=True)
    text = pl.DataFrame([{**base, **row} for row in rows]).write_csv()
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_documented_example_imports_whole(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcome, errors, invalid = import_households(EXAMPLE, update=False)
    assert (outcome.rows, outcome.created, outcome.invalid, errors.height, invalid.height) == (12, 12, 0, 0, 0)
    assert RegistryHousehold.objects.count() == 12
    again, _errors, _invalid = import_households(EXAMPLE, update=False)
    assert (again.created, again.refused) == (0, 12)  # refused by the default policy, nothing changed
    updated, _errors, _invalid = import_households(EXAMPLE, update=True)
    assert (updated.created, updated.updated, updated.unchanged) == (0, 0, 12)  # idempotent


@pytest.mark.parametrize(
    ("encoding", "numbers"),
    [("utf-8", ("٥", "٣", "٤٥٫٥٠")), ("utf-8-sig", ("5", "3", "45,50")), ("cp1256", ("5", "3", "45.5"))],
)  # Windows-1256 has no Arabic-Indic digits: such files carry Western ones
def test_encodings_and_arabic_digits(territories, tmp_path, encoding, numbers) -> None:  # type: ignore[no-untyped-def]
    size, rooms, spending = numbers
    path = _file(tmp_path, [{"household_id": "AR-1", "size": size, "rooms": rooms, "source": "مسح ميداني",
                             "declared_on": "05/03/2024", "water_spending": spending}], encoding)  # fmt: skip
    assert detect_encoding(path.read_bytes()) == encoding
    outcome, errors, _invalid = import_households(path, update=False)
    assert errors.height == 0, errors.to_dicts()
    household = RegistryHousehold.objects.get(household_id="AR-1")
    assert (household.size, household.rooms, household.source, str(household.declared_on)) == (
        5,
        3,
        "مسح ميداني",
        "2024-03-05",
    )
    assert float(household.water_spending) == 45.5


def test_every_error_has_its_line_column_value_and_message(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [
        {"household_id": "OK-1"},
        {"household_id": "BAD-1", "commune_code": "99.999", "rooms": "trois", "declared_on": "31/02/2024"},
        {"household_id": "", "head_sex": "X"},
        {"household_id": "OK-1"},
    ])  # fmt: skip
    with translation.override("fr"):
        outcome, errors, invalid = import_households(path, update=False)
    found = {(row["line"], row["column"]) for row in errors.to_dicts()}
    assert found == {(3, "commune_code"), (3, "rooms"), (3, "declared_on"), (4, "household_id"), (4, "head_sex"),
                     (5, "household_id")}  # fmt: skip
    assert "commune" in errors.filter(pl.col("column") == "commune_code")["message"][0].lower()
    assert outcome.created == 1 and outcome.invalid == 3 and invalid.height == 3
    assert list(RegistryHousehold.objects.values_list("household_id", flat=True)) == ["OK-1"]


def test_a_file_without_the_required_columns_imports_nothing(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "wrong.csv"
    path.write_text("id;name\n1;x\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="commune_code"):
        import_households(path, update=False)
    assert not RegistryHousehold.objects.exists()


def test_excels_unicode_text_export_utf16_with_tabs(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = pl.read_csv(EXAMPLE, infer_schema=False).write_csv(separator="\t", line_terminator="\r\n")
    path = tmp_path / "households.txt"
    path.write_text(text, encoding="utf-16")
    assert detect_encoding(path.read_bytes()) == "utf-16"
    outcome, errors, _invalid = import_households(path, update=False)
    assert (outcome.encoding, outcome.created, errors.height) == ("utf-16", 12, 0)


def test_headers_in_any_case_and_order_with_spaces_and_extra_columns(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    frame = frame.select(reversed(frame.columns)).with_columns(pl.lit("x").alias("note"))
    path = tmp_path / "h.csv"
    path.write_text(frame.rename({name: f" {name.upper()} " for name in frame.columns}).write_csv(), encoding="utf-8")
    outcome, errors, _invalid = import_households(path, update=False)
    assert (outcome.created, errors.height) == (12, 0)


def test_columns_without_a_name_are_ignored(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "h.csv"
    path.write_text(
        "\n".join([lines[0] + ",,", *(line + ",," for line in lines[1:])]), encoding="utf-8"
    )  # Excel's trail
    outcome, errors, _invalid = import_households(path, update=False)
    assert (outcome.created, errors.height) == (12, 0)


def test_a_column_named_twice_is_an_error_not_a_guess(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "h.csv"
    path.write_text("\n".join([text[0] + ",Size", *(line + ",9" for line in text[1:])]), encoding="utf-8")
    with translation.override("en"), pytest.raises(ImportFileError, match="more than once in the header: size"):
        import_households(path, update=False)
    assert not RegistryHousehold.objects.exists()


def test_an_xlsx_with_date_and_number_cells_and_an_empty_row(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Excel keeps dates and numbers as typed cells; the report still names the sheet's row."""
    import datetime

    from openpyxl import Workbook

    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(frame.columns)
    for number, row in enumerate(frame.head(3).iter_rows(named=True)):
        cells = {**row, "household_id": f"XL-{number}", "size": int(row["size"]), "water_spending": 45.5,
                 "declared_on": datetime.date(2024, 3, 5)}  # fmt: skip
        if number == 2:
            sheet.append([])  # an empty row 4: row 5 keeps its number
            cells["rooms"] = "trois"
        sheet.append([cells[name] for name in frame.columns])
    workbook.save(tmp_path / "h.xlsx")
    outcome, errors, _invalid = import_households(tmp_path / "h.xlsx", update=False)
    assert (outcome.rows, outcome.created) == (3, 2)
    assert [(row["line"], row["column"]) for row in errors.to_dicts()] == [(5, "rooms")]
    household = RegistryHousehold.objects.get(household_id="XL-0")
    assert (str(household.declared_on), float(household.water_spending)) == ("2024-03-05", 45.5)


def test_a_file_that_is_not_a_workbook(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with translation.override("en"), pytest.raises(ImportFileError, match="not a valid XLSX workbook"):
        import_households(path, update=False)


def test_generated_files_in_csv_and_xlsx_through_the_command(territories, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    frame = generate(households=300, seed=5, duplicates=0.05, errors=0.05)
    assert frame.height == 315
    write(frame, tmp_path / "reg.xlsx")
    table, encoding = read_table(tmp_path / "reg.xlsx")
    assert (table.height, encoding) == (315, "xlsx")
    call_command("registry", "generate", "--households", "500", "--seed", "9", "--out", str(tmp_path / "r.csv"))
    call_command("registry", "import", str(tmp_path / "r.csv"))
    job = ImportJob.objects.get()
    assert job.status == "done" and job.created == RegistryHousehold.objects.count() > 450
    assert job.invalid >= 10 and Path(job.errors_path).read_text().startswith("line,column,value,message")
    call_command("registry", "import", str(tmp_path / "r.csv"), "--policy", "update")
    assert ImportJob.objects.latest("pk").unchanged == job.created


def test_a_cancelled_job_stops_between_chunks(territories, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jisr.registry.importing import writing

    monkeypatch.setattr(writing, "CHUNK", 100)
    path = tmp_path / "r.csv"
    write(generate(households=450, seed=2, duplicates=0, errors=0), path)
    outcome, _errors, _invalid = import_households(path, update=False, progress=lambda done, total: done < 200)
    assert outcome.cancelled and RegistryHousehold.objects.count() == 200


def test_blank_lines_are_skipped_and_keep_the_line_numbers(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = EXAMPLE.read_text("utf-8").splitlines()
    broken = lines[4].replace(",urban,", ",town,").replace(",rural,", ",town,")
    path = tmp_path / "blank.csv"
    path.write_text("\n".join([*lines[:3], "", broken, *lines[5:7], ""]) + "\n", "utf-8")
    outcome, errors, invalid = import_households(path, update=False)
    assert (outcome.rows, outcome.created, outcome.invalid) == (5, 4, 1)
    assert errors.select("line", "column").rows() == [(5, "area")], "the blank line 4 counts in the numbering"
    assert invalid.height == 1


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(
    ("damage", "message"),
    [(lambda line: line + ",extra", "Line 4 has 28 fields where the header has 27"),
     (lambda line: '"RSU"Q' + line[line.index(","):], "Line 4 cannot be read: a quotation mark is misplaced")],
)  # fmt: skip
def test_a_line_that_cannot_be_split_into_columns_is_named(territories, tmp_path, damage, message) -> None:  # type: ignore[no-untyped-def]
    lines = EXAMPLE.read_text("utf-8").splitlines()
    path = tmp_path / "damaged.csv"
    path.write_text("\n".join([*lines[:3], damage(lines[3]), *lines[4:]]) + "\n", "utf-8")
    with pytest.raises(ImportFileError, match=message):
        import_households(path, update=False)


def test_on_postgresql_a_writer_thread_writes_while_the_next_batch_is_read(territories, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from jisr.registry.importing import households, writing

    if connection.vendor != "postgresql":
        pytest.skip("the writer thread is used on PostgreSQL (SQLite has one writer per file)")
    monkeypatch.setattr(households, "BATCH", 5)
    monkeypatch.setattr(writing, "CHUNK", 2)
    writers: list[str] = []

    def progress(done: int, total: int) -> bool:
        writers.append(threading.current_thread().name)
        return True

    try:
        outcome, errors, _invalid = import_households(EXAMPLE, update=False, progress=progress, parallel=True)
        assert (outcome.created, outcome.invalid, errors.height) == (12, 0, 0)
        assert len(writers) == 7 and all(name.startswith("registry-writer") for name in writers), writers
        assert RegistryHousehold.objects.count() == 12, "committed by the writer's own connection"
        _run_in_thread(lambda: RegistryHousehold.objects.all().delete())
        stopped, _errors, _invalid = import_households(EXAMPLE, update=False, progress=lambda done, total: False,
                                                       parallel=True)  # fmt: skip
        assert stopped.cancelled and stopped.created == 2 and RegistryHousehold.objects.count() == 2, "whole chunks"
    finally:
        _run_in_thread(lambda: RegistryHousehold.objects.all().delete())


def _run_in_thread(action: Any) -> None:
    """Run a write on another connection (outside the test's transaction), as the writer thread does."""
    from django.db import connection

    def target() -> None:
        try:
            action()
        finally:
            connection.close()

    worker = threading.Thread(target=target)
    worker.start()
    worker.join()


@pytest.mark.usefixtures("in_english")
def test_a_value_longer_than_its_column_is_a_row_error_with_an_excerpt_never_stored(territories, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [{"household_id": "LONG-1", "source": "x" * 5_000_000}, {"household_id": "OK-1"}])
    outcome, errors, _invalid = import_households(path, update=False)
    assert errors.select("line", "column", "message").rows() == [(2, "source", "At most 40 characters.")]
    assert errors["value"][0] == "x" * 60 + "…", "the report echoes an excerpt, not 5 MB"
    assert (outcome.created, outcome.invalid) == (1, 1)
    assert list(RegistryHousehold.objects.values_list("household_id", flat=True)) == ["OK-1"]


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("formula", ["=1+1", "+1+1", "@SUM(1)", "=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")'])
def test_a_formula_is_refused_where_an_identifier_is_expected(territories, tmp_path, formula) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [{"household_id": formula}, {"household_id": "OK-1", "commune_code": "=1+1"}])
    _outcome, errors, _invalid = import_households(path, update=False)
    refused = {(row["line"], row["column"]) for row in errors.to_dicts() if "formula" in row["message"]}
    assert refused == {(2, "household_id"), (3, "commune_code")}
    assert not RegistryHousehold.objects.exists()


@pytest.mark.usefixtures("in_english")
def test_a_bad_line_after_the_first_batch_stops_the_import_before_any_row_is_written(
    territories, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from jisr.registry.importing import households

    monkeypatch.setattr(households, "BATCH", 5)  # the bad line is in the third batch
    lines = EXAMPLE.read_text("utf-8").splitlines()
    path = tmp_path / "late.csv"
    path.write_text("\n".join([*lines[:12], lines[12] + ",extra"]) + "\n", "utf-8")
    with pytest.raises(ImportFileError, match="Line 13 has 28 fields where the header has 27. Nothing was imported"):
        import_households(path, update=False)
    assert not RegistryHousehold.objects.exists()
