"""Every read of the social watch, limited to the reader's scope (`jisr.core.scope`).

An alert is seen by those who hold `watch.view_alert` over its territory: a national grant sees every
alert, a region's coordinator the alerts of their region (its provinces and centers included), a
province's coordinator those of their province. Rules are national settings (`watch.view_watchrule`).
Anyone else gets a 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from jisr.accounts.models import Membership, User
from jisr.core import scope
from jisr.watch.models import Alert, AlertEvent, WatchRule

VIEW_ALERT = "watch.view_alert"
CHANGE_ALERT = "watch.change_alert"
VIEW_RULE = "watch.view_watchrule"
CHANGE_RULE = "watch.change_watchrule"
ADD_RULE = "watch.add_watchrule"
OPEN = [Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED]


def require_alerts(user: User) -> None:
    """404 for whoever holds `watch.view_alert` nowhere (partners, social workers, citizens)."""
    scope.require(user, VIEW_ALERT)


def alert_list(
    user: User, *, status: str = "", signal: str = "", region: str = "", mine: bool = False
) -> QuerySet[Alert]:
    """The alerts the user may see, newest first; `status` "active" means not closed."""
    alerts = scope.in_scope(user, VIEW_ALERT, Alert).select_related("rule", "center", "assigned_to")
    if status == "active":
        alerts = alerts.filter(status__in=OPEN)
    elif status in Alert.Status.values:
        alerts = alerts.filter(status=status)
    if signal:
        alerts = alerts.filter(signal=signal)
    if region:
        alerts = alerts.filter(region_code=region)
    if mine:
        alerts = alerts.filter(assigned_to=user)
    return alerts.order_by("-raised_at", "id")


def open_alert_count(user: Any) -> int:
    """The alerts not closed in the user's scope (the number next to the menu entry)."""
    if not scope.user_scope(user).has_permission_somewhere(VIEW_ALERT):
        return 0
    return scope.in_scope(user, VIEW_ALERT, Alert).filter(status__in=OPEN).count()


def alert_get(user: User, alert_id: uuid.UUID | str) -> Alert:
    """One alert, or 404 (missing, outside the user's scope, or the id malformed)."""
    return scope.get_or_404(
        user, VIEW_ALERT, Alert.objects.select_related("rule", "center", "assigned_to"), pk=alert_id
    )


def alert_events(alert: Alert) -> QuerySet[AlertEvent]:
    """The alert's history, oldest first."""
    return alert.events.select_related("by", "assigned_to").order_by("at", "id")


def may_change_alert(user: User, alert: Alert) -> bool:
    return scope.may(user, CHANGE_ALERT, alert)


def _holders(permission: str, anchor: scope.Anchor) -> QuerySet[User]:
    """Active accounts holding `permission` through a membership over the anchor's province or region (the
    territory's coordinators; the nation is not told one by one, it reads the list)."""
    app_label, _dot, codename = permission.partition(".")
    places = Q(pk__in=[])
    if anchor.province_code:
        places |= Q(province_id=anchor.province_code)
    if anchor.region_code:
        places |= Q(region_id=anchor.region_code)
    memberships = Membership.objects.active().filter(
        places, user__is_active=True, role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
    )  # fmt: skip
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("username")


def coordinators_of(alert: Alert) -> list[User]:
    """Whom to tell of a new alert: the coordinators of its province and region who may see alerts."""
    return list(_holders(VIEW_ALERT, scope.anchor_of(alert)))


def assignable_users(alert: Alert) -> QuerySet[User]:
    """Who an alert may be given to: the accounts of its province or region who may act on alerts."""
    return _holders(CHANGE_ALERT, scope.anchor_of(alert))


def assignable_user(alert: Alert, username: str) -> User | None:
    """The account named `username` if the alert may be given to it, else None."""
    return assignable_users(alert).filter(username=username).first()


def require_change(user: User, alert: Alert) -> None:
    """404 unless the user may act on the alert."""
    scope.require(user, CHANGE_ALERT, alert)


def rule_list(user: User) -> QuerySet[WatchRule]:
    """The watch rules (national settings), by name; none without `watch.view_watchrule` at the national level."""
    return scope.in_scope(user, VIEW_RULE, WatchRule).order_by("name")


def rule_get(user: User, rule_id: uuid.UUID | str) -> WatchRule:
    return scope.get_or_404(user, VIEW_RULE, WatchRule, pk=rule_id)


def active_rules() -> QuerySet[WatchRule]:
    """The rules the scheduled evaluation runs (no reader: the task runs for the platform)."""
    return WatchRule.objects.filter(is_active=True).order_by("name", "id")
