"""Give the default roles their starting permissions on programs and the registry."""

from django.db import migrations


def grant(apps, schema_editor):
    from jisr.accounts.roles import grant_default_permissions

    grant_default_permissions(apps, "registry")
    grant_default_permissions(apps, "programs")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("registry", "0003_household_fillfactor"),
        ("accounts", "0002_default_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
