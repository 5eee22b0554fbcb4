"""The dashboards' stage durations: each status change records when the case entered the stage it leaves
(`from_status_since`), filled here for the history already written, and the indexes of their queries."""

from django.conf import settings
from django.db import migrations, models


def fill_from_status_since(apps, schema_editor):
    """Each change that leaves a stage gets the moment of the case's previous change (one statement,
    the same SQL on SQLite and PostgreSQL; idempotent: only rows still empty are filled)."""
    table = apps.get_model("cases", "CaseStatusChange")._meta.db_table
    quote = schema_editor.connection.ops.quote_name
    # only the table's name, from the model's metadata and quoted, is put into the statement
    statement = (
        f"UPDATE {quote(table)} SET from_status_since = ("  # noqa: S608
        f"SELECT MAX(previous.changed_at) FROM {quote(table)} previous "
        f"WHERE previous.case_id = {quote(table)}.case_id AND previous.changed_at < {quote(table)}.changed_at"
        f") WHERE from_status <> '' AND from_status_since IS NULL"
    )
    schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_transfers_assignment_and_stage_rules"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="casestatuschange",
            name="from_status_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_from_status_since, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="casestatuschange",
            index=models.Index(fields=["changed_at"], name="cases_statuschange_at_idx"),
        ),
        migrations.AddIndex(
            model_name="casestatuschange",
            index=models.Index(fields=["case", "to_status"], name="cases_statuschange_to_idx"),
        ),
    ]
