"""Who may see or do what: the one place that answers it (DESIGN.md "Territory and scope model").

A user's active memberships give them a role at an anchor (national, region, province, center,
partner organization). A permission ("app.codename") held through a role applies to every record
whose anchor lies below that membership's anchor. Selectors filter with `scope_filter`; single
records are checked with `may_access` and an outsider gets a 404 (`get_in_scope_or_404`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class Grant:
    """One permission held at one anchor."""

    level: str
    region_code: str | None = None
    province_code: str | None = None
    center_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Anchor:
    """Where a record sits in the territory (any part may be unknown)."""

    region_code: str | None = None
    province_code: str | None = None
    center_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None


@dataclass(frozen=True)
class AnchorFields:
    """The lookups that lead from a model to its anchor, for queryset filtering."""

    region: str | None = None
    province: str | None = None
    center: str | None = None
    organization: str | None = None


@dataclass
class UserScope:
    grants_by_permission: dict[str, list[Grant]] = field(default_factory=dict)
    role_slugs: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    sees_personal_data: bool = False
    is_superuser: bool = False

    def grants(self, permission: str) -> list[Grant]:
        return self.grants_by_permission.get(permission, [])

    def has_permission_somewhere(self, permission: str) -> bool:
        return self.is_superuser or bool(self.grants(permission))


_CACHE_ATTR = "_jisr_scope_cache"


def user_scope(user: Any) -> UserScope:
    """The user's grants, computed once per request (cached on the user object)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = UserScope()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return scope
    from jisr.accounts.models import Membership

    memberships = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("role", "center", "province")
        .prefetch_related("role__permissions__content_type")
    )
    grants: dict[str, list[Grant]] = {}
    slugs: set[str] = set()
    levels: set[str] = set()
    sees_personal = False
    for membership in memberships:
        role = membership.role
        slugs.add(role.slug)
        levels.add(role.level)
        sees_personal = sees_personal or role.sees_personal_data
        grant = Grant(
            level=role.level,
            region_code=membership.region_id,
            province_code=membership.province_id,
            center_id=membership.center_id,
            organization_id=membership.organization_id,
        )
        for permission in role.permissions.all():
            key = f"{permission.content_type.app_label}.{permission.codename}"
            grants.setdefault(key, []).append(grant)
    scope = UserScope(
        grants_by_permission=grants,
        role_slugs=frozenset(slugs),
        levels=frozenset(levels),
        sees_personal_data=sees_personal or user.is_superuser,
        is_superuser=user.is_superuser,
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after a membership or role change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _grant_covers(grant: Grant, anchor: Anchor) -> bool:
    if grant.level == "national" and grant.organization_id is None:
        return True
    if grant.region_code is not None:
        return anchor.region_code == grant.region_code
    if grant.province_code is not None:
        return anchor.province_code == grant.province_code
    if grant.center_id is not None:
        return anchor.center_id == grant.center_id
    if grant.organization_id is not None:
        return anchor.organization_id == grant.organization_id
    return False


def may_access(user: Any, permission: str, anchor: Anchor) -> bool:
    """True when one of the user's memberships grants `permission` over `anchor`."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    return any(_grant_covers(grant, anchor) for grant in scope.grants(permission))


def scope_q(user: Any, permission: str, fields: AnchorFields) -> Q:
    """The condition selecting the records whose anchor the user's grants of `permission` cover.

    `Q()` (everything) for a national grant, a condition that matches nothing without any grant.
    """
    scope = user_scope(user)
    if scope.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for grant in scope.grants(permission):
        if grant.level == "national" and grant.organization_id is None and grant.region_code is None:
            return Q()
        if grant.region_code is not None and fields.region:
            condition |= Q(**{fields.region: grant.region_code})
        elif grant.province_code is not None and fields.province:
            condition |= Q(**{fields.province: grant.province_code})
        elif grant.center_id is not None and fields.center:
            condition |= Q(**{fields.center: grant.center_id})
        elif grant.organization_id is not None and fields.organization:
            condition |= Q(**{fields.organization: grant.organization_id})
    return condition


def scope_filter(queryset: QuerySet[_M], user: Any, permission: str, fields: AnchorFields) -> QuerySet[_M]:
    """Restrict `queryset` to the records whose anchor the user's grants of `permission` cover."""
    condition = scope_q(user, permission, fields)
    return queryset.filter(condition) if condition else queryset


def get_in_scope_or_404(queryset: QuerySet[_M], user: Any, permission: str, fields: AnchorFields, **lookup: Any) -> _M:
    """The record, or Http404 whether it is missing or outside the user's scope."""
    try:
        return scope_filter(queryset, user, permission, fields).get(**lookup)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc


def require_permission_or_404(user: Any, permission: str) -> None:
    """Pages reserved to a permission answer 404 to everyone else: no hint that they exist."""
    if not user_scope(user).has_permission_somewhere(permission):
        raise Http404
