"""The dashboards' stage history: each status change records when the case entered the stage it leaves
(`from_status_since`) and the case's center (`center`, so that a territory's history is read by an index
on (center, changed_at) without going through its cases), and follow-ups are found by their due date; migration 0012 fills them for the history already
written (in its own transaction: on PostgreSQL, rows written with a new foreign key leave checks pending that
forbid creating its index in the same one)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_transfers_assignment_and_stage_rules"),
        ("centers", "0004_center_import_content_deleted_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="casestatuschange",
            name="from_status_since",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="casestatuschange",
            name="center",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="centers.center",
            ),
        ),
        migrations.AddIndex(
            model_name="casestatuschange",
            index=models.Index(fields=["center", "changed_at"], name="cases_statuschange_center_idx"),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["due_on"], name="cases_followup_due_on_idx"),
        ),
    ]
