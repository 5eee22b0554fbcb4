"""The guarded reader (jisr/core/intake): limits from settings, strict decoding, workbook guards, cell rules."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from jisr.core.intake import IntakeError, IntakeLimits, char_lengths, guarded_file, limits_for, looks_like_formula
from jisr.core.intake.text import detect_encoding
from jisr.registry.models import RegistryHousehold

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
ARABIC = "مسح ميداني"


def _refusal(source: bytes | Path, limits: IntakeLimits | None = None, name: str = "f.csv") -> str:
    with pytest.raises(IntakeError) as refused, guarded_file(source, file_name=name, limits=limits or IntakeLimits()):
        pass
    return refused.value.message_text


def test_settings_override_an_intakes_own_defaults(settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTAKE_LIMITS = {"default": {"columns": 7}, "centers": {"rows": 12}}
    limits = limits_for("centers", rows=10_000, cell_chars=500)
    assert (limits.rows, limits.columns, limits.cell_chars) == (12, 7, 500)
    assert limits_for("registry").rows == IntakeLimits().rows
    settings.INTAKE_LIMITS = {"centers": {"rowz": 1}}
    with pytest.raises(ValueError, match="rowz"):
        limits_for("centers")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [(f"a,b\n1,{ARABIC}\n".encode(), "utf-8"), (f"a,b\n1,{ARABIC}\n".encode("utf-8-sig"), "utf-8-sig"),
     (f"a\tb\n1\t{ARABIC}\n".encode("utf-16"), "utf-16"), (f"a,b\n1,{ARABIC}\n2,été\n".encode("cp1256"), "cp1256"),
     ("a,b\n2,Fès, été\n".encode("latin-1"), "cp1256")],
)  # fmt: skip
def test_one_encoding_per_file_is_accepted(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding


@pytest.mark.usefixtures("in_english")
def test_a_file_mixing_utf8_and_a_legacy_encoding_is_refused_naming_its_lines() -> None:
    lines = [b"a,b", f"1,{ARABIC}".encode(), f"2,{ARABIC}".encode("cp1256"), b"3,plain", "4,été".encode("latin-1")]
    message = _refusal(b"\n".join(lines) + b"\n")
    assert "UTF-8 on line(s) 2, another encoding on line(s) 3, 5" in message


@pytest.mark.usefixtures("in_english")
def test_utf16_without_its_bom_and_binary_files_are_refused() -> None:
    assert "Line 1 holds NUL bytes" in _refusal("a,b\n1,2\n".encode("utf-16-le"))
    assert "Line 2 holds NUL bytes" in _refusal(b"a,b\n\x00\x01\x02\n")


@pytest.mark.usefixtures("in_english")
def test_a_bom_that_lies_is_refused_naming_the_line() -> None:
    message = _refusal(b"\xef\xbb\xbfa,b\n1,2\n3," + ARABIC.encode("cp1256") + b"\n")
    assert "line 3 is not UTF-8" in message


@pytest.mark.usefixtures("in_english")
def test_csv_records_are_checked_one_by_one_with_their_lines() -> None:
    limits = IntakeLimits(rows=3, cell_chars=10, columns=4)
    assert "Line 3, column 2: a cell longer than 10 characters" in _refusal(b"a,b\n1,2\n3,xxxxxxxxxxx\n", limits)
    assert "more than 3 rows" in _refusal(b"a,b\n" + b"1,2\n" * 4, limits)
    assert "Line 1 has more than 4 columns" in _refusal(b"a,b,c,d,e\n1,2,3,4,5\n", limits)
    with guarded_file(b'a,b\n1,"x,y"\n2,\n', file_name="f.csv", limits=limits) as intake:
        assert list(intake.records()) == [(1, ["a", "b"]), (2, ["1", "x,y"]), (3, ["2", ""])]


@pytest.mark.usefixtures("in_english")
def test_polars_checks_every_line_at_once_and_quoted_delimiters_are_no_error() -> None:
    limits = IntakeLimits(cell_chars=10)
    with guarded_file(b'a,b\n"1,5",""\n"2",x\n', file_name="f.csv", limits=limits) as intake:
        assert [cells for _line, cells in intake.records()] == [["a", "b"], ["1,5", ""], ["2", "x"]]
    assert "Line 3: a quoted value runs on to line 5" in _refusal(b'a,b\n1,2\n"3,4\n5,6\n7",8\n9,9\n', limits)
    assert "Line 5 has 3 fields" in _refusal(b"a,b\n1,2\n\n\n5,6,7\n", limits), "blank lines keep the numbering"
    assert "Line 3 has 3 fields" in _refusal(b"a,b\n1,\x1f2\n3,4,5\n", limits), "the csv module reads it then"
    assert "Line 3 has 3 fields where the header has 2" in _refusal(b"a,b\n1,2\n3,4,5\n", limits)
    assert "Line 3, column 2: a cell longer than 10" in _refusal(b"a,b\n1,2\n3," + b"x" * 11 + b"\n", limits)


def _workbook(path: Path, rows: int, cell: str = "x") -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for number in range(rows):
        sheet.append([f"r{number}", cell])
    book.save(path)
    return path


@pytest.mark.usefixtures("in_english")
def test_a_workbooks_rows_columns_and_cells_are_measured_while_streaming(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with guarded_file(_workbook(tmp_path / "ok.xlsx", 5), file_name="ok.xlsx", limits=IntakeLimits()) as intake:
        assert (intake.kind, intake.rows, intake.columns) == ("xlsx", 4, 2)
    assert "more than 3 rows" in _refusal(_workbook(tmp_path / "r.xlsx", 5), IntakeLimits(rows=3), "r.xlsx")
    assert "Line 1 has more than 1 columns" in _refusal(tmp_path / "r.xlsx", IntakeLimits(columns=1), "r.xlsx")
    long_cell = _workbook(tmp_path / "c.xlsx", 2, cell="y" * 50)
    assert "Line 1, column B: a cell longer than 20" in _refusal(long_cell, IntakeLimits(cell_chars=20), "c.xlsx")


@pytest.mark.usefixtures("in_english")
def test_the_row_limit_stops_a_300000_row_sheet_early_even_when_its_ratio_is_allowed() -> None:
    started = time.perf_counter()
    limits = IntakeLimits(rows=10_000, ratio=100_000, expanded_bytes=1024**3)
    assert "more than 10,000 rows" in _refusal(HOSTILE / "rows-300000.xlsx", limits, "rows.xlsx")
    assert time.perf_counter() - started < 1


@pytest.mark.usefixtures("in_english")
def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_decompressed() -> None:
    started = time.perf_counter()
    assert "expands to more than 200 MB" in _refusal(HOSTILE / "zip-bomb-one-cell.xlsx", name="b.xlsx")
    assert time.perf_counter() - started < 1


@pytest.mark.usefixtures("in_english")
def test_an_expansion_the_directory_hides_is_stopped_while_decompressing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _workbook(tmp_path / "w.xlsx", 2)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/blob.bin", b"\0" * (3 * 1024 * 1024))  # ratio ~1000, declared honestly
    assert "expands to more than" in _refusal(path, IntakeLimits(ratio=100), "w.xlsx")
    # The directory's check off (a ratio it would allow), the stream's own count still stops it.
    assert "expands to more than 1 MB" in _refusal(
        path, IntakeLimits(ratio=10**6, expanded_bytes=1024 * 1024), "w.xlsx"
    )


@pytest.mark.usefixtures("in_english")
def test_xml_entities_are_refused_before_any_library_parses_them() -> None:
    assert "declares a DTD or entities" in _refusal(HOSTILE / "xml-external-entity.xlsx", name="x.xlsx")


@pytest.mark.parametrize(
    ("value", "formula"),
    [("=1+1", True), ("+1+1", True), ("-1+1", True), ("@SUM(1)", True), ("  =HYPERLINK(1)", True),
     ("\t1", True), ("\rx", True), ("=cmd|' /C calc'!A0", True), ("RSU-1", False), ("", False), ("a=b", False)],
)  # fmt: skip
def test_formula_looking_cells(value: str, formula: bool) -> None:
    assert looks_like_formula(value) is formula


def test_lengths_come_from_the_model() -> None:
    lengths = char_lengths(RegistryHousehold, ["household_id", "source", "commune_id", "size", "nope"])
    assert lengths == {"household_id": 30, "source": 40, "commune_id": lengths["commune_id"]}
