"""Publish the first social diagnosis protocol (idempotent; national officers edit it afterwards)."""

from django.db import migrations
from django.utils import timezone


def publish_v1(apps, schema_editor):
    from jisr.cases import protocol_v1

    Protocol = apps.get_model("cases", "Protocol")
    Protocol.objects.get_or_create(
        code=protocol_v1.CODE,
        version=1,
        defaults={
            "title_ar": protocol_v1.TITLE["ar"],
            "title_fr": protocol_v1.TITLE["fr"],
            "title_en": protocol_v1.TITLE["en"],
            "status": "published",
            "requires_plan_approval": True,
            "definition": protocol_v1.DEFINITION,
            "published_at": timezone.now(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_protocols_and_assessments")]

    operations = [migrations.RunPython(publish_v1, migrations.RunPython.noop)]
