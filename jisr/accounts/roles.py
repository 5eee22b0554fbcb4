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
            "centers.view_centerworks",
            "centers.add_centerworks",
            "centers.change_centerworks",
            "centers.delete_centerworks",
            "centers.view_worksphoto",
            "centers.add_worksphoto",
            "centers.delete_worksphoto",
            "core.view_audit",
            "accounts.view_role",
            "accounts.change_role",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "territories.view_region",
            "people.view_person",
            "people.add_person",
            "people.change_person",
            "people.merge_person",
            "people.unmerge_person",
            "people.export_person_data",
            "people.view_sensitive",
            "attachments.view_attachment",
            "cases.view_case",
            "cases.view_caseload",
            "cases.change_protocol",
            "cases.reopen_case",
            "referrals.view_referral",
            "training.view_trainingprogram",
            "training.add_trainingprogram",
            "training.change_trainingprogram",
            "training.add_trainingmodule",
            "training.change_trainingmodule",
            "privacy.view_datasubjectrequest",
            "privacy.add_datasubjectrequest",
            "privacy.change_datasubjectrequest",
            "privacy.view_retentionpolicy",
            "privacy.change_retentionpolicy",
            "registry.import_registry",
            "registry.view_registryhousehold",
            "programs.view_program",
            "programs.add_program",
            "programs.change_program",
            "programs.enroll_households",
            "programs.view_coverage",
            "socialmap.view_socialmap",
            "watch.view_alert",
            "watch.change_alert",
            "watch.view_watchrule",
            "watch.add_watchrule",
            "watch.change_watchrule",
            "strategy.view_strategy",
            "strategy.enter_strategy_values",
            "consultations.view_consultations",
            "consultations.manage_meetings",
            "consultations.manage_recommendations",
            "consultations.manage_plans",
            "consultations.report_progress",
            "partnerships.view_convention",
            "partnerships.add_convention",
            "partnerships.change_convention",
            "partnerships.record_transaction",
            "partnerships.validate_transaction",
            "partnerships.import_transactions",
            "partnerships.export_partnerships",
        ],
    },
    # The officer of the partnership and rehabilitation programs (docs/partnerships.md, docs/rehabilitation.md):
    # conventions, their money and the centers' works across the country, no personal data.
    "program_officer": {
        "level": "national",
        "names": (
            "مسؤول وطني عن البرامج والشراكات",
            "Chargé national des programmes et partenariats",
            "National program officer",
        ),
        "sees_personal_data": False,
        "permissions": [
            "centers.view_center",
            "territories.view_region",
            "strategy.view_strategy",
            "partnerships.view_convention",
            "partnerships.add_convention",
            "partnerships.change_convention",
            "partnerships.record_transaction",
            "partnerships.validate_transaction",
            "partnerships.import_transactions",
            "partnerships.export_partnerships",
            "centers.view_centerworks",
            "centers.add_centerworks",
            "centers.change_centerworks",
            "centers.delete_centerworks",
            "centers.view_worksphoto",
            "centers.add_worksphoto",
            "centers.delete_worksphoto",
        ],
    },
    "national_analyst": {
        "level": "national",
        "names": ("محلل وطني", "Analyste national", "National analyst"),
        "sees_personal_data": False,
        "permissions": [
            "centers.view_center",
            "centers.view_centerworks",
            "centers.view_worksphoto",
            "centers.export_centers",
            "territories.view_region",
            "cases.view_caseload",
            "programs.view_program",
            "programs.view_coverage",
            "socialmap.view_socialmap",
            "watch.view_alert",
            "strategy.view_strategy",
            "consultations.view_consultations",
            "partnerships.view_convention",
        ],
    },
    "regional_coordinator": {
        "level": "region",
        "names": ("منسق جهوي", "Coordinateur régional", "Regional coordinator"),
        "sees_personal_data": True,
        "permissions": [
            "centers.view_center",
            "centers.add_center",
            "centers.change_center",
            "centers.view_centerworks",
            "centers.change_centerworks",
            "centers.view_worksphoto",
            "centers.add_worksphoto",
            "centers.import_centers",
            "centers.export_centers",
            "territories.view_region",
            "people.view_person",
            "cases.view_case",
            "cases.view_caseload",
            "referrals.view_referral",
            "training.view_trainingprogram",
            "programs.view_program",
            "programs.view_coverage",
            "socialmap.view_socialmap",
            "strategy.view_strategy",
            "strategy.enter_strategy_values",
            "registry.view_registryhousehold",
            "watch.view_alert",
            "watch.change_alert",
            "consultations.view_consultations",
            "consultations.manage_meetings",
            "consultations.manage_recommendations",
            "consultations.manage_plans",
            "consultations.report_progress",
            "partnerships.view_convention",
            "partnerships.record_transaction",
            "partnerships.validate_transaction",
            "partnerships.export_partnerships",
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
            "centers.view_centerworks",
            "centers.change_centerworks",
            "centers.view_worksphoto",
            "centers.add_worksphoto",
            "centers.import_centers",
            "centers.export_centers",
            "territories.view_region",
            "people.view_person",
            "cases.view_case",
            "cases.view_caseload",
            "referrals.view_referral",
            "training.view_trainingprogram",
            "training.add_trainingprogram",
            "training.change_trainingprogram",
            "registry.view_registryhousehold",
            "socialmap.view_socialmap",
            "watch.view_alert",
            "watch.change_alert",
        ],
    },
    "center_manager": {
        "level": "center",
        "names": ("مدير مركز", "Directeur de centre", "Center manager"),
        "sees_personal_data": True,
        "permissions": [
            "centers.view_center",
            "centers.change_center",
            "centers.view_centerworks",
            "centers.view_worksphoto",
            "centers.export_centers",
            "people.view_person",
            "people.add_person",
            "people.change_person",
            "people.merge_person",
            "people.export_person_data",
            "people.view_sensitive",
            "attachments.view_attachment",
            "attachments.add_attachment",
            "attachments.delete_attachment",
            "cases.view_case",
            "cases.add_case",
            "cases.change_case",
            "cases.view_listening",
            "cases.approve_plan",
            "cases.view_caseload",
            "cases.reopen_case",
            "referrals.view_referral",
            "referrals.add_referral",
            "referrals.change_referral",
            "referrals.respond_referral",
            "training.view_trainingprogram",
            "training.add_trainingprogram",
            "training.change_trainingprogram",
            "training.record_attendance",
            "training.issue_certificate",
            "privacy.view_datasubjectrequest",
            "privacy.add_datasubjectrequest",
            "privacy.change_datasubjectrequest",
        ],
    },
    "social_worker": {
        "level": "center",
        "names": ("مساعد اجتماعي", "Travailleur social", "Social worker"),
        "sees_personal_data": True,
        "permissions": [
            "centers.view_center",
            "people.view_person",
            "people.add_person",
            "people.change_person",
            "people.view_sensitive",
            "attachments.view_attachment",
            "attachments.add_attachment",
            "attachments.delete_attachment",
            "cases.view_case",
            "cases.add_case",
            "cases.change_case",
            "cases.view_listening",
            "referrals.view_referral",
            "referrals.add_referral",
            "referrals.change_referral",
            "referrals.respond_referral",
            "training.view_trainingprogram",
            "training.record_attendance",
            "privacy.view_datasubjectrequest",
            "privacy.add_datasubjectrequest",
        ],
    },
    "partner_agent": {
        "level": "partner",
        "names": ("عون شريك", "Agent partenaire", "Partner agent"),
        "sees_personal_data": True,
        "permissions": [
            "referrals.view_referral",
            "referrals.respond_referral",
            "consultations.report_progress",
            "partnerships.view_convention",
        ],
    },
    # Khadamati's back office (docs/khadamati.md): provincial roles; each later part of Khadamati (requests,
    # medical and social assessments, committee decisions) adds its permissions to them.
    "provincial_disability_officer": {
        "level": "province",
        "names": ("مسؤول إقليمي عن الإعاقة", "Responsable provincial du handicap", "Provincial disability officer"),
        "sees_personal_data": True,
        "permissions": [
            "khadamati.view_representation",
            "khadamati.verify_representation",
            "khadamati.view_request",
            "khadamati.check_documents",
            "khadamati.confirm_decision",
            "khadamati.issue_card",
            "khadamati.assign_request",
            "khadamati.add_requestmessage",
        ],
    },
    "medical_committee_member": {
        "level": "province",
        "names": ("عضو اللجنة الطبية", "Membre de la commission médicale", "Medical committee member"),
        "sees_personal_data": True,
        "permissions": [
            "khadamati.view_request",
            "khadamati.record_medical_review",
        ],
    },
    "social_assistant": {
        "level": "province",
        "names": ("مساعد اجتماعي إقليمي", "Assistant social provincial", "Provincial social assistant"),
        "sees_personal_data": True,
        "permissions": [
            "khadamati.view_representation",
            "khadamati.view_request",
            "khadamati.record_assessment",
        ],
    },
    "committee_secretary": {
        "level": "province",
        "names": ("كاتب اللجنة الإقليمية", "Secrétaire de la commission provinciale", "Provincial committee secretary"),
        "sees_personal_data": True,
        "permissions": [
            "khadamati.view_representation",
            "khadamati.view_request",
            "khadamati.record_decision",
            "khadamati.confirm_decision",
            "khadamati.add_requestmessage",
        ],
    },
    "citizen": {
        "level": "citizen",
        "names": ("مواطن", "Citoyen", "Citizen"),
        "sees_personal_data": False,
        "permissions": [],
    },
}


FOUNDATION_APPS = frozenset({"accounts", "centers", "core", "territories"})
# Foundation permissions of models a later migration of their app creates: that migration grants them
# (`grant_default_permissions`), so the first roles migration, which runs before it, passes them by.
LATER_FOUNDATION_PERMISSIONS = frozenset(
    {
        "centers.view_centerworks",
        "centers.add_centerworks",
        "centers.change_centerworks",
        "centers.delete_centerworks",
        "centers.view_worksphoto",
        "centers.add_worksphoto",
        "centers.delete_worksphoto",
    }
)


def ensure_default_roles(role_model: Any, permission_model: Any) -> None:
    """Create the default roles that are missing (idempotent; never overwrites edited permissions).

    Only the foundation's permissions are granted here; each later app grants its own from its
    first migration with `grant_default_permissions`, once its permissions exist.
    """
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
            if app_label not in FOUNDATION_APPS:
                continue
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None and dotted in LATER_FOUNDATION_PERMISSIONS:
                continue
            if permission is None:
                raise LookupError(f"Unknown permission {dotted} for role {slug}")
            role.permissions.add(permission)


def _defined_codenames(app_config: Any) -> set[str]:
    """The permissions the app's models define at this point of its migrations (defaults and Meta's)."""
    codenames: set[str] = set()
    for model in app_config.get_models():
        opts = model._meta
        codenames.update(f"{action}_{opts.model_name}" for action in opts.default_permissions)
        codenames.update(codename for codename, _name in opts.permissions)
    return codenames


def grant_default_permissions(apps: Any, app_label: str) -> None:
    """From an app's migration: create its permissions and add them to the default roles that exist.

    New permissions only are added, so a role a national officer edited keeps its edits.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    role_model = apps.get_model("accounts", "Role")
    permission_model = apps.get_model("auth", "Permission")
    defined = _defined_codenames(app_config)
    for slug, spec in DEFAULT_ROLES.items():
        role = role_model.objects.filter(slug=slug).first()
        if role is None:
            continue
        for dotted in spec["permissions"]:
            label, codename = dotted.split(".")
            if label != app_label or codename not in defined:
                continue  # another app's, or of a model a later migration of this app creates (and grants)
            permission = permission_model.objects.filter(content_type__app_label=label, codename=codename).first()
            if permission is None:
                raise LookupError(f"Unknown permission {dotted} for role {slug}")
            role.permissions.add(permission)
