"""PostgreSQL: leave half of each page free so that scoring (an UPDATE of every household's PMT
columns, none of them indexed) writes heap-only tuples instead of new entries in every index."""

from django.db import migrations


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE registry_registryhousehold SET (fillfactor = 50)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE registry_registryhousehold RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_pmt")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
