"""Retention periods for every kind of record a personal-data provider reports activity on (registry
members, trainees, program enrolments, data-subject requests, and the person's own record), so that
persons without a case are anonymized too once none of their records is recent."""

from django.db import migrations, models

DEFAULT_MONTHS = {
    "registered_person": 24,
    "registry_member": 60,
    "training": 60,
    "program_enrolment": 60,
    "data_request": 24,
}


def seed(apps, schema_editor):
    policy = apps.get_model("privacy", "RetentionPolicy")
    for record_type, months in DEFAULT_MONTHS.items():
        policy.objects.get_or_create(record_type=record_type, defaults={"months": months})


def unseed(apps, schema_editor):
    apps.get_model("privacy", "RetentionPolicy").objects.filter(record_type__in=DEFAULT_MONTHS).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_default_retention_and_permissions")]

    operations = [
        migrations.AlterField(
            model_name="retentionpolicy",
            name="record_type",
            field=models.CharField(
                choices=[
                    ("closed_case_person", "person whose cases are all closed"),
                    ("listening_notes", "confidential listening notes of a closed case"),
                    ("referral_messages", "messages of a finished referral"),
                    ("registered_person", "person's record, since it was registered or last corrected"),
                    ("registry_member", "member of a registry household, since its last import"),
                    ("training", "trainee, since their last enrolment or result"),
                    ("program_enrolment", "household of a social program, since it exited"),
                    ("data_request", "data-subject request, since it was answered"),
                ],
                max_length=30,
                unique=True,
                verbose_name="records",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
