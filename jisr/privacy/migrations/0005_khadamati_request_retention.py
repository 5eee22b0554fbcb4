"""A retention period for Khadamati's requests refused for good or withdrawn (24 months after they became final)."""

from django.db import migrations, models


def seed(apps, schema_editor):
    policy = apps.get_model("privacy", "RetentionPolicy")
    policy.objects.get_or_create(record_type="khadamati_request", defaults={"months": 24})


def unseed(apps, schema_editor):
    apps.get_model("privacy", "RetentionPolicy").objects.filter(record_type="khadamati_request").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_khadamati_representation_retention"),
    ]

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
                    (
                        "khadamati_representation",
                        "refused declaration of representation (Khadamati) and its document, since it was refused",
                    ),
                    (
                        "khadamati_request",
                        "refused or withdrawn Khadamati request and its documents, since it became final",
                    ),
                ],
                max_length=30,
                unique=True,
                verbose_name="records",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
