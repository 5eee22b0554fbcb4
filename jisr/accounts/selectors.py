"""Reads for the accounts pages, each checking the reader's permission first (404 otherwise)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jisr.accounts.models import Level, Membership, Role, User
from jisr.accounts.permissions_catalog import assignable_permissions
from jisr.core import scope
from jisr.core.models import AuditLog

if TYPE_CHECKING:
    from jisr.centers.models import Center


def require_national_permission_or_404(user: User, permission: str) -> None:
    """User management is national: the permission must come from a national membership.

    Accounts are not anchored to a territory, so a regional grant of `accounts.view_user` would have
    no scope to apply to; the page stays invisible (404) rather than showing every account.
    """
    scope.require(user, permission)
    user_scope = scope.user_scope(user)
    if user_scope.is_superuser:
        return
    if not any(grant.level == "national" and grant.organization_id is None for grant in user_scope.grants(permission)):
        raise Http404


def roles_with_permissions(user: User) -> QuerySet[Role]:
    """Every role with its permissions, for a reader holding accounts.change_role."""
    scope.require(user, "accounts.change_role")
    return Role.objects.prefetch_related("permissions__content_type").order_by("level", "slug")


def role_get(user: User, slug: str) -> Role:
    """One role, for a reader holding accounts.change_role; 404 otherwise."""
    scope.require(user, "accounts.change_role")
    return scope.one_or_404(Role.objects.prefetch_related("permissions__content_type"), slug=slug)


def users_search(user: User, query: str = "") -> QuerySet[User]:
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


def user_get(user: User, user_id: int, permission: str = "accounts.view_user") -> User:
    """One account (404 when missing or when the reader may not manage accounts)."""
    require_national_permission_or_404(user, permission)
    return scope.one_or_404(User, pk=user_id)


def active_user_by_id(user_id: int) -> User | None:
    """The active account with this id, or None (a login halfway through, whose account may have gone)."""
    return User.objects.filter(pk=user_id, is_active=True).first()


def assignable_permission_choices() -> QuerySet[Permission]:
    """The permissions a role may be given (the catalog's), with their content types, for the role form."""
    ids = [permission.pk for permission in assignable_permissions()]
    return Permission.objects.filter(pk__in=ids).select_related("content_type")


def roles_by_level() -> QuerySet[Role]:
    """Every role, by level then code, for the membership form."""
    return Role.objects.order_by("level", "slug")


def memberships_of(account: User) -> QuerySet[Membership]:
    """All memberships of an account, current and ended, newest first."""
    return (
        Membership.objects.filter(user=account)
        .select_related("role", "region", "province", "center", "organization")
        .order_by("-created_at")
    )


def active_memberships_of(account: User) -> QuerySet[Membership]:
    """The memberships of an account that grant something today."""
    return (
        Membership.objects.active()
        .filter(user=account)
        .select_related("role", "region", "province", "center", "organization")
        .order_by("role__level", "role__slug")
    )


def membership_get(user: User, account: User, membership_id: int) -> Membership:
    """One membership of `account`, for a reader allowed to change accounts."""
    require_national_permission_or_404(user, "accounts.change_user")
    return scope.one_or_404(Membership.objects.select_related("user"), pk=membership_id, user=account)


def audit_search(user: User, filters: dict[str, Any]) -> QuerySet[AuditLog]:
    """Audit entries matching the filters (newest first), for a reader holding core.view_audit."""
    scope.require(user, "core.view_audit")
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


def staff_of_centers(centers: QuerySet[Center] | list[Center]) -> QuerySet[User]:
    """The active accounts with a membership at one of `centers`, by username (who may hold a case or an action)."""
    return User.objects.filter(is_active=True, memberships__center__in=centers).distinct().order_by("username")


def account_by_username(username: str) -> User | None:
    """The account with this username, or None (the API names people by username)."""
    return User.objects.filter(username=username).first()


def is_citizen_account(user: Any) -> bool:
    """True for a citizen's account (Khadamati): it holds the citizen role and no other, and is not Django staff.

    Citizens sign in through Khadamati's one-time codes and staff through the login page; each door refuses
    the other's accounts. An account that also holds a staff role counts as staff.
    """
    if not getattr(user, "is_authenticated", False) or user.is_staff or user.is_superuser:
        return False
    return scope.user_scope(user).levels == {Level.CITIZEN}


def citizen_accounts() -> QuerySet[User]:
    """The active citizen accounts (see `is_citizen_account`), as a query."""
    current = Membership.objects.active()
    return (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(pk__in=current.filter(role__level=Level.CITIZEN).values("user"))
        .exclude(pk__in=current.exclude(role__level=Level.CITIZEN).values("user"))
    )
