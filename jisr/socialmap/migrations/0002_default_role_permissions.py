"""The coordinators, the national officers and the analysts see the social map."""

from django.db import migrations


def grant(apps, schema_editor):
    from jisr.accounts.roles import grant_default_permissions

    grant_default_permissions(apps, "socialmap")


class Migration(migrations.Migration):
    dependencies = [
        ("socialmap", "0001_indicators_values_and_refreshes"),
        ("accounts", "0002_default_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
