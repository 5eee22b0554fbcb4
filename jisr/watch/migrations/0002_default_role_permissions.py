"""Give the default roles their starting permissions on this app (roles edited since keep their edits)."""

from django.db import migrations


def grant(apps, schema_editor):
    from jisr.accounts.roles import grant_default_permissions

    grant_default_permissions(apps, "watch")


class Migration(migrations.Migration):
    dependencies = [
        ("watch", "0001_alerts_and_rules"),
        ("accounts", "0002_default_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
