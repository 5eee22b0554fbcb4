"""Writing a chunk of households on SQLite: one `executemany` of the upsert (SQLite has one writer per
file, so the chunk is written by the thread that validates)."""

from __future__ import annotations

import datetime
import json

import polars as pl
from django.db import connection

from jisr.registry.importing.sql import HOUSEHOLDS, upsert_statement


def upsert_chunk(chunk: pl.DataFrame, now: datetime.datetime, update: bool) -> tuple[int, int]:
    """Insert the chunk's new households; with `update`, also rewrite those whose data changed.

    Returns (households created, rows written: created + updated); the ids already registered are
    counted first, in one query (the executemany's row count mixes inserts and updates)."""
    columns = chunk.columns
    values = "VALUES (" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {HOUSEHOLDS} "  # noqa: S608 — the model's table
            "WHERE household_id IN (SELECT value FROM json_each(%s))",
            [json.dumps(chunk["household_id"].to_list())],
        )
        existing = cursor.fetchone()[0]
        statement = upsert_statement(columns, values, update=update, differs="IS NOT")
        cursor.executemany(statement, [(*row, now) for row in chunk.iter_rows()])
        return chunk.height - existing, max(cursor.rowcount, 0)
