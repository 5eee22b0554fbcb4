"""Who may see or do what: the one place that answers it (DESIGN.md "Territory and scope model").

A user's active memberships give them a role at an anchor (national, region, province, center,
partner organization). A permission ("app.codename") held through a role applies to every record
whose anchor lies below that membership's anchor.

Each model that holds scoped data declares its anchor once, with `@anchored(...)` on the model class:
the lookups that lead from a row to its region, province, center or organization, or `Via("field")`
to take the anchor of a related anchored model. From that declaration this module derives, for every
app, the list filter (`in_scope`), the check on one record (`may`, `require`) and the 404
(`get_or_404`): an outsider gets a 404 whether the record is missing or forbidden.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
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

    def through(self, path: str) -> AnchorFields:
        """The same lookups, reached from a model that points to this one through `path`."""
        return AnchorFields(**{f.name: f"{path}__{getattr(self, f.name)}" if getattr(self, f.name) else None
                               for f in fields(self)})  # fmt: skip


@dataclass(frozen=True)
class Via:
    """A model anchored where a related model is: `Via("case")` takes the anchor of `self.case`."""

    field: str
    anchor: str = "default"


DEFAULT = "default"
_DECLARED: dict[type[Model], dict[str, AnchorFields | Via]] = {}


def anchored(default: AnchorFields | Via | None = None, **named: AnchorFields | Via) -> Callable[[type[_M]], type[_M]]:
    """Declare where a model's rows sit: `@anchored(AnchorFields(center="center_id", ...))`.

    A model seen from several sides (a referral: its sender and its recipient) names each anchor;
    `default` is the one used when a caller names none.
    """

    def declare(model: type[_M]) -> type[_M]:
        anchors = dict(named)
        if default is not None:
            anchors[DEFAULT] = default
        if not anchors:
            raise TypeError(f"{model.__name__}: @anchored needs at least one anchor")
        _DECLARED[model] = anchors
        return model

    return declare


def anchored_models() -> list[type[Model]]:
    """Every model that declared an anchor."""
    return list(_DECLARED)


def anchor_fields(model: type[Model], anchor: str = DEFAULT) -> AnchorFields:
    """The lookups from `model` to its anchor `anchor`, following `Via` declarations."""
    declared = _DECLARED.get(model)
    if declared is None or anchor not in declared:
        raise LookupError(f"{model.__name__} declares no anchor {anchor!r}: add @anchored(...) to the model")
    spec = declared[anchor]
    if isinstance(spec, AnchorFields):
        return spec
    related = model._meta.get_field(spec.field).related_model
    return anchor_fields(related, spec.anchor).through(spec.field)  # type: ignore[arg-type]


def _follow(obj: Any, lookup: str | None) -> Any:
    if lookup is None:
        return None
    value = obj
    for part in lookup.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def anchor_of(obj: Model, anchor: str = DEFAULT) -> Anchor:
    """Where one record sits, read from the record itself through its declared lookups."""
    lookups = anchor_fields(type(obj), anchor)
    return Anchor(
        region_code=_follow(obj, lookups.region),
        province_code=_follow(obj, lookups.province),
        center_id=_follow(obj, lookups.center),
        organization_id=_follow(obj, lookups.organization),
    )


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


@dataclass(frozen=True)
class HeldRole:
    """One role a user holds today, as the app that keeps memberships reports it to core."""

    slug: str
    level: str
    sees_personal_data: bool
    grant: Grant
    permissions: frozenset[str]  # "app_label.codename"


GrantLoader = Callable[[Any], Iterable[HeldRole]]
_grant_loader: list[GrantLoader] = []


def register_grant_loader(loader: GrantLoader) -> None:
    """Tell core where a user's roles come from (`accounts` registers it in its AppConfig.ready()).

    Core keeps the rule; the app that stores memberships supplies the facts, so core imports no
    domain app. There is one source of roles: registering another one replaces it.
    """
    _grant_loader[:] = [loader]


def _held_roles(user: Any) -> Iterable[HeldRole]:
    if not _grant_loader:
        # Denying everyone silently would hide a broken setup: say what is missing.
        raise ImproperlyConfigured("No grant loader is registered: the accounts app registers it in ready().")
    return _grant_loader[0](user)


def user_scope(user: Any) -> UserScope:
    """The user's grants, computed once per request (cached on the user object)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = UserScope()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return scope
    grants: dict[str, list[Grant]] = {}
    slugs: set[str] = set()
    levels: set[str] = set()
    sees_personal = False
    for role in _held_roles(user):
        slugs.add(role.slug)
        levels.add(role.level)
        sees_personal = sees_personal or role.sees_personal_data
        for permission in role.permissions:
            grants.setdefault(permission, []).append(role.grant)
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


# The levels of a membership over a territory (more than one center): a province, a region, the country.
TERRITORY_LEVELS = frozenset({"national", "region", "province"})


def holds_over_territory(user: Any, permission: str) -> bool:
    """Whether the user holds `permission` through a membership over a province, a region or the country
    (not only at a center or a partner organization): what their home shows is a territory's figures."""
    scope = user_scope(user)
    return scope.is_superuser or any(grant.level in TERRITORY_LEVELS for grant in scope.grants(permission))


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


def require_permission_or_404(user: Any, permission: str) -> None:
    """Pages reserved to a permission answer 404 to everyone else: no hint that they exist."""
    if not user_scope(user).has_permission_somewhere(permission):
        raise Http404


def in_scope(user: Any, permission: str, source: QuerySet[_M] | type[_M], *, anchor: str = DEFAULT) -> QuerySet[_M]:
    """The records of `source` (a model or a queryset) whose declared anchor the user's grants cover."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    if not user_scope(user).has_permission_somewhere(permission):
        return queryset.none()
    return scope_filter(queryset, user, permission, anchor_fields(queryset.model, anchor))


def may(user: Any, permission: str, obj: Model, *, anchor: str = DEFAULT) -> bool:
    """True when the user holds `permission` over the record's declared anchor."""
    return may_access(user, permission, anchor_of(obj, anchor))


def require(user: Any, permission: str, obj: Model | None = None, *, anchor: str = DEFAULT) -> None:
    """Http404 unless the user holds `permission` over `obj` (or anywhere, without an object).

    The one permission check of services and views: an outsider cannot tell a forbidden record
    from a missing one.
    """
    if obj is None:
        require_permission_or_404(user, permission)
    elif not may(user, permission, obj, anchor=anchor):
        raise Http404


def get_or_404(user: Any, permission: str, source: QuerySet[_M] | type[_M], *, anchor: str = DEFAULT,
               **lookup: Any) -> _M:  # fmt: skip
    """The record matching `lookup` among those in scope, or Http404 (missing, forbidden or malformed id)."""
    return one_or_404(in_scope(user, permission, source, anchor=anchor), **lookup)


def one_or_404(source: QuerySet[_M] | type[_M], **lookup: Any) -> _M:
    """The record matching `lookup`, or Http404 when it is missing or the id is malformed.

    For reads whose rule is not a territory: public records (the directory) or a filter the caller
    already applied (a user's own uploads). Scoped records go through `get_or_404`.
    """
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc
