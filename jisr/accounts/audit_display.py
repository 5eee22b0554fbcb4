"""How the audit log shows accounts, roles, memberships, API tokens and its own exports (`jisr.core.audit_display`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import ApiToken, Membership, Role, User
from jisr.accounts.permissions_catalog import dotted_permission_label
from jisr.accounts.selectors import require_national_permission_or_404
from jisr.core import audit_display, scope
from jisr.core.audit_display import AuditedModel, Key, page
from jisr.core.models import AuditLog


def account_name(account: User) -> str:
    """An account as people know it: full name and username."""
    full_name = account.get_full_name().strip()
    return f"{full_name} ({account.get_username()})" if full_name else account.get_username()


def _accounts(user: Any) -> QuerySet[User]:
    require_national_permission_or_404(user, "accounts.view_user")
    return User.objects.all()


def _memberships(user: Any) -> QuerySet[Membership]:
    require_national_permission_or_404(user, "accounts.view_user")
    return Membership.objects.all()


def _roles(user: Any) -> QuerySet[Role]:
    scope.require(user, "accounts.change_role")
    return Role.objects.all()


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=User,
            url=page("accounts:user_detail"),
            visible=_accounts,
            name=account_name,
            personal=False,  # staff accounts: their names are the log's "who"
            confidential=frozenset({"password"}),
            keys={
                "two_factor": Key(_("two-step verification")),
                "memberships_ended": Key(_("memberships ended")),
                "tokens_revoked": Key(_("API tokens revoked")),
            },
        )
    )
    audit_display.register(
        AuditedModel(
            model=Membership,
            url=page("accounts:user_detail", "user_id"),
            visible=_memberships,
            related=("user", "role", "region", "province", "center", "organization"),
        )
    )
    audit_display.register(
        AuditedModel(
            model=Role,
            url=page("accounts:role_edit"),
            visible=_roles,
            name=lambda role: role.name,
            keys={"permissions": Key(_("permissions"), render=dotted_permission_label)},
        )
    )
    audit_display.register(
        AuditedModel(
            model=ApiToken,
            name=lambda token: f"{token.name or _('API token')} ({token.prefix}…)",
            keys={"issued": Key(_("issued")), "revoked": Key(_("revoked"))},
        )
    )
    # The log's own exports: the filters they were made with, labelled as the page labels them.
    audit_display.register(
        AuditedModel(
            model=AuditLog,
            keys={
                "actor": Key(_("Person acting")),
                "object_type": Key(_("Type of record"), render=audit_display.type_label),
                "object_id": Key(_("Record identifier")),
                "date_from": Key(_("From")),
                "date_to": Key(_("To")),
            },
        )
    )
