"""Reads for the accounts pages, each checking the reader's permission first (404 otherwise)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from jisr.accounts.models import Level, Membership, Role, User
from jisr.accounts.permissions_catalog import assignable_permissions
from jisr.core import audit_display, scope
from jisr.core.audit_display import ShownEntry
from jisr.core.models import AuditLog

if TYPE_CHECKING:
    from jisr.centers.models import Center
    from jisr.core.scope import Anchor


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


AUDIT_PAGE_SIZE = 50
AUDIT_COUNT_LIMIT = 10_000  # past this, the page says "more than 10,000": an exact count would scan them all
AUDIT_ACTOR_LIMIT = 50  # accounts matched by a name search (a name shared by more is too vague to be useful)
AUDIT_EXPORT_BATCH = 500


def audit_actor_ids(query: str) -> list[int]:
    """The accounts whose username, first or family name contains every word of `query`."""
    accounts = User.objects.all()
    for word in query.split():
        accounts = accounts.filter(
            Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    return list(accounts.order_by("pk").values_list("pk", flat=True)[:AUDIT_ACTOR_LIMIT])


def audit_search(user: User, filters: dict[str, Any]) -> QuerySet[AuditLog]:
    """Audit entries matching the filters (newest first), for a reader holding core.view_audit.

    `actor` is searched in the accounts' usernames and names; `object_type` is a model ("cases.case"),
    `object_id` its record; dates are whole local days.
    """
    scope.require(user, "core.view_audit")
    entries = AuditLog.objects.order_by("-occurred_at", "-id")
    if filters.get("actor"):
        actors = audit_actor_ids(filters["actor"])
        # One account (the usual search) reads its index in order; several are merged and sorted.
        entries = entries.filter(actor_id=actors[0]) if len(actors) == 1 else entries.filter(actor_id__in=actors)
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"].strip().lower())
    if filters.get("object_id"):
        entries = entries.filter(object_id=str(filters["object_id"]).strip())
    # Dates are whole local days: [from 00:00, to+1 00:00) in the site's time zone.
    if filters.get("date_from"):
        entries = entries.filter(occurred_at__gte=_local_midnight(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(occurred_at__lt=_local_midnight(filters["date_to"] + datetime.timedelta(days=1)))
    return entries


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _beyond(entry_id: int, *, older: bool) -> Q:
    """The entries before (`older`) or after entry `entry_id` in the log's order (time, then id).

    Written as a range on the time (`<=` its moment) narrowed among equal times by the id, so that each
    (…, occurred_at, id) index reads it as a range: a page far back costs what the first page costs
    (keyset pagination). An unknown id reads nothing."""
    moment = Subquery(AuditLog.objects.filter(pk=entry_id).values("occurred_at")[:1])
    if older:
        return Q(occurred_at__lte=moment) & (Q(occurred_at__lt=moment) | Q(pk__lt=entry_id))
    return Q(occurred_at__gte=moment) & (Q(occurred_at__gt=moment) | Q(pk__gt=entry_id))


@dataclass(frozen=True)
class AuditPage:
    """One page of the log as the reader may read it, with the positions of the pages around it."""

    entries: list[ShownEntry]
    total: int  # the matching entries, counted up to AUDIT_COUNT_LIMIT + 1
    newer: int | None  # the id to read the newer page from (`after`), None on the first page
    older: int | None  # the id to read the older page from (`before`), None on the last page

    @property
    def total_is_capped(self) -> bool:
        return self.total > AUDIT_COUNT_LIMIT

    @property
    def count_limit(self) -> int:
        return AUDIT_COUNT_LIMIT


def audit_page(user: User, filters: dict[str, Any], *, before: int | None = None, after: int | None = None,
               size: int = AUDIT_PAGE_SIZE) -> AuditPage:  # fmt: skip
    """A page of `size` entries matching `filters`: the newest, those older than entry `before`, or those
    newer than entry `after`; names, labels and links as `user` may read them."""
    entries = audit_search(user, filters)
    total = entries.order_by()[: AUDIT_COUNT_LIMIT + 1].count()
    rows: list[AuditLog]
    if after is not None:
        rows = list(entries.filter(_beyond(after, older=False)).order_by("occurred_at", "id")[: size + 1])
        newer = rows[size - 1].pk if len(rows) > size else None
        rows = rows[:size][::-1]
        older = rows[-1].pk if rows else None
    else:
        if before is not None:
            entries = entries.filter(_beyond(before, older=True))
        rows = list(entries[: size + 1])
        older = rows[size - 1].pk if len(rows) > size else None
        rows = rows[:size]
        newer = rows[0].pk if before is not None and rows else None
    return AuditPage(entries=audit_display.present(user, rows), total=total, newer=newer, older=older)


def audit_presented(user: User, entries: QuerySet[AuditLog]) -> Iterator[ShownEntry]:
    """Every entry of `entries` as `user` may read it, resolved a batch at a time (for the export)."""
    batch: list[AuditLog] = []
    for entry in entries.iterator(chunk_size=AUDIT_EXPORT_BATCH):
        batch.append(entry)
        if len(batch) == AUDIT_EXPORT_BATCH:
            yield from audit_display.present(user, batch, links=False)
            batch = []
    if batch:
        yield from audit_display.present(user, batch, links=False)


def staff_of_centers(centers: QuerySet[Center] | list[Center]) -> QuerySet[User]:
    """The active accounts with a membership at one of `centers`, by username (who may hold a case or an action)."""
    return User.objects.filter(is_active=True, memberships__center__in=centers).distinct().order_by("username")


def account_by_username(username: str) -> User | None:
    """The account with this username, or None (the API names people by username)."""
    return User.objects.filter(username=username).first()


def language_of(user: User) -> str:
    """The language in which Jisr writes to the user: their preferred language, else the site's (Arabic)."""
    known = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in known else settings.LANGUAGE_CODE


def nearest_holders(permission: str, anchor: Anchor, *, widen: bool = True) -> list[User]:
    """The active accounts that hold `permission` through a current membership at the narrowest place
    covering `anchor`: its partner organization or its center; with `widen`, when nobody there holds it,
    its province, then its region, then the nation. Whom to tell about a record (the center's manager for
    a plan to approve); whether each may open it is still asked of the scope (`scope.may`)."""
    app_label, _dot, codename = permission.partition(".")
    holding = Membership.objects.active().filter(
        user__is_active=True, role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
    )  # fmt: skip
    places = []
    if anchor.organization_id:
        places.append(Q(organization_id=anchor.organization_id))
    if anchor.center_id:
        places.append(Q(center_id=anchor.center_id))
    if widen:
        if anchor.province_code:
            places.append(Q(province_id=anchor.province_code))
        if anchor.region_code:
            places.append(Q(region_id=anchor.region_code))
        places.append(Q(region=None, province=None, center=None, organization=None, role__level=Level.NATIONAL))
    for place in places:
        users = list(User.objects.filter(pk__in=holding.filter(place).values("user_id")).order_by("username"))
        if users:
            return users
    return []


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
