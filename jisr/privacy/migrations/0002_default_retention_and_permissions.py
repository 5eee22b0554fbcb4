"""Starting retention periods (edited afterwards by national officers) and the default roles' permissions."""

from django.db import migrations

DEFAULT_MONTHS = {"closed_case_person": 60, "listening_notes": 24, "referral_messages": 24}


def seed(apps, schema_editor):
    from jisr.accounts.roles import grant_default_permissions

    policy = apps.get_model("privacy", "RetentionPolicy")
    for record_type, months in DEFAULT_MONTHS.items():
        policy.objects.get_or_create(record_type=record_type, defaults={"months": months})
    grant_default_permissions(apps, "privacy")


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("accounts", "0002_default_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
