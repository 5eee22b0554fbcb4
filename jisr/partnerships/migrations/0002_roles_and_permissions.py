"""The national program officer's role where it does not exist yet, and the default roles' partnership permissions."""

from django.db import migrations


def grant(apps, schema_editor):
    from jisr.accounts.roles import ensure_default_roles, grant_default_permissions

    ensure_default_roles(apps.get_model("accounts", "Role"), apps.get_model("auth", "Permission"))
    grant_default_permissions(apps, "partnerships")


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_conventions_projects_and_ledger"),
        ("accounts", "0002_default_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
