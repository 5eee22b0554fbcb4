"""The default roles and the permissions each starts with.

These are only the starting data: a national officer edits a role's permissions on the roles page,
and the code never branches on a role's name to decide what someone may do.
"""

from __future__ import annotations

from typing import Any

DEFAULT_ROLES: dict[str, dict[str, Any]] = {
    "national_officer": {
        "level": "national",
        "names": ("مسؤول وطني", "Responsable national", "National officer"),
        "sees_personal_data": True,
        "permissions": [
            "centers.view_center",
            "centers.add_center",
            "centers.change_center",
            "centers.delete_center",
            "centers.import_centers",
            "centers.export_centers",
            "centers.add_organization",
            "centers.change_organization",
            "core.view_audit",
            "accounts.view_role",
            "accounts.change_role",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "territories.view_region",
        ],
    },
    "national_analyst": {
        "level": "national",
        "names": ("محلل وطني", "Analyste national", "National analyst"),
        "sees_personal_data": False,
        "permissions": ["centers.view_center", "centers.export_centers", "territories.view_region"],
    },
    "regional_coordinator": {
        "level": "region",
        "names": ("منسق جهوي", "Coordinateur régional", "Regional coordinator"),
        "sees_personal_data": True,
        "permissions": [
            "centers.view_center",
            "centers.add_center",
            "centers.change_center",
            "centers.import_centers",
            "centers.export_centers",
            "territories.view_region",
        ],
    },
    "provincial_coordinator": {
        "level": "province",
        "names": ("منسق إقليمي", "Coordinateur provincial", "Provincial coordinator"),
        "sees_personal_data": True,
        "permissions": [
            "centers.view_center",
            "centers.add_center",
            "centers.change_center",
            "centers.import_centers",
            "centers.export_centers",
            "territories.view_region",
        ],
    },
    "center_manager": {
        "level": "center",
        "names": ("مدير مركز", "Directeur de centre", "Center manager"),
        "sees_personal_data": True,
        "permissions": ["centers.view_center", "centers.change_center", "centers.export_centers"],
    },
    "social_worker": {
        "level": "center",
        "names": ("مساعد اجتماعي", "Travailleur social", "Social worker"),
        "sees_personal_data": True,
        "permissions": ["centers.view_center"],
    },
    "partner_agent": {
        "level": "partner",
        "names": ("عون شريك", "Agent partenaire", "Partner agent"),
        "sees_personal_data": True,
        "permissions": [],
    },
    "citizen": {
        "level": "citizen",
        "names": ("مواطن", "Citoyen", "Citizen"),
        "sees_personal_data": False,
        "permissions": [],
    },
}


def ensure_default_roles(role_model: Any, permission_model: Any) -> None:
    """Create the default roles that are missing (idempotent; never overwrites edited permissions)."""
    for slug, spec in DEFAULT_ROLES.items():
        name_ar, name_fr, name_en = spec["names"]
        role, created = role_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_en,
                "level": spec["level"],
                "sees_personal_data": spec["sees_personal_data"],
            },
        )
        if not created:
            continue
        for dotted in spec["permissions"]:
            app_label, codename = dotted.split(".")
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise LookupError(f"Unknown permission {dotted} for role {slug}")
            role.permissions.add(permission)
