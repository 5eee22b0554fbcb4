"""Reading an uploaded centers file into a header and rows of text, whatever its encoding or dialect.

CSV files come from Excel in Arabic Windows (Windows-1256), from LibreOffice (UTF-8) or from
Excel's "CSV UTF-8" (UTF-8 with a BOM), separated by `;` (French and Arabic locales) or `,`.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from jisr.core.spreadsheets import restored

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Table:
    """The file as text: normalized header names and (line number, {column: value}) rows."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def decode_csv_bytes(content: bytes) -> tuple[str, str]:
    """The text and the encoding name: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1256."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16"), "utf-16"
    if content.startswith(codecs.BOM_UTF8):
        return content.decode("utf-8-sig"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1256 (Arabic Windows) maps almost every byte, so it is the last resort:
        # a file in another legacy encoding will show wrong letters in the preview, not crash.
        return content.decode("cp1256", errors="replace"), "cp1256"


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        return ";" if first_line.count(";") > first_line.count(",") else ","


def _normalize_header(names: list[str]) -> list[str]:
    return [name.strip().lstrip("\ufeff").strip().lower() for name in names]


def _build_table(header_cells: list[str], data: list[tuple[int, list[str]]]) -> Table:
    header = _normalize_header(header_cells)
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
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
        if len(table.rows) > MAX_ROWS:
            raise ValidationError(_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS})
    return table


def read_csv(content: bytes) -> Table:
    """Parse CSV bytes, detecting the encoding and the delimiter."""
    text, encoding = decode_csv_bytes(content)
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise ValidationError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    table = _build_table(lines[0], [(number, cells) for number, cells in enumerate(lines[1:], start=2)])
    table.encoding, table.delimiter = encoding, delimiter
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


def read_xlsx(content: bytes) -> Table:
    """Parse the first sheet of an XLSX workbook (values, not formulas)."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationError(_("The file is not a valid XLSX workbook.")) from exc
    try:
        rows = [[_cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("The file is empty."))
    table = _build_table(rows[0], [(number, cells) for number, cells in enumerate(rows[1:], start=2)])
    table.encoding = "xlsx"
    return table


def read_table(file_name: str, content: bytes) -> Table:
    """Read an uploaded file as CSV or XLSX (by its content, then its name)."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 5 MB: split it."))
    if content.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return read_xlsx(content)
    return read_csv(content)
