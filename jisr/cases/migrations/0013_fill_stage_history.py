"""Fill the dashboards' stage history (the fields of migration 0011) for the status changes already written."""

from django.db import migrations


def fill_history(apps, schema_editor):
    """Each change gets its case's center, province and region, and each change that leaves a stage the
    moment of the case's previous change (two statements, the same SQL on SQLite and PostgreSQL;
    idempotent: only empty cells are filled)."""
    change = apps.get_model("cases", "CaseStatusChange")._meta.db_table
    case = apps.get_model("cases", "Case")._meta.db_table
    quote = schema_editor.connection.ops.quote_name
    changes, cases = quote(change), quote(case)
    # only table names, from the models' metadata and quoted, are put into the statements
    where = {column: f"(SELECT {cases}.{column} FROM {cases} WHERE {cases}.id = {changes}.case_id)"  # noqa: S608
             for column in ("center_id", "province_id", "region_code")}  # fmt: skip
    schema_editor.execute(
        f"UPDATE {changes} SET {', '.join(f'{column} = {value}' for column, value in where.items())} "  # noqa: S608
        f"WHERE center_id IS NULL"
    )
    schema_editor.execute(
        f"UPDATE {changes} SET from_status_since = ("  # noqa: S608
        f"SELECT MAX(previous.changed_at) FROM {changes} previous "
        f"WHERE previous.case_id = {changes}.case_id AND previous.changed_at < {changes}.changed_at"
        f") WHERE from_status <> '' AND from_status_since IS NULL"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_stage_durations_for_dashboards")]

    operations = [migrations.RunPython(fill_history, migrations.RunPython.noop)]
