"""What the social watch tells people (`jisr.notifications`): an alert raised in their territory.

The coordinators of the alert's province and region who may see alerts are told; the e-mail says one
generic sentence in the recipient's language and links to the alert (no figure, no place name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from jisr.notifications.kinds import NotificationKind, page, register_kinds, seen_with
from jisr.notifications.services import notify

if TYPE_CHECKING:
    from jisr.watch.models import Alert

RAISED = "watch.alert_raised"
VIEW_ALERT = "watch.view_alert"

KINDS = [
    NotificationKind(
        code=RAISED,
        label=_("A social-watch alert is raised in my territory"),
        title=_("A social-watch alert was raised in your territory."),
        recipients=_("the coordinators of the alert's province and region"),
        link=page("watch:alert"),
        may_see=seen_with(VIEW_ALERT),
        order=60,
        offered_with=VIEW_ALERT,
    ),
]


def register() -> None:
    register_kinds(*KINDS)


def raised(*, alert: Alert) -> None:
    """Tell the territory's coordinators, in the transaction that raised the alert."""
    from jisr.watch.selectors import coordinators_of

    notify(kind=RAISED, obj=alert, recipients=coordinators_of(alert))
