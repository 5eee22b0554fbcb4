"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_bidi

from jisr.core.dashboards import has_dashboards
from jisr.core.menu_counts import menu_counts_for
from jisr.core.scope import user_scope


def jisr(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    scope = user_scope(user)
    return {
        "JISR_DEMO": settings.JISR_DEMO,
        "is_rtl": get_language_bidi(),
        "user_scope": scope,
        "menu_counts": menu_counts_for(request),  # lazy: counted only where the menu shows an entry
        "can_view_audit": scope.has_permission_somewhere("core.view_audit"),
        "can_manage_roles": scope.has_permission_somewhere("accounts.change_role"),
        "can_add_center": scope.has_permission_somewhere("centers.add_center"),
        "can_view_people": scope.has_permission_somewhere("people.view_person"),
        "can_view_cases": scope.has_permission_somewhere("cases.view_case"),
        "can_view_watch": scope.has_permission_somewhere("watch.view_alert"),
        "can_view_caseload": scope.has_permission_somewhere("cases.view_caseload"),
        "can_view_dashboards": has_dashboards(user),
        "can_work_cases": scope.has_permission_somewhere("cases.change_case"),
        "can_take_transfers": scope.has_permission_somewhere("cases.assign_case"),
        "can_change_protocol": scope.has_permission_somewhere("cases.change_protocol"),
        "can_view_coverage": scope.has_permission_somewhere("programs.view_coverage"),
        "can_view_socialmap": scope.has_permission_somewhere("socialmap.view_socialmap"),
        "can_view_strategy": scope.has_permission_somewhere("strategy.view_strategy"),
        "can_view_partnerships": scope.has_permission_somewhere("partnerships.view_convention"),
        "can_view_rehabilitation": scope.has_permission_somewhere("centers.view_centerworks"),
        "can_view_registry": scope.has_permission_somewhere("registry.view_registryhousehold"),
        "can_view_requests": scope.has_permission_somewhere("privacy.view_datasubjectrequest"),
        "can_view_training": scope.has_permission_somewhere("training.view_trainingprogram"),
        "can_use_khadamati_office": scope.has_permission_somewhere("khadamati.view_representation")
        or scope.has_permission_somewhere("khadamati.view_request"),
        "can_view_referrals": scope.has_permission_somewhere("referrals.view_referral")
        or scope.has_permission_somewhere("referrals.respond_referral"),
    }
