"""Writing the valid households of a batch: chunk by chunk, each chunk in its own transaction (a
household is one row, so none is ever half-written), by the engine's own writer (`sqlite`,
`postgresql`); on PostgreSQL, optionally in a writer thread while the next batch is validated."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import polars as pl
from django.db import connection, transaction

from jisr.registry.importing import postgresql, sqlite
from jisr.registry.importing.format import AMOUNTS, BOOLEANS, INTEGERS
from jisr.registry.importing.outcome import Outcome

CHUNK = 20_000  # households per transaction


def table_frame(valid: pl.DataFrame) -> pl.DataFrame:
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


def upsert_chunk(chunk: pl.DataFrame, now: datetime.datetime, update: bool) -> tuple[int, int]:
    """(households created, rows written) by the writer of the database in use."""
    engine = postgresql if connection.vendor == "postgresql" else sqlite
    return engine.upsert_chunk(chunk, now, update)


def write_valid_rows(valid: pl.DataFrame, now: datetime.datetime, update: bool, outcome: Outcome,
                     progress: Callable[[int], bool]) -> bool:  # fmt: skip
    """Upsert the valid rows of a batch, chunk by chunk, each in its own transaction, counting them in
    `outcome`; `progress(rows written)` after each chunk returns False to cancel. False when cancelled."""
    frame = table_frame(valid)
    for start in range(0, frame.height, CHUNK):
        chunk = frame.slice(start, CHUNK)
        with transaction.atomic():
            created, written = upsert_chunk(chunk, now, update)
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


class BatchWriter:
    """Writes validated batches in one background thread (its own database connection), one at a time."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry-writer")
        self.pending: Future[bool] | None = None

    def write(self, valid: pl.DataFrame, now: datetime.datetime, update: bool, outcome: Outcome,
              progress: Callable[[int], bool]) -> bool:  # fmt: skip
        """Wait for the previous batch (False if it was cancelled), then hand this one to the thread."""
        if not self.finish():
            return False
        self.pending = self.pool.submit(write_valid_rows, valid, now, update, outcome, progress)
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
