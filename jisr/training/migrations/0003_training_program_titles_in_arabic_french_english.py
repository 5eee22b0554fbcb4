"""Training programs get a title in Arabic, French and English (issue 11: catalog items that users
name show the page's language). The one title a program had is kept as both its Arabic and its
French title, for a person to translate; nothing is lost going back (the French title returns)."""

from django.db import migrations, models


def copy_title_to_each_language(apps, schema_editor):  # type: ignore[no-untyped-def]
    TrainingProgram = apps.get_model("training", "TrainingProgram")
    TrainingProgram.objects.filter(title_fr="").update(title_ar=models.F("title"), title_fr=models.F("title"))


def copy_french_title_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    TrainingProgram = apps.get_model("training", "TrainingProgram")
    TrainingProgram.objects.update(title=models.F("title_fr"))


class Migration(migrations.Migration):
    dependencies = [("training", "0002_default_role_permissions")]

    operations = [
        migrations.AddField(
            model_name="trainingprogram",
            name="title_ar",
            field=models.CharField(default="", max_length=200, verbose_name="title in Arabic"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="trainingprogram",
            name="title_fr",
            field=models.CharField(default="", max_length=200, verbose_name="title in French"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="trainingprogram",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="title in English"),
        ),
        migrations.RunPython(copy_title_to_each_language, copy_french_title_back),
        migrations.AlterModelOptions(
            name="trainingprogram",
            options={
                "ordering": ["-starts_on", "title_fr"],
                "permissions": [
                    ("record_attendance", "Can record attendance and results"),
                    ("issue_certificate", "Can issue certificates"),
                ],
                "verbose_name": "training program",
                "verbose_name_plural": "training programs",
            },
        ),
        migrations.RemoveField(model_name="trainingprogram", name="title"),
    ]
