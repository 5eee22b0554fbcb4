"""The dashboards' indexes and stage history.

Each status change records when the case entered the stage it leaves (`from_status_since`) and where the
case is (`center`, `province`, `region_code`), so that a territory's history is read by an index per
level without going through its cases; follow-ups are found by their due date, a region's closed cases
by their closing. Migration 0012 fills the new fields for the history already written, in its own
transaction: on PostgreSQL, rows written with a new foreign key leave checks pending that forbid
creating its index in the same one."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_flags_saved_filters_export_and_transfer_cancel"),
        ("centers", "0004_center_import_content_deleted_at"),
        ("territories", "0001_initial"),
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
        migrations.AddField(
            model_name="casestatuschange",
            name="province",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territories.province",
            ),
        ),
        migrations.AddField(
            model_name="casestatuschange",
            name="region_code",
            field=models.CharField(blank=True, editable=False, max_length=10),
        ),
        migrations.AddIndex(
            model_name="casestatuschange",
            index=models.Index(fields=["center", "changed_at"], name="cases_statuschange_center_idx"),
        ),
        migrations.AddIndex(
            model_name="casestatuschange",
            index=models.Index(fields=["province", "changed_at"], name="cases_statuschange_prov_idx"),
        ),
        migrations.AddIndex(
            model_name="casestatuschange",
            index=models.Index(
                fields=["region_code", "changed_at"],
                include=["case", "from_status", "to_status", "from_status_since"],
                name="cases_statuschange_region_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="casestatuschange",
            index=models.Index(
                condition=models.Q(("from_status", "pathway"), ("to_status", "follow_up")),
                fields=["region_code", "changed_at"],
                include=["case"],
                name="cases_statuschange_start_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("closed_at__isnull", False)),
                fields=["region_code", "closed_at"],
                name="cases_case_region_closed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["due_on"], name="cases_followup_due_on_idx"),
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["case", "due_on"], name="cases_followup_case_due_idx"),
        ),
    ]
