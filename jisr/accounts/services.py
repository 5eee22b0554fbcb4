"""Every write on users, roles and memberships: keyword-only, validated, atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import ApiToken, Level, Membership, Role, User
from jisr.accounts.selectors import audit_search
from jisr.centers.models import Center, Organization
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import forget_scope
from jisr.territories.models import Province, Region

# Which anchor field a membership of each level must carry (None: no anchor at all).
ANCHOR_FIELD_BY_LEVEL: dict[str, str | None] = {
    Level.NATIONAL: None,
    Level.CITIZEN: None,
    Level.REGION: "region",
    Level.PROVINCE: "province",
    Level.CENTER: "center",
    Level.PARTNER: "organization",
}
ANCHOR_FIELDS = ("region", "province", "center", "organization")


def _permission_label(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


@transaction.atomic
def role_set_permissions(*, acting_user: User, role: Role, permissions: Iterable[Permission]) -> Role:
    """Replace the role's permission set; the audit entry lists what was added and removed."""
    role = Role.objects.select_for_update().get(pk=role.pk)
    before = {_permission_label(p) for p in role.permissions.select_related("content_type")}
    wanted = list(permissions)
    after = {_permission_label(p) for p in wanted}
    if before == after:
        return role
    role.permissions.set(wanted)
    audit.record(
        actor=acting_user,
        action="update",
        obj=role,
        object_repr=role.name_en,
        changes={"permissions": [sorted(before), sorted(after)]},
    )
    return role


@transaction.atomic
def user_create(
    *,
    acting_user: User,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an active staff or citizen account with a validated password (memberships come next)."""
    from django.contrib.auth.password_validation import validate_password

    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(
        actor=acting_user,
        action="create",
        obj=user,
        changes=audit.diff({}, audit.snapshot(user, ["username", "email", "first_name", "last_name", "is_active"])),
    )
    return user


@transaction.atomic
def user_deactivate(*, acting_user: User, user: User) -> User:
    """Deactivate an account: it can no longer log in, its memberships end today and its tokens are revoked."""
    if user.pk == acting_user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    ended = list(Membership.objects.active().filter(user=user))
    for membership in ended:
        _close(membership, _yesterday())
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.is_active = False
    user.save(update_fields=["is_active"])
    forget_scope(user)
    audit.record(
        actor=acting_user,
        action="update",
        obj=user,
        changes={"is_active": [True, False], "memberships_ended": len(ended), "tokens_revoked": revoked},
    )
    return user


def _validate_anchor(role: Role, anchors: dict[str, Any]) -> None:
    required = ANCHOR_FIELD_BY_LEVEL.get(role.level)
    level = {"level": role.get_level_display()}
    errors: dict[str, list[Any]] = {}
    for name in ANCHOR_FIELDS:
        value = anchors.get(name)
        if name == required and value is None:
            errors[name] = [_("A role of level “%(level)s” needs this anchor.") % level]
        elif name != required and value is not None:
            errors[name] = [_("A role of level “%(level)s” cannot have this anchor.") % level]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_add(
    *,
    acting_user: User,
    user: User,
    role: Role,
    region: Region | None = None,
    province: Province | None = None,
    center: Center | None = None,
    organization: Organization | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    """Give `user` a role at the one anchor its level calls for (a center-level role needs a center…)."""
    anchors = {"region": region, "province": province, "center": center, "organization": organization}
    _validate_anchor(role, anchors)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date is before the start date.")]})
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    membership = Membership(user=user, role=role, starts_on=starts_on, ends_on=ends_on, **anchors)
    membership.full_clean()
    membership.save()
    forget_scope(user)
    audit.record(
        actor=acting_user,
        action="create",
        obj=membership,
        changes=audit.diff({}, audit.snapshot(membership, ["user", "role", *ANCHOR_FIELDS, "starts_on", "ends_on"])),
    )
    return membership


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def _close(membership: Membership, last_day: datetime.date) -> None:
    # `ends_on` is the last day the membership counts (inclusive), so ending "now" means yesterday;
    # one that had not started yet is closed on the same day so the range stays valid.
    membership.ends_on = last_day
    fields = ["ends_on"]
    if membership.starts_on and membership.starts_on > last_day:
        membership.starts_on = last_day
        fields.append("starts_on")
    membership.save(update_fields=fields)


@transaction.atomic
def membership_end(*, acting_user: User, membership: Membership) -> Membership:
    """End a membership now: from this moment it grants nothing (its last day was yesterday)."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.ends_on is not None and membership.ends_on < timezone.localdate():
        raise ValidationError(_("This membership has already ended."))
    old = audit.snapshot(membership, ["starts_on", "ends_on"])
    _close(membership, _yesterday())
    forget_scope(membership.user)
    audit.record(
        actor=acting_user,
        action="update",
        obj=membership,
        changes=audit.diff(old, audit.snapshot(membership, ["starts_on", "ends_on"])),
    )
    return membership


@transaction.atomic
def password_change(*, acting_user: User, new_password: str) -> None:
    """Set the user's own new password (already validated by the form) and audit it in the same transaction."""
    acting_user.set_password(new_password)
    acting_user.save(update_fields=["password"])
    audit.record(actor=acting_user, action="update", obj=acting_user, changes={"password": "changed"})


@transaction.atomic
def preferred_language_set(*, acting_user: User, language: str) -> User:
    """The language of the user's own e-mails (one of LANGUAGES; blank: the site's default, Arabic); audited."""
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": [_("Choose one of the languages of the site.")]})
    before = acting_user.preferred_language
    if before != language:
        acting_user.preferred_language = language
        acting_user.save(update_fields=["preferred_language"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=acting_user,
                     changes={"preferred_language": [before, language]})  # fmt: skip
    return acting_user


@transaction.atomic
def audit_log_export(*, acting_user: User, filters: Mapping[str, Any], ip_address: str | None) -> QuerySet[AuditLog]:
    """The entries matching `filters`, to be streamed as CSV; the export itself is written to the log first.

    Needs core.view_audit (Http404 otherwise, from `audit_search`).
    """
    entries = audit_search(acting_user, dict(filters))
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.EXPORT,
        object_type="core.auditlog",
        changes={
            "format": "CSV",
            "filters": {key: str(value) for key, value in filters.items() if value},
            "rows": entries.count(),
        },
        ip_address=ip_address,
    )
    return entries
