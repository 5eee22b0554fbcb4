"""Tables written for download: CSV that Excel opens in Arabic, and XLSX — with no live formula.

Every CSV or XLSX cell Jisr writes goes through `neutralized()` (or, for a Polars frame, the same rule as
an expression in `neutralized_frame()`): text that a spreadsheet would run as a formula (OWASP "CSV
injection": `=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `@SUM(…)`, `+1+1`, `-2+3`) is written with a leading
single quote, so that Excel and LibreOffice show it as text. Numbers stay numbers, and so does text that
is a plain number ("-12.5"): a spreadsheet reads it as a constant, never a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A formula starts with = + - @ (or their full-width forms, which some spreadsheets read as the same),
# possibly after spaces; a cell starting with a tab or a carriage return is also read as one by some.
FORMULA_START = r"^(?:\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r])"
PLAIN_NUMBER = r"^\s*[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?\s*$"
_FORMULA_START = re.compile(FORMULA_START)
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)
QUOTE = "'"


def neutralized(value: Any) -> Any:
    """The value to write in a spreadsheet cell: formula-looking text prefixed with a single quote;
    numbers, plain-number text and other text as they are."""
    if isinstance(value, str) and _FORMULA_START.match(value) and not _PLAIN_NUMBER.match(value):
        return QUOTE + value
    return value


def restored(value: str) -> str:
    """The text of a cell read back from a file Jisr wrote: `neutralized()` undone. An exported
    phone number such as "+212 5 28 00 00 00" is written "'+212 5 28 00 00 00"; a file exported,
    corrected and imported again must give back the number, not refuse the quote."""
    if value.startswith(QUOTE) and neutralized(value[1:]) == QUOTE + value[1:]:
        return value[1:]
    return value


def neutralized_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`neutralized()` on every text column of a Polars frame, as one vectorized expression."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START) & ~pl.col(name).str.contains(PLAIN_NUMBER))
        .then(pl.concat_str(pl.lit(QUOTE), pl.col(name)))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def write_frame_csv(frame: pl.DataFrame, path: Path) -> None:
    """A Polars frame (a report of a registry import) written to `path` as CSV, neutralized."""
    neutralized_frame(frame).write_csv(path)


class _Echo:
    """A write-only buffer: the csv writer hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row as one CSV line, neutralized: for responses streamed row by row."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([neutralized(value) for value in row])


def csv_bytes(rows: Iterable[Iterable[Any]]) -> tuple[bytes, int]:
    """The rows (a header first) as UTF-8 CSV with a BOM, which makes Excel read the Arabic names
    correctly; and how many rows follow the header."""
    buffer = io.StringIO()
    count = -1
    for line in csv_lines(rows):
        buffer.write(line)
        count += 1
    return buffer.getvalue().encode("utf-8-sig"), count


def _xlsx_value(value: Any) -> Any:
    """A decimal as a number; text without the control characters XML cannot hold (openpyxl refuses
    them, which made one stored name break the whole download), then neutralized."""
    if hasattr(value, "as_tuple"):
        return float(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralized(value)


def xlsx_bytes(rows: Iterable[Iterable[Any]], sheet_name: str) -> tuple[bytes, int]:
    """The rows (a header first) as one XLSX sheet; and how many rows follow the header. Decimals are
    written as numbers; text stays text (codes such as "04.421.01.0" must not become numbers), and
    openpyxl, which writes a text starting with "=" as a formula, only ever gets neutralized text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    count = -1
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
