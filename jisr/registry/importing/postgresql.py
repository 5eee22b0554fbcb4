"""Writing a chunk of households on PostgreSQL: Polars writes it as CSV, COPY loads it into a temporary
table, and one INSERT … SELECT … ON CONFLICT moves it into the registry (docs/performance.md)."""

from __future__ import annotations

import datetime

import polars as pl
from django.db import connection

from jisr.registry.importing.sql import HOUSEHOLDS, upsert_statement


def upsert_chunk(chunk: pl.DataFrame, now: datetime.datetime, update: bool) -> tuple[int, int]:
    """Insert the chunk's new households; with `update`, also rewrite those whose data changed.

    Returns (households created, rows written: created + updated). Without `update` every row written
    is a new household; with it, RETURNING tells inserted rows (xmax = 0) from updated ones."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in chunk.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS registry_stage AS SELECT {quoted} FROM {HOUSEHOLDS} WITH NO DATA"  # noqa: S608
        )
        cursor.execute("TRUNCATE registry_stage")
        with cursor.cursor.copy(f"COPY registry_stage ({quoted}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(chunk.write_csv(include_header=False))
        upsert = upsert_statement(chunk.columns, f"SELECT {quoted}, %s FROM registry_stage",  # noqa: S608
                                  update=update, differs="IS DISTINCT FROM")  # fmt: skip
        if not update:
            cursor.execute(upsert, [now])
            return cursor.rowcount, cursor.rowcount
        counted = f"WITH written AS ({upsert} RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FROM written"  # noqa: S608, E501
        cursor.execute(counted, [now])
        created, written = cursor.fetchone()
        return created, written
