"""Reads for the accounts pages, each checking the reader's permission first (404 otherwise)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jisr.accounts.models import Membership, Role, User
from jisr.core.models import AuditLog
from jisr.core.scope import require_permission_or_404, user_scope


def require_national_permission_or_404(user: Any, permission: str) -> None:
    """User management is national: the permission must come from a national membership.

    Accounts are not anchored to a territory, so a regional grant of `accounts.view_user` would have
    no scope to apply to; the page stays invisible (404) rather than showing every account.
    """
    require_permission_or_404(user, permission)
    scope = user_scope(user)
    if scope.is_superuser:
        return
    if not any(grant.level == "national" and grant.organization_id is None for grant in scope.grants(permission)):
        raise Http404


def roles_with_permissions(user: Any) -> QuerySet[Role]:
    """Every role with its permissions, for a reader holding accounts.change_role."""
    require_permission_or_404(user, "accounts.change_role")
    return Role.objects.prefetch_related("permissions__content_type").order_by("level", "slug")


def role_get(user: Any, slug: str) -> Role:
    """One role, for a reader holding accounts.change_role; 404 otherwise."""
    require_permission_or_404(user, "accounts.change_role")
    return get_object_or_404(Role.objects.prefetch_related("permissions__content_type"), slug=slug)


def users_search(user: Any, query: str = "") -> QuerySet[User]:
    """Accounts matching `query` (username, names or email), with their active memberships."""
    require_national_permission_or_404(user, "accounts.view_user")
    users = User.objects.order_by("username").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active().select_related("role", "region", "province", "center", "organization"),
            to_attr="active_memberships",
        )
    )
    query = query.strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users


def user_get(user: Any, user_id: int, permission: str = "accounts.view_user") -> User:
    """One account (404 when missing or when the reader may not manage accounts)."""
    require_national_permission_or_404(user, permission)
    return get_object_or_404(User, pk=user_id)


def memberships_of(account: User) -> QuerySet[Membership]:
    """All memberships of an account, current and ended, newest first."""
    return (
        Membership.objects.filter(user=account)
        .select_related("role", "region", "province", "center", "organization")
        .order_by("-created_at")
    )


def active_memberships_of(account: Any) -> QuerySet[Membership]:
    """The memberships of an account that grant something today."""
    return (
        Membership.objects.active()
        .filter(user=account)
        .select_related("role", "region", "province", "center", "organization")
        .order_by("role__level", "role__slug")
    )


def membership_get(user: Any, account: User, membership_id: int) -> Membership:
    """One membership of `account`, for a reader allowed to change accounts."""
    require_national_permission_or_404(user, "accounts.change_user")
    return get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, user=account)


def audit_search(user: Any, filters: dict[str, Any]) -> QuerySet[AuditLog]:
    """Audit entries matching the filters (newest first), for a reader holding core.view_audit."""
    require_permission_or_404(user, "core.view_audit")
    entries = AuditLog.objects.order_by("-occurred_at", "-id")
    if filters.get("actor"):
        entries = entries.filter(actor_username__iexact=filters["actor"].strip())
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"].strip().lower())
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"].strip())
    # Dates are whole local days: [from 00:00, to+1 00:00) in the site's time zone.
    if filters.get("date_from"):
        entries = entries.filter(occurred_at__gte=_local_midnight(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(occurred_at__lt=_local_midnight(filters["date_to"] + datetime.timedelta(days=1)))
    return entries


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
