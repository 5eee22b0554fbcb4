"""The upsert statement of registry households, shared by both engines' writers."""

from __future__ import annotations

from django.db import connection

from jisr.registry.models import RegistryHousehold

HOUSEHOLDS = RegistryHousehold._meta.db_table


def upsert_statement(columns: list[str], source: str, *, update: bool, differs: str) -> str:
    """INSERT … from `source` (a staging table or VALUES), new households only unless `update`.

    With `update`, a household is rewritten only when a value changed, compared with `differs` (the
    engine's null-safe "is different": `IS NOT` on SQLite, `IS DISTINCT FROM` on PostgreSQL), so that
    the statement's row count tells updated households from unchanged ones."""
    name = connection.ops.quote_name
    quoted = ", ".join(name(c) for c in [*columns, "imported_at"])
    if update:
        data_columns = [c for c in columns if c != "household_id"]
        assignments = ", ".join(f"{name(c)} = excluded.{name(c)}" for c in [*data_columns, "imported_at"])
        changed = " OR ".join(f"{HOUSEHOLDS}.{name(c)} {differs} excluded.{name(c)}" for c in data_columns)
        conflict = f"ON CONFLICT (household_id) DO UPDATE SET {assignments} WHERE {changed}"
    else:
        conflict = "ON CONFLICT (household_id) DO NOTHING"
    return f"INSERT INTO {HOUSEHOLDS} ({quoted}) {source} {conflict}"  # names from the model, values as parameters
