"""Bulk import of registry households from CSV or XLSX (format: docs/registry-import.md).

The file is read whole into a Polars frame of strings, normalized (Arabic-Indic digits, the Arabic
decimal separator, `dd/mm/yyyy` dates) and validated column by column with vectorized rules: each
failing cell gives one error (row, column, value, message in the user's language). Valid rows are
upserted on the registry household id in chunks, each in its own transaction (a household is one
row, so no household is ever half-written); between chunks the job records its progress and stops
if it was cancelled. Invalid rows are written back, with their errors, to a file for correction.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core.intake import (
    EXCERPT_CHARS,
    FORMULA_MESSAGE,
    FORMULA_PATTERN,
    IntakeError,
    IntakeLimits,
    char_lengths,
    guarded_file,
    limits_for,
)
from jisr.core.intake.text import detect_encoding as detect_encoding  # the tests' and tools' name
from jisr.registry.models import RegistryHousehold
from jisr.registry.synthetic import COLUMNS

CHUNK = 20_000
BATCH = 200_000  # rows read and validated at a time
MB = 1024 * 1024
# A registry file may hold millions of rows (a CSV is read by Polars, an XLSX by calamine); the guarded
# reader still bounds what it may expand to. A cell may be long here: the column's own length (from the
# model) then refuses its row, with an excerpt. settings.INTAKE_LIMITS["registry"] wins over these.
REGISTRY_LIMITS = {"upload_bytes": 2048 * MB, "expanded_bytes": 1024 * MB, "rows": 20_000_000, "columns": 100,
                   "cell_chars": 10_000_000}  # fmt: skip
DUPLICATED_NAME = re.compile(r"_duplicated_\d+$")  # how Polars renames a repeated header
MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$"  # a date cell, as calamine writes it
OPTIONAL = {"verified_on"}
BOOLEANS = ["head_employed", "electricity", "has_fridge", "has_tv", "has_car", "has_computer"]
INTEGERS = {"size": (1, 30), "head_age": (12, 120), "head_schooling_years": (0, 25), "children_under_15": (0, 30),
            "elderly_over_60": (0, 30), "members_with_disability": (0, 30), "rooms": (1, 50)}  # fmt: skip
AMOUNTS = ["water_spending", "electricity_spending", "phone_spending"]
CHOICES = {
    "area": RegistryHousehold.Area.values, "head_sex": ["M", "F"], "housing": RegistryHousehold.Housing.values,
    "occupancy": RegistryHousehold.Occupancy.values, "water": RegistryHousehold.Water.values,
    "sanitation": RegistryHousehold.Sanitation.values,
}  # fmt: skip
TRUE, FALSE = ["1", "yes", "oui", "نعم", "true"], ["0", "no", "non", "لا", "false"]
EASTERN_DIGITS = list("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫")
WESTERN_DIGITS = list("01234567890123456789.")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, missing columns): nothing is imported."""


@dataclass
class Outcome:
    encoding: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    invalid: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False


def registry_limits() -> IntakeLimits:
    """The limits of the registry imports (households and members), read at each call."""
    return limits_for("registry", **REGISTRY_LIMITS)


def _plain_headers(lazy: pl.LazyFrame) -> pl.LazyFrame:
    """Column names as the documentation writes them, whatever the case and the spaces around them
    (" Household_ID " is household_id); a name given twice is an error, not a guess."""
    names = lazy.collect_schema().names()
    plain = [DUPLICATED_NAME.sub("", name).strip().lower() or name for name in names]  # a blank name stays
    repeated = sorted({name for name in plain if name and plain.count(name) > 1})
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


def _check_columns(columns: list[str]) -> None:
    missing = [name for name in COLUMNS if name not in columns and name not in OPTIONAL]
    if missing:
        raise ImportFileError(_("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)})


def cell(name: str) -> pl.Expr:
    """A cell as the rules see it: never null, trimmed, in Western digits."""
    return pl.col(name).fill_null("").str.strip_chars().str.replace_many(EASTERN_DIGITS, WESTERN_DIGITS)


def _normalized(frame: pl.DataFrame, first_line: int = 2) -> pl.DataFrame:
    _check_columns(frame.columns)
    if "verified_on" not in frame.columns:
        frame = frame.with_columns(pl.lit("").alias("verified_on"))
    return frame.select(
        pl.int_range(first_line, first_line + frame.height).alias("_line"),  # the file's line (header: line 1)
        *[cell(name).alias(name) for name in COLUMNS],
    )  # fmt: skip


def _date(name: str) -> pl.Expr:
    return pl.coalesce(
        pl.col(name).str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        pl.col(name).str.strptime(pl.Date, "%d/%m/%Y", strict=False),
    )


def _typed(frame: pl.DataFrame, communes: pl.DataFrame) -> pl.DataFrame:
    """The parsed value of every column beside its text (null where it cannot be parsed)."""
    return frame.with_columns(
        *[pl.col(name).cast(pl.Int64, strict=False).alias(f"{name}__v") for name in INTEGERS],
        *[pl.col(name).str.to_lowercase().is_in(TRUE).alias(f"{name}__true") for name in BOOLEANS],
        *[pl.col(name).str.to_lowercase().is_in(TRUE + FALSE).alias(f"{name}__ok") for name in BOOLEANS],
        *[pl.col(name).str.replace(",", ".").cast(pl.Float64, strict=False).alias(f"{name}__v") for name in AMOUNTS],
        _date("declared_on").alias("declared_on__v"),
        _date("verified_on").alias("verified_on__v"),
    ).join(communes, left_on="commune_code", right_on="commune_code_", how="left")


def _rules(today: datetime.date) -> list[tuple[str, pl.Expr, str]]:
    """(column, condition that is true on an invalid cell, message) — messages in the user's language."""
    rules: list[tuple[str, pl.Expr, str]] = [
        ("household_id", pl.col("household_id") == "", _("The household id is required.")),
        ("household_id", pl.col("household_id").str.contains(FORMULA_PATTERN), str(FORMULA_MESSAGE)),
        ("commune_code", pl.col("commune_code").str.contains(FORMULA_PATTERN), str(FORMULA_MESSAGE)),
        ("household_id", (pl.col("household_id") != "") & ~pl.col("household_id__first"),
         _("This household id is already on an earlier line of the file.")),
        ("commune_code", pl.col("province_code_").is_null(), _("Unknown commune code (HCP codes, as in the census).")),
        ("declared_on", pl.col("declared_on__v").is_null(), _("Write the date as dd/mm/yyyy or yyyy-mm-dd.")),
        ("declared_on", pl.col("declared_on__v") > today, _("The date cannot be in the future.")),
        ("verified_on", (pl.col("verified_on") != "") & pl.col("verified_on__v").is_null(),
         _("Write the date as dd/mm/yyyy or yyyy-mm-dd.")),
        ("source", pl.col("source") == "", _("Say where the data comes from.")),
    ]  # fmt: skip
    for name, (low, high) in INTEGERS.items():
        value = pl.col(f"{name}__v")
        rules.append((name, value.is_null() | (value < low) | (value > high),
                      _("A whole number between %(low)d and %(high)d.") % {"low": low, "high": high}))  # fmt: skip
    for name in BOOLEANS:
        rules.append((name, ~pl.col(f"{name}__ok"), _("Write 1 (yes) or 0 (no).")))
    for name in AMOUNTS:
        value = pl.col(f"{name}__v")
        rules.append((name, value.is_null() | (value < 0) | (value > 100_000), _("An amount in MAD, 0 or more.")))
    for name, allowed in CHOICES.items():
        rules.append((name, ~pl.col(name).is_in(allowed),
                      _("Not one of the allowed values: %(values)s.") % {"values": ", ".join(allowed)}))  # fmt: skip
    rules.append(("size", pl.col("children_under_15__v") + pl.col("elderly_over_60__v") > pl.col("size__v"),
                  _("More children and elderly members than members.")))  # fmt: skip
    return rules + length_rules(RegistryHousehold, [name for name in COLUMNS if name not in CHOICES])


def length_rules(model: type[Any], names: list[str]) -> list[tuple[str, pl.Expr, str]]:
    """A rule per text column: a value longer than its model field is refused, row by row."""
    return [(name, pl.col(name).str.len_chars() > length, _("At most %(count)d characters.") % {"count": length})
            for name, length in char_lengths(model, names).items()]  # fmt: skip


def _communes() -> pl.DataFrame:
    from jisr.territories.models import Commune

    return pl.DataFrame(
        list(Commune.objects.values_list("code", "province_id", "region_id")),
        schema={"commune_code_": pl.String, "province_code_": pl.String, "region_code_": pl.String}, orient="row",
    )  # fmt: skip


def validate(
    frame: pl.DataFrame, today: datetime.date | None = None, *, first: pl.Series | None = None, first_line: int = 2,
    communes: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """(the valid rows, typed; the errors: line, column, value, message), from a frame of strings.

    `first` marks the rows whose household id appears for the first time in the whole file (a file is
    validated batch by batch, and a repeated id may be far from its first line)."""
    today = today or timezone.localdate()
    normalized = _normalized(frame, first_line)
    if first is None:
        first = normalized["household_id"].is_first_distinct()
    blank = pl.all_horizontal([pl.col(name) == "" for name in COLUMNS])  # a blank line is skipped, not an error
    typed = _typed(normalized.with_columns(first.alias("household_id__first")).filter(~blank),
                   communes if communes is not None else _communes())  # fmt: skip
    errors = errors_of(typed, _rules(today))
    valid = typed.filter(~pl.col("_line").is_in(errors["line"].unique().implode()))
    return valid, errors


def errors_of(frame: pl.DataFrame, rules: list[tuple[str, pl.Expr, str]]) -> pl.DataFrame:
    """One row (line, column, value, message) per cell that breaks a rule, in the file's order."""
    parts = [
        frame.filter(condition.fill_null(False)).select(
            pl.col("_line").alias("line"), pl.lit(column).alias("column"), _excerpt(pl.col(column)).alias("value"),
            pl.lit(message).alias("message"))
        for column, condition, message in rules
    ]  # fmt: skip
    return pl.concat(parts, how="vertical").sort(["line", "column"])


def _excerpt(value: pl.Expr) -> pl.Expr:
    """What an error echoes of a cell: its start, never a whole huge value (as jisr.core.intake.excerpt)."""
    text = value.cast(pl.String)
    cut = pl.concat_str(text.str.slice(0, EXCERPT_CHARS), pl.lit("…"))
    return pl.when(text.str.len_chars() > EXCERPT_CHARS).then(cut).otherwise(text)


def _table_frame(valid: pl.DataFrame) -> pl.DataFrame:
    """The valid rows with the table's columns and types, in the table's column order."""
    return valid.select(
        "household_id", pl.col("commune_code").alias("commune_id"), pl.col("province_code_").alias("province_code"),
        pl.col("region_code_").alias("region_code"), "area", pl.col("size__v").alias("size"), "head_sex",
        *[pl.col(f"{name}__v").alias(name) for name in INTEGERS if name != "size"],
        *[pl.col(f"{name}__true").alias(name) for name in BOOLEANS],
        "housing", "occupancy", "water", "sanitation",
        *[pl.col(f"{name}__v").round(2).alias(name) for name in AMOUNTS],
        pl.col("declared_on__v").alias("declared_on"), pl.col("verified_on__v").alias("verified_on"), "source",
    )  # fmt: skip


def _upsert_sql(columns: list[str], source: str, update: bool) -> str:
    """INSERT … SELECT from `source` (a staging table or VALUES), new households only unless `update`."""
    name = connection.ops.quote_name
    table = RegistryHousehold._meta.db_table
    quoted = ", ".join(name(c) for c in [*columns, "imported_at"])
    if update:
        data_columns = [c for c in columns if c != "household_id"]
        assignments = ", ".join(f"{name(c)} = excluded.{name(c)}" for c in [*data_columns, "imported_at"])
        differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
        changed = " OR ".join(f"{table}.{name(c)} {differs} excluded.{name(c)}" for c in data_columns)
        conflict = f"ON CONFLICT (household_id) DO UPDATE SET {assignments} WHERE {changed}"
    else:
        conflict = "ON CONFLICT (household_id) DO NOTHING"
    return f"INSERT INTO {table} ({quoted}) {source} {conflict}"  # names from the model, values as parameters


def _upsert(chunk: pl.DataFrame, now: datetime.datetime, update: bool) -> tuple[int, int]:
    """Insert the chunk's new households; with `update`, also rewrite those whose data changed.

    Returns (households created, rows written: created + updated)."""
    if connection.vendor == "postgresql":
        return _upsert_by_copy(chunk, now, update)
    columns = chunk.columns
    values = "VALUES (" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {RegistryHousehold._meta.db_table} "  # noqa: S608 — the model's table
            "WHERE household_id IN (SELECT value FROM json_each(%s))",
            [json.dumps(chunk["household_id"].to_list())],
        )
        existing = cursor.fetchone()[0]
        cursor.executemany(_upsert_sql(columns, values, update), [(*row, now) for row in chunk.iter_rows()])
        return chunk.height - existing, max(cursor.rowcount, 0)


def _upsert_by_copy(chunk: pl.DataFrame, now: datetime.datetime, update: bool) -> tuple[int, int]:
    """PostgreSQL: the chunk is written as CSV by Polars and COPYed into a temporary table, then one
    INSERT … SELECT … ON CONFLICT whose RETURNING tells inserted rows (xmax = 0) from updated ones."""
    table = RegistryHousehold._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in chunk.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS registry_stage AS SELECT {quoted} FROM {table} WITH NO DATA"  # noqa: S608
        )
        cursor.execute("TRUNCATE registry_stage")
        with cursor.cursor.copy(f"COPY registry_stage ({quoted}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(chunk.write_csv(include_header=False))
        upsert = _upsert_sql(chunk.columns, f"SELECT {quoted}, %s FROM registry_stage", update)  # noqa: S608
        if not update:  # every row written is a new household
            cursor.execute(upsert, [now])
            return cursor.rowcount, cursor.rowcount
        counted = f"WITH written AS ({upsert} RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FROM written"  # noqa: S608, E501
        cursor.execute(counted, [now])
        created, written = cursor.fetchone()
        return created, written


def import_households(
    path: Path, *, update: bool, progress: Callable[[int, int], bool] | None = None, parallel: bool | None = None,
) -> tuple[Outcome, pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """Import the file batch by batch (memory stays bounded whatever its size); `progress(done, total)` is
    called between chunks and returns False to cancel.

    On PostgreSQL outside a transaction (a worker, the command line), a writer thread with its own
    connection writes batch k while this thread reads and validates batch k + 1: the database and Polars
    then work at the same time, on two cores. At most one batch waits to be written. (`parallel` forces
    the choice; within a transaction the writer's commits would escape it.)

    Returns the outcome, the errors, and the invalid rows as read (for the correction file)."""
    if parallel is None:
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
    writer = _BatchWriter() if parallel else None
    try:
        with table_of(path) as (lazy, encoding):
            _check_columns(lazy.collect_schema().names())
            ids = lazy.select(cell("household_id")).collect()["household_id"]
            first = ids.is_first_distinct()
            total = ids.len()
            outcome = Outcome(encoding=encoding, rows=total)
            errors_parts: list[pl.DataFrame] = []
            invalid_parts: list[pl.DataFrame] = []
            communes, now, done = _communes(), timezone.now(), 0
            for offset in range(0, total, BATCH):
                batch = lazy.slice(offset, BATCH).collect()
                valid, errors = validate(batch, first=first.slice(offset, batch.height), first_line=offset + 2,
                                         communes=communes)  # fmt: skip
                bad_lines = errors["line"].unique()
                outcome.invalid += bad_lines.len()
                outcome.rows -= batch.height - valid.height - bad_lines.len()  # blank lines are not rows
                errors_parts.append(errors)
                invalid_parts.append(invalid_rows(batch, offset, bad_lines))

                def report(rows: int, base: int = done) -> bool:
                    return progress(base + rows, total) if progress else True

                if writer is not None:
                    if not writer.write(valid, now, update, outcome, report):
                        outcome.cancelled = True
                        break
                elif not _write(valid, now, update, outcome, report):
                    outcome.cancelled = True
                    break
                done += batch.height
            if writer is not None and not writer.finish():
                outcome.cancelled = True
    finally:
        if writer is not None:
            writer.close()
    return gathered(outcome, errors_parts, invalid_parts)


def invalid_rows(batch: pl.DataFrame, offset: int, bad_lines: pl.Series) -> pl.DataFrame:
    """The rows of a batch, as read, whose file lines (the header is line 1) had an error."""
    return batch.filter(pl.int_range(offset + 2, offset + 2 + batch.height).is_in(bad_lines.implode()))


def gathered(outcome: Outcome, errors_parts: list[pl.DataFrame],
             invalid_parts: list[pl.DataFrame]) -> tuple[Outcome, pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """The outcome (with the first errors, for the page), all the errors, and all the invalid rows."""
    errors = pl.concat(errors_parts) if errors_parts else pl.DataFrame()
    outcome.errors = errors.head(200).to_dicts()
    invalid = pl.concat(invalid_parts) if invalid_parts else pl.DataFrame()
    return outcome, errors, invalid


class _BatchWriter:
    """Writes validated batches in one background thread (its own database connection), one at a time."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry-writer")
        self.pending: Future[bool] | None = None

    def write(self, valid: pl.DataFrame, now: datetime.datetime, update: bool, outcome: Outcome,
              progress: Callable[[int], bool]) -> bool:  # fmt: skip
        """Wait for the previous batch (False if it was cancelled), then hand this one to the thread."""
        if not self.finish():
            return False
        self.pending = self.pool.submit(_write, valid, now, update, outcome, progress)
        return True

    def finish(self) -> bool:
        """Wait for the batch being written; re-raises its error. False if it was cancelled."""
        pending, self.pending = self.pending, None
        return pending.result() if pending is not None else True

    def close(self) -> None:
        """Let the batch being written finish (its chunks stay whole), then close the thread's connection."""
        try:
            if self.pending is not None:
                self.pending.exception()
        finally:
            self.pool.submit(lambda: connection.close()).result()  # the thread's own connection
            self.pool.shutdown()


def _write(valid: pl.DataFrame, now: datetime.datetime, update: bool, outcome: Outcome,
           progress: Callable[[int], bool]) -> bool:  # fmt: skip
    """Upsert the valid rows of a batch, chunk by chunk, each in its own transaction; False when cancelled."""
    frame = _table_frame(valid)
    for start in range(0, frame.height, CHUNK):
        chunk = frame.slice(start, CHUNK)
        with transaction.atomic():
            created, written = _upsert(chunk, now, update)
        existing = chunk.height - created
        outcome.created += created
        if update:
            outcome.updated += written - created
            outcome.unchanged += existing - (written - created)
        else:
            outcome.refused += existing
        if not progress(start + chunk.height):
            return False
    return True
