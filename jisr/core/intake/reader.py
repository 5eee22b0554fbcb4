"""The one guarded reader every file intake goes through (see docs/imports.md).

`guarded_file(source, file_name=…, limits=…)` checks a file against its limits while streaming it, before
any parser builds a table and before any transaction is opened, and yields an `Intake`: the file's kind,
its encoding, a UTF-8 path to give a CSV parser, and its shape. `Intake.records()` then gives a CSV's
records one by one with their line numbers, each checked (fields, cell length, rows). A file that breaks
a limit raises `IntakeError`, whose message (in the user's language) names the line and the column.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from jisr.core.intake.errors import IntakeError
from jisr.core.intake.limits import IntakeLimits
from jisr.core.intake.text import TEMPORARY_PREFIX, scan_text, utf8_copy
from jisr.core.intake.workbook import check_workbook

# The reader enforces its own cell limit (and names the line); the csv module's own limit would only
# turn a long cell into a confusing parse error.
csv.field_size_limit(2**31 - 1)
ZIP_MAGIC = b"PK\x03\x04"
DELIMITERS = ",;\t"
SNIFF_BYTES = 64 * 1024


@dataclass
class Intake:
    """A file that passed the guards: what it is, and where to parse it from."""

    kind: str  # "csv" or "xlsx"
    encoding: str  # as found (utf-8, utf-8-sig, utf-16, cp1256) or "xlsx"
    path: Path  # the file to parse: for a CSV, UTF-8 text (the file itself or a copy)
    limits: IntakeLimits
    rows: int = 0  # data rows: exact for XLSX, an upper bound for CSV (physical lines)
    columns: int = 0
    delimiter: str = ""
    longest_line: int = 0

    @property
    def cells_need_checking(self) -> bool:
        """True when some CSV line is longer than a cell may be, so cells must be measured one by one."""
        return self.kind == "csv" and self.longest_line > self.limits.cell_chars

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """A CSV's records with the line each starts on (the header is line 1), every one checked."""
        if self.kind != "csv":
            raise TypeError("records() reads CSV files; parse an XLSX with its library")
        with self.path.open(encoding="utf-8", newline="") as handle:
            yield from _checked_records(handle, self.delimiter, self.limits)

    def check_structure(self) -> None:
        """Refuse a CSV (before any parser builds a table) if a record does not split into the header's
        columns, a quoted value runs over lines, or a cell is too long — naming the line.

        A value may not run over lines (no import format needs it, and a stray quotation mark looks
        exactly like one), so each physical line is one record."""
        if self.kind == "csv":
            _check_lines(self)

    def first_unreadable_record(self) -> str:
        """Why a CSV parser refused this file, naming the line (read again, on this error path only)."""
        try:
            for _record in self.records():
                pass
        except IntakeError as error:
            return error.message_text
        return _('The file cannot be read as CSV: save it again as "CSV UTF-8" and import it again.')


def _checked_records(handle: io.TextIOBase, delimiter: str, limits: IntakeLimits) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    start, width, rows = 1, 0, -1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise (_misplaced_quote(start) if reader.line_num == start else _runs_on(start, reader.line_num)) from None
        line, start = start, reader.line_num + 1
        if start - line > 1:
            raise _runs_on(line, start - 1)
        if rows < 0:
            width = len(cells)
        _check_record(line, cells, width, limits)
        if any(cells):
            rows += 1
        if rows > limits.rows:
            raise IntakeError(_("The file has more than %(max)s rows: split it.") % {"max": f"{limits.rows:,}"})
        yield line, cells


def _check_lines(intake: Intake) -> None:
    """Every physical line of a CSV file, vectorized by Polars (seconds for millions of lines): a line
    with an odd number of quotation marks opens a value it does not close; one with as many delimiters
    as the header has columns, or longer than a cell may be, is read again by the csv module (quoted
    delimiters are then no error). A line that is refused is named."""
    import polars as pl

    lines = pl.scan_csv(intake.path, has_header=False, separator="\x1f", quote_char=None, infer_schema=False,
                        new_columns=["text"], skip_rows=1).with_row_index("index")  # fmt: skip
    text = pl.col("text").fill_null("")
    odd_quotes = (text.str.count_matches('"', literal=True) % 2 == 1).alias("odd")
    inner = re.escape(intake.delimiter) + '"'
    suspects = [
        odd_quotes,
        text.str.contains(f'[^{inner}]"[^{inner}]'),  # a quote inside a value: the csv module will tell
        text.str.count_matches(intake.delimiter, literal=True) >= intake.columns,
    ]
    if intake.cells_need_checking:
        suspects.append(text.str.len_chars() > intake.limits.cell_chars)
    flagged = lines.with_columns(odd_quotes).filter(pl.any_horizontal(suspects)).select("index", "text", "odd")
    try:
        suspect_lines = flagged.collect()
    except pl.exceptions.PolarsError:  # a line holding the unit separator used to read whole lines
        for _record in intake.records():  # the csv module then reads every record, exactly
            pass
        return
    odd_lines = [index + 2 for index, odd in suspect_lines.select("index", "odd").iter_rows() if odd]
    for index, line_text, odd in suspect_lines.iter_rows():
        line = index + 2
        if odd:
            later = [number for number in odd_lines if number > line]
            raise _runs_on(line, later[0] if later else None)
        try:
            cells = next(csv.reader([line_text], delimiter=intake.delimiter, strict=True))
        except csv.Error:
            raise _misplaced_quote(line) from None
        _check_record(line, cells, intake.columns, intake.limits)


def _misplaced_quote(line: int) -> IntakeError:
    return IntakeError(_("Line %(line)d cannot be read: a quotation mark is misplaced. Correct it and import the file "
                         "again.") % {"line": line})  # fmt: skip


def _runs_on(line: int, end: int | None) -> IntakeError:
    if end is None:
        return IntakeError(_("Line %(line)d: a quoted value runs on to the end of the file, so a quotation mark is "
                             "probably misplaced. Nothing was imported. Correct it and import the file again.")
                           % {"line": line})  # fmt: skip
    return IntakeError(_("Line %(line)d: a quoted value runs on to line %(end)d, so a quotation mark is "
                         "probably misplaced. Nothing was imported. Correct it and import the file again.")
                       % {"line": line, "end": end})  # fmt: skip


def _check_record(line: int, cells: list[str], width: int, limits: IntakeLimits) -> None:
    """One record against the header's width (extra cells may be empty) and the limits."""
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        raise IntakeError(_("Line %(line)d has %(fields)d fields where the header has %(columns)d. Nothing was "
                            "imported. Correct it and import the file again.")
                          % {"line": line, "fields": len(cells), "columns": width})  # fmt: skip
    if len(cells) > limits.columns:
        raise IntakeError(_("Line %(line)d has more than %(max)d columns.") % {"line": line, "max": limits.columns})
    for index, cell in enumerate(cells):
        if len(cell) > limits.cell_chars:
            raise IntakeError(_("Line %(line)d, column %(column)d: a cell longer than %(max)s characters.")
                              % {"line": line, "column": index + 1, "max": f"{limits.cell_chars:,}"})  # fmt: skip


def _sniff(path: Path) -> tuple[str, int]:
    """The delimiter (from the first lines) and the header's number of fields."""
    with path.open(encoding="utf-8", newline="") as handle:
        sample = handle.read(SNIFF_BYTES)
    first = sample.splitlines()[0] if sample.strip() else ""
    if not first.strip():
        raise IntakeError(_("The file is empty."))
    try:
        delimiter = csv.Sniffer().sniff("\n".join(sample.splitlines()[:20]), delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {candidate: first.count(candidate) for candidate in DELIMITERS}
        delimiter = max(counts, key=lambda candidate: counts[candidate]) if any(counts.values()) else ","
    width = len(next(csv.reader([first], delimiter=delimiter)))
    return delimiter, width


def _check_size(size: int, limits: IntakeLimits) -> None:
    if size > limits.upload_bytes:
        raise IntakeError(_("The file is larger than %(max)s MB: split it.")
                          % {"max": f"{limits.upload_bytes / (1024 * 1024):,.0f}"})  # fmt: skip
    if size == 0:
        raise IntakeError(_("The file is empty."))


def check_upload_size(size: int | None, limits: IntakeLimits) -> None:
    """Refuse an upload by its size alone (before it is read or stored)."""
    _check_size(size or 0, limits)


@contextmanager
def guarded_file(source: Path | bytes, *, file_name: str, limits: IntakeLimits) -> Iterator[Intake]:
    """Check `source` (a stored file, or the bytes of an upload) against `limits`; yield it as an Intake.

    Temporary files (the bytes written out, a UTF-8 copy) are deleted when the block ends."""
    temporary: list[Path] = []
    try:
        if isinstance(source, bytes):
            _check_size(len(source), limits)
            handle, name = tempfile.mkstemp(suffix=Path(file_name).suffix.lower(), prefix=TEMPORARY_PREFIX)
            with open(handle, "wb") as target:
                target.write(source)
            path = Path(name)
            temporary.append(path)
        else:
            path = source
            _check_size(path.stat().st_size, limits)
        yield _inspect(path, file_name, limits, temporary)
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)


def _inspect(path: Path, file_name: str, limits: IntakeLimits, temporary: list[Path]) -> Intake:
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == ZIP_MAGIC or file_name.lower().endswith(".xlsx"):
        if magic != ZIP_MAGIC:
            raise IntakeError(_("The file is not a valid XLSX workbook."))
        rows, columns = check_workbook(path, limits)
        return Intake(kind="xlsx", encoding="xlsx", path=path, limits=limits, rows=rows, columns=columns)
    with path.open("rb") as handle:
        facts = scan_text(handle, limits)
    copy = utf8_copy(path, facts.encoding)
    if copy is not None:
        temporary.append(copy)
    text_path = copy or path
    delimiter, width = _sniff(text_path)
    if width > limits.columns:
        raise IntakeError(_("Line %(line)d has more than %(max)d columns.") % {"line": 1, "max": limits.columns})
    intake = Intake(kind="csv", encoding=facts.encoding, path=text_path, limits=limits,
                    rows=max(facts.lines - 1, 0), columns=width, delimiter=delimiter,
                    longest_line=facts.longest_line)  # fmt: skip
    intake.check_structure()
    return intake
