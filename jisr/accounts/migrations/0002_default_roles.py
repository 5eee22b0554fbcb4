"""Create the default roles with their starting permissions (idempotent)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_default_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from jisr.accounts.roles import ensure_default_roles

    ensure_default_roles(apps.get_model("accounts", "Role"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("centers", "0001_initial"),
        ("core", "0001_initial"),
        ("territories", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_default_roles, migrations.RunPython.noop)]
