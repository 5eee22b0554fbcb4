"""Bulk writes that bypass the ORM's per-object cost, for imports of hundreds of thousands of rows.

Rows are given column by column (by model attribute name); every column the caller does not give takes
its field's default, so a field added to the model later needs no change here. PostgreSQL receives them
by COPY, SQLite by `executemany`; UUIDs and dates are converted as Django stores them on each backend.
"""

from __future__ import annotations

import itertools
import os
import uuid
from typing import Any

import numpy as np
from django.db import connection, models


def field_of(model: type[models.Model], attname: str) -> models.Field[Any, Any]:
    """The concrete field of `model` stored under this attribute name (`commune_id` → the `commune` key)."""
    return next(field for field in model._meta.concrete_fields if field.attname == attname)


def new_ids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as 32 hex digits: as SQLite stores them, and as PostgreSQL reads them."""
    data = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    data[:, 6] = (data[:, 6] & 0x0F) | 0x40
    data[:, 8] = (data[:, 8] & 0x3F) | 0x80
    text = data.tobytes().hex()
    return [text[start : start + 32] for start in range(0, 32 * count, 32)]


def _column(field: models.Field[Any, Any], values: Any, count: int) -> Any:
    """A column of values ready for the database driver: UUIDs and dates as the backend stores them (as
    `field.get_db_prep_value` does, without its per-value cost), one value repeated for a constant."""
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    if not isinstance(values, list):
        return itertools.repeat(field.get_db_prep_value(values, connection), count)
    if isinstance(target, models.UUIDField) and not connection.features.has_native_uuid_field:
        return [value.hex if isinstance(value, uuid.UUID) else value for value in values]
    if isinstance(target, models.DateField) and not isinstance(target, models.DateTimeField):
        adapt = connection.ops.adapt_datefield_value
        return [adapt(value) for value in values]
    return values


def insert_rows(model: type[models.Model], count: int, values: dict[str, Any]) -> None:
    """Insert `count` rows: `values` by attribute name, a list (one per row) or one value for all rows;
    every other column takes its field's default. COPY on PostgreSQL, executemany on SQLite."""
    fields = model._meta.concrete_fields
    columns = [_column(f, values[f.attname] if f.attname in values else f.get_default(), count) for f in fields]
    table, name = model._meta.db_table, connection.ops.quote_name
    names = ", ".join(name(field.column) for field in fields)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in zip(*columns, strict=False):
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
            cursor.executemany(sql, list(zip(*columns, strict=False)))


def update_rows(model: type[models.Model], keys: list[str], values: dict[str, Any]) -> None:
    """Set these columns (by attribute name: a list, one per row, or one value for all) on the rows of these keys."""
    meta = model._meta
    fields = [field_of(model, name) for name in values]
    columns = [_column(field, values[name], len(keys)) for field, name in zip(fields, values, strict=True)]
    assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in fields)  # type: ignore[union-attr]
    pks = _column(meta.pk, [uuid.UUID(key) for key in keys], len(keys))  # type: ignore[arg-type]
    sql = f"UPDATE {meta.db_table} SET {assignments} WHERE {meta.pk.column} = %s"  # type: ignore[union-attr]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row, pk) for *row, pk in zip(*columns, pks, strict=False)])
