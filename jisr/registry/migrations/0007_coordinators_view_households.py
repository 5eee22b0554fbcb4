"""Regional and provincial coordinators read the registry households of their territory."""

from django.db import migrations

ROLES = ("regional_coordinator", "provincial_coordinator")


def grant(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    permission = (
        apps.get_model("auth", "Permission")
        .objects.filter(content_type__app_label="registry", codename="view_registryhousehold")
        .first()
    )
    if permission is None:  # permissions are created after the first migrate; programs.0002 created them
        return
    for role in role_model.objects.filter(slug__in=ROLES):
        role.permissions.add(permission)


def revoke(apps, schema_editor):
    role_model = apps.get_model("accounts", "Role")
    for role in role_model.objects.filter(slug__in=ROLES):
        role.permissions.remove(
            *role.permissions.filter(content_type__app_label="registry", codename="view_registryhousehold")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_import_job_kind"),
        ("programs", "0002_default_role_permissions"),
        ("accounts", "0002_default_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
