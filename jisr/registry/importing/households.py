"""Importing a file of registry households (format: docs/registry-import.md), batch by batch.

The file is read by `reading` (the guarded reader first), validated by `validation` in batches of
strings (memory stays bounded whatever the file's size), and its valid rows are upserted on the
registry household id by `writing`, chunk by chunk; between chunks the caller's `progress` records
how far it went and may cancel. Invalid rows are kept, with their errors, for the correction file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.db import connection
from django.utils import timezone

from jisr.registry.importing.outcome import Outcome, gathered, invalid_rows
from jisr.registry.importing.reading import table_of
from jisr.registry.importing.validation import cell, check_columns, commune_territories, validate
from jisr.registry.importing.writing import BatchWriter, write_valid_rows

BATCH = 200_000  # rows read and validated at a time


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
    writer = BatchWriter() if parallel else None
    try:
        with table_of(path) as (lazy, encoding):
            check_columns(lazy.collect_schema().names())
            ids = lazy.select(cell("household_id")).collect()["household_id"]
            first = ids.is_first_distinct()
            total = ids.len()
            outcome = Outcome(encoding=encoding, rows=total)
            errors_parts: list[pl.DataFrame] = []
            invalid_parts: list[pl.DataFrame] = []
            communes, now, done = commune_territories(), timezone.now(), 0
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
                elif not write_valid_rows(valid, now, update, outcome, report):
                    outcome.cancelled = True
                    break
                done += batch.height
            if writer is not None and not writer.finish():
                outcome.cancelled = True
    finally:
        if writer is not None:
            writer.close()
    return gathered(outcome, errors_parts, invalid_parts)
