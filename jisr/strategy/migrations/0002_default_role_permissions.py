"""The national officers and analysts see the strategy, the regional coordinators their region's; the
national officers and regional coordinators enter its figures."""

from django.db import migrations


def grant(apps, schema_editor):
    from jisr.accounts.roles import grant_default_permissions

    grant_default_permissions(apps, "strategy")


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0001_framework_figures_and_refreshes"),
        ("accounts", "0002_default_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
