"""The first request types (jisr/khadamati/request_type_data.py: the card's four variants and the five kinds of
support) and the requests' permissions added to the back-office roles."""

from django.db import migrations


def load_types_and_grant(apps, schema_editor):
    from jisr.accounts.roles import grant_default_permissions
    from jisr.khadamati.request_type_data import load

    load(apps.get_model("khadamati", "RequestType"))
    grant_default_permissions(apps, "khadamati")


class Migration(migrations.Migration):
    dependencies = [
        ("khadamati", "0003_requests"),
    ]

    operations = [migrations.RunPython(load_types_and_grant, migrations.RunPython.noop)]
