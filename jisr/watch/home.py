"""What the social watch gives the home page and the menu: the open alerts of the user's territory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jisr.core import alerts, menu_counts, worklist
from jisr.core.scope import user_scope
from jisr.watch import selectors
from jisr.watch.labels import alert_title
from jisr.watch.models import Alert

HOME_LIMIT = 10


def _shown(user: Any, limit: int) -> list[Alert]:
    return list(selectors.alert_list(user, status="active")[:limit])


def home_alerts(user: Any) -> Iterable[alerts.Alert]:
    """The open alerts of the user's territory on the home's "Alerts" panel."""
    if not user_scope(user).has_permission_somewhere(selectors.VIEW_ALERT):
        return []
    return [
        alerts.Alert(
            title=alert_title(alert),
            url=reverse("watch:alert", args=[alert.pk]),
            level=alert.severity,
            detail=gettext("Social watch"),
            when=alert.raised_at.date(),
        )  # fmt: skip
        for alert in _shown(user, HOME_LIMIT)
    ]


def _items(user: Any, limit: int) -> list[worklist.WorkItem]:
    return [
        worklist.WorkItem(
            kind="watch.alert",
            title=alert_title(alert),
            due=alert.raised_at.date(),
            url=reverse("watch:alert", args=[alert.pk]),
            detail=alert.rule.name,  # an alert is not late: it is new
        )  # fmt: skip
        for alert in selectors.alert_list(user, status=Alert.Status.OPEN)[:limit]
    ]


def work_items(user: Any) -> list[worklist.WorkItem]:
    return _items(user, worklist.SECTION_LIMIT) if _applies(user) else []


def _applies(user: Any) -> bool:
    return user_scope(user).has_permission_somewhere(selectors.CHANGE_ALERT)


def _count(user: Any) -> int:
    return selectors.alert_list(user, status=Alert.Status.OPEN).count()


SECTION = worklist.WorkSection(
    name="watch.alerts",
    title=_("Social-watch alerts to acknowledge"),
    applies=_applies,
    items=_items,
    count=_count,
    order=40,
    more_url=lambda: reverse("watch:alerts") + "?status=open",
)


def register() -> None:
    alerts.register_provider(home_alerts)
    worklist.register_provider(work_items)
    worklist.register_section(SECTION)
    menu_counts.register_counter("watch", selectors.open_alert_count)
