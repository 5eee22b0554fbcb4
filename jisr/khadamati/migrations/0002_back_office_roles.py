"""The back-office roles of Khadamati (provincial disability officer, medical committee member, social
assistant, committee secretary) where they do not exist yet, and the default roles' Khadamati permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from jisr.accounts.roles import ensure_default_roles, grant_default_permissions

    ensure_default_roles(apps.get_model("accounts", "Role"), apps.get_model("auth", "Permission"))
    grant_default_permissions(apps, "khadamati")


class Migration(migrations.Migration):
    dependencies = [
        ("khadamati", "0001_sign_in_codes_and_representations"),
        ("accounts", "0003_user_phone"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
