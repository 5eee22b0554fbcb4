"""Tables written for download: CSV that Excel opens in Arabic, and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook


def csv_bytes(rows: Iterable[list[Any]]) -> tuple[bytes, int]:
    """The rows (a header first) as UTF-8 CSV with a BOM, which makes Excel read the Arabic names
    correctly; and how many rows follow the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = -1
    for row in rows:
        writer.writerow(row)
        count += 1
    return buffer.getvalue().encode("utf-8-sig"), count


def xlsx_bytes(rows: Iterable[list[Any]], sheet_name: str) -> tuple[bytes, int]:
    """The rows (a header first) as one XLSX sheet; and how many rows follow the header. Decimals are
    written as numbers; text stays text (codes such as "04.421.01.0" must not become numbers)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    count = -1
    for row in rows:
        sheet.append([float(value) if hasattr(value, "as_tuple") else value for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
