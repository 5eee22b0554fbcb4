"""Reading a registry file (households or members) into a lazy Polars frame of strings.

Everything about the file as a whole — size, expanded size, rows, columns, cell length, its one
encoding (UTF-8, UTF-16, Windows-1256), its delimiter, records that split into the header's columns —
is the guarded reader's (`jisr.core.intake`, shared with every intake), checked while streaming and
before any row is validated or written. This module turns what it accepted into a frame: a CSV
scanned by Polars, an XLSX read by calamine, the header names plain (`jisr.core.intake.plain_name`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from jisr.core.intake import IntakeError, IntakeLimits, guarded_file, limits_for, plain_name, repeated_names

MB = 1024 * 1024
# A registry file may hold millions of rows (a CSV is read by Polars, an XLSX by calamine); the guarded
# reader still bounds what it may expand to. A cell may be long here: the column's own length (from the
# model) then refuses its row, with an excerpt. settings.INTAKE_LIMITS["registry"] wins over these.
REGISTRY_LIMITS = {"upload_bytes": 2048 * MB, "expanded_bytes": 1024 * MB, "rows": 20_000_000, "columns": 100,
                   "cell_chars": 10_000_000}  # fmt: skip
DUPLICATED_NAME = re.compile(r"_duplicated_\d+$")  # how Polars renames a repeated header
MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$"  # a date cell, as calamine writes it


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, missing columns): nothing is imported."""


def registry_limits() -> IntakeLimits:
    """The limits of the registry imports (households and members), read at each call."""
    return limits_for("registry", **REGISTRY_LIMITS)


def _plain_headers(lazy: pl.LazyFrame) -> pl.LazyFrame:
    """Column names as the documentation writes them, whatever the case and the spaces around them
    (" Household_ID " is household_id); a name given twice is an error, not a guess."""
    names = lazy.collect_schema().names()
    plain = [plain_name(DUPLICATED_NAME.sub("", name)) or name for name in names]  # a blank name stays
    repeated = repeated_names(plain)
    if repeated:
        raise ImportFileError(
            _("These columns appear more than once in the header: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    return lazy.rename(dict(zip(names, plain, strict=True))) if plain != names else lazy


@contextmanager
def table_of(path: Path) -> Iterator[tuple[pl.LazyFrame, str]]:
    """The file as a lazy frame of strings, and its encoding, while the block runs.

    The guarded reader first checks the whole file while streaming it (size, expanded size, rows,
    columns, cell length, one encoding, records that split into the header's columns), before any
    row is validated or written: a file it refuses becomes an ImportFileError naming the line, and
    nothing is imported. Its temporary UTF-8 copy is deleted after the block."""
    try:
        with guarded_file(path, file_name=path.name, limits=registry_limits()) as intake:
            if intake.kind == "xlsx":
                lazy = _plain_headers(_read_xlsx(intake.path).lazy())
            else:
                lazy = _plain_headers(pl.scan_csv(intake.path, separator=intake.delimiter, infer_schema=False))
            try:
                yield lazy, intake.encoding
            except pl.exceptions.ComputeError as exc:
                raise ImportFileError(intake.first_unreadable_record()) from exc
    except IntakeError as error:
        raise ImportFileError(error.message_text) from error


def read_table(path: Path) -> tuple[pl.DataFrame, str]:
    """The whole table, as strings (for small files and tests)."""
    with table_of(path) as (lazy, encoding):
        return lazy.collect(), encoding


def _read_xlsx(path: Path) -> pl.DataFrame:
    """The first sheet as strings, read by calamine (Rust): a date cell is written yyyy-mm-dd, a number as
    Excel shows it. Empty rows stay, so that a row's number in the report is its number in the sheet."""
    import fastexcel

    try:
        sheet = fastexcel.read_excel(path).load_sheet(0, dtypes="string")
    except fastexcel.FastExcelError as exc:
        raise ImportFileError(_("The file is not an XLSX workbook that can be read.")) from exc
    frame = sheet.to_polars()
    return frame.with_columns(pl.col(pl.String).str.replace(MIDNIGHT, "$1"))
