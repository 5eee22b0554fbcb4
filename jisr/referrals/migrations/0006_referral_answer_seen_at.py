"""When the case's social worker opened a referral after its latest answer (the home's "answers received").

Answers given before this field existed count as seen: only answers from now on come on the homes."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def answers_so_far_seen(apps, schema_editor):  # type: ignore[no-untyped-def]
    Referral = apps.get_model("referrals", "Referral")
    Referral.objects.filter(status__in=["accepted", "declined", "completed"]).update(
        answer_seen_at=Coalesce("completed_at", "responded_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0005_one_open_referral_per_case_and_addressee"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="answer_seen_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(answers_so_far_seen, migrations.RunPython.noop, elidable=True),
    ]
