"""Import jobs say what their file holds (households or household members); the policy speaks of both."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_registry_member")]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="kind",
            field=models.CharField(
                choices=[("households", "households"), ("members", "household members")],
                default="households",
                max_length=10,
                verbose_name="what the file holds",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="policy",
            field=models.CharField(
                choices=[
                    ("update", "update what is already registered"),
                    ("refuse", "refuse what is already registered"),
                ],
                default="refuse",
                max_length=10,
                verbose_name="already registered",
            ),
        ),
    ]
