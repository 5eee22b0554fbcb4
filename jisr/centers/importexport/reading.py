"""Reading an uploaded centers file into a header and rows of text, through the guarded reader.

CSV files come from Excel in Arabic Windows (Windows-1256), from LibreOffice (UTF-8) or from
Excel's "CSV UTF-8" (UTF-8 with a BOM), separated by `;` (French and Arabic locales) or `,`.
Every check on the file as a whole — size, expanded size, rows, columns, cell length, one encoding,
records that split into the header's columns — is `jisr.core.intake`'s, made while streaming and
before any row is validated or any transaction opened.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from jisr.core.intake import Intake, IntakeError, IntakeLimits, guarded_file, limits_for, plain_name, repeated_names
from jisr.core.spreadsheets import restored

MB = 1024 * 1024
# The centers import is small (a directory, not a registry): its own defaults; settings.INTAKE_LIMITS wins.
CENTER_LIMITS = {"upload_bytes": 5 * MB, "expanded_bytes": 50 * MB, "rows": 10_000, "columns": 60}


def center_limits() -> IntakeLimits:
    """The limits of the centers import (read at each call, so that settings changes apply)."""
    return limits_for("centers", **CENTER_LIMITS)


@dataclass
class Table:
    """The file as text: normalized header names and (line number, {column: value}) rows."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def _build_table(header_cells: list[str], data: list[tuple[int, list[str]]]) -> Table:
    header = [plain_name(name) for name in header_cells]
    duplicated = repeated_names(header)
    if duplicated:
        raise ValidationError(_("The header repeats a column: %(columns)s.") % {"columns": ", ".join(duplicated)})
    table = Table(header=header)
    for line_number, cells in data:
        # A cell that Jisr's export wrote with a leading quote (formula-looking text) reads as it was.
        values = {
            name: (restored(cells[index].strip()) if index < len(cells) else "") for index, name in enumerate(header)
        }
        if not any(values.values()):
            continue  # Spreadsheets often end with blank lines.
        table.rows.append((line_number, values))
    return table


def _read_csv(intake: Intake) -> Table:
    records = list(intake.records())
    if not records or not any(cell.strip() for cell in records[0][1]):
        raise ValidationError(_("The file is empty."))
    table = _build_table(records[0][1], records[1:])
    table.encoding, table.delimiter = intake.encoding, intake.delimiter
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _read_xlsx(intake: Intake) -> Table:
    """The first sheet of a workbook the guard already measured (values, not formulas)."""
    try:
        workbook = load_workbook(intake.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise IntakeError(_("The file is not a valid XLSX workbook.")) from exc
    try:
        rows = [[_cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("The file is empty."))
    table = _build_table(rows[0], [(number, cells) for number, cells in enumerate(rows[1:], start=2)])
    table.encoding = "xlsx"
    return table


def read_table(file_name: str, content: bytes, limits: IntakeLimits | None = None) -> Table:
    """Read an uploaded file as CSV or XLSX (by its content, then its name), within `limits` (the centers')."""
    with guarded_file(content, file_name=file_name, limits=limits or center_limits()) as intake:
        return _read_xlsx(intake) if intake.kind == "xlsx" else _read_csv(intake)
