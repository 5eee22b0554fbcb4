"""The result statuses with their progress (editable afterwards), and the default roles' permissions on this app
(roles edited since keep their edits)."""

from decimal import Decimal

from django.db import migrations

STATUSES = [
    ("not_started", "لم ينطلق", "Non démarré", "Not started", Decimal(0)),
    ("started", "انطلق", "Démarré", "Started", Decimal(10)),
    ("in_progress", "في طور الإنجاز", "En cours", "In progress", Decimal(50)),
    ("nearly_done", "في مراحله الأخيرة", "Presque achevé", "Nearly done", Decimal(80)),
    ("done", "منجز", "Achevé", "Done", Decimal(100)),
]


def forwards(apps, schema_editor):
    from jisr.accounts.roles import grant_default_permissions

    ResultStatus = apps.get_model("consultations", "ResultStatus")
    for code, ar, fr, en, progress in STATUSES:
        ResultStatus.objects.get_or_create(code=code, defaults={"name_ar": ar, "name_fr": fr, "name_en": en,
                                                                "progress": progress})  # fmt: skip
    grant_default_permissions(apps, "consultations")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_rounds_meetings_recommendations_plans"),
        ("accounts", "0002_default_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
