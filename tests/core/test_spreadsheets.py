"""The one writer of CSV and XLSX downloads: no cell that a spreadsheet would run as a formula (OWASP
CSV injection), numbers still numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import polars as pl
import pytest
from openpyxl import load_workbook

from jisr.core.spreadsheets import (
    csv_bytes,
    csv_lines,
    neutralized,
    neutralized_frame,
    restored,
    write_frame_csv,
    xlsx_bytes,
)

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+1+1",
    "-2+3",
    "  =1+1",
    "\t=1+1",
    "\r=1+1",
    "\tplain",
    "＝1+1",
    "＋1+1",
    "－2+3",
    "＠SUM(1)",
]
HARMLESS = ["Centre social", "مركز اجتماعي", "04.421.01.0", "a=b", "-5", "-2.5", "+212", "3,5", "", "1e3"]


def _inert(cell: str) -> bool:
    return cell.startswith("'")


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_looking_text_is_quoted(value: str) -> None:
    assert neutralized(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_other_text_is_unchanged(value: str) -> None:
    assert neutralized(value) == value


@pytest.mark.parametrize("value", [-2, -2.5, Decimal("-2.50"), 0, None, True])
def test_numbers_and_other_values_are_unchanged(value: object) -> None:
    assert neutralized(value) is value


def test_csv_read_back_has_no_live_formula() -> None:
    content, count = csv_bytes([["value", "number"], *([value, -2] for value in HOSTILE)])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert count == len(HOSTILE)
    assert [row[0] for row in rows[1:]] == ["'" + value for value in HOSTILE]
    assert all(_inert(row[0]) for row in rows[1:])
    assert {row[1] for row in rows[1:]} == {"-2"}


def test_streamed_csv_lines_are_neutralized() -> None:
    rows = list(csv.reader(io.StringIO("".join(csv_lines([["@SUM(1)", -3]])))))
    assert rows == [["'@SUM(1)", "-3"]]


def test_xlsx_has_no_formula_cell_and_numbers_stay_numbers() -> None:
    content, _count = xlsx_bytes([["value", "number", "decimal"], *([v, -2, Decimal("-2.5")] for v in HOSTILE)], "t")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = list(sheet.iter_rows(min_row=2))
    assert [row[0].data_type for row in cells] == ["s"] * len(HOSTILE)
    # A CR survives when the writer escapes it (openpyxl with lxml) and reads as LF otherwise: both are harmless.
    assert [row[0].value.replace("\r", "\n") for row in cells] == ["'" + v.replace("\r", "\n") for v in HOSTILE]
    assert {(row[1].data_type, row[1].value) for row in cells} == {("n", -2)}
    assert {(row[2].data_type, row[2].value) for row in cells} == {("n", -2.5)}


def test_a_polars_frame_follows_the_same_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    values = HOSTILE + HARMLESS
    frame = pl.DataFrame({"value": values, "line": list(range(len(values)))})
    assert neutralized_frame(frame)["value"].to_list() == [neutralized(value) for value in values]
    write_frame_csv(frame, tmp_path / "report.csv")
    rows = list(csv.DictReader((tmp_path / "report.csv").open(encoding="utf-8", newline="")))
    assert [row["value"] for row in rows] == [neutralized(value) for value in values]
    assert [row["line"] for row in rows] == [str(number) for number in range(len(values))]


def test_xlsx_drops_control_characters_xml_cannot_hold_before_neutralizing() -> None:
    content, _count = xlsx_bytes([["value"], ["Centre\x01 social"], ["\x01=1+1"]], "t")
    cells = [row[0] for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in cells] == [("Centre social", "s"), ("'=1+1", "s")]


@pytest.mark.parametrize("value", [*HOSTILE, "+212 5 28 00 00 00", "plain", "-12.5", "'quoted by its author", "'"])
def test_restored_undoes_neutralized(value: str) -> None:
    assert restored(str(neutralized(value))) == value
