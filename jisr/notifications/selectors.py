"""Reads of the notifications: a user only ever reads their own (another's is a 404, like a missing one)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import Level, User
from jisr.core import scope
from jisr.notifications.kinds import kind_of, registered_kinds
from jisr.notifications.models import Delivery, Notification, NotificationPreference

GENERIC_TITLE = _("Something in Jisr concerns you.")


def receives_notifications(user: User | None) -> bool:
    """Staff are told things: a signed-in account with a role other than citizen (or a superuser)."""
    if user is None or not user.is_authenticated:
        return False
    user_scope = scope.user_scope(user)
    return user_scope.is_superuser or bool(user_scope.levels - {Level.CITIZEN})


def notifications_of(user: User, *, unread: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first; only the unread ones with `unread`."""
    notifications = Notification.objects.filter(user=user)
    if unread:
        notifications = notifications.filter(read_at=None)
    return notifications.order_by("-created_at", "-id")


def notification_get(user: User, notification_id: int | str) -> Notification:
    """One of the user's own notifications, or 404 (missing, someone else's, or a malformed id)."""
    return scope.one_or_404(Notification.objects.filter(user=user), pk=notification_id)


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one query, on an index)."""
    return Notification.objects.filter(user=user, read_at=None).count()


def title_of(notification: Notification) -> str | Promise:
    """The kind's sentence, in the active language (a generic one for a kind no app registers any more)."""
    kind = kind_of(notification.kind)
    return kind.title if kind else GENERIC_TITLE


def target_of(notification: Notification) -> str:
    """The path of the object's page (the page checks the reader's scope); the list for an unknown kind."""
    kind = kind_of(notification.kind)
    return kind.link(notification.object_id) if kind else reverse("notifications:list")


@dataclass(frozen=True)
class ShownNotification:
    """A notification as a page or the API shows it."""

    id: int
    kind: str
    title: str
    reference: str
    url: str  # the object's page
    open_url: str  # marks it read, then goes to the object's page
    created_at: datetime.datetime
    read_at: datetime.datetime | None

    @property
    def unread(self) -> bool:
        return self.read_at is None


def shown(notifications: Iterable[Notification]) -> list[ShownNotification]:
    """The notifications with their sentence (in the active language) and links."""
    return [
        ShownNotification(
            id=notification.pk,
            kind=notification.kind,
            title=str(title_of(notification)),
            reference=notification.reference,
            url=target_of(notification),
            open_url=reverse("notifications:open", args=[notification.pk]),
            created_at=notification.created_at,
            read_at=notification.read_at,
        )  # fmt: skip
        for notification in notifications
    ]


@dataclass(frozen=True)
class PreferenceRow:
    """One kind with the user's choice for it and its default."""

    kind: str
    label: str
    recipients: str
    delivery: str
    default: str


def preferences_of(user: User) -> list[PreferenceRow]:
    """The kinds the user may be told of, each with their choice (the kind's default where they made none)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        PreferenceRow(
            kind=kind.code,
            label=str(kind.label),
            recipients=str(kind.recipients),
            delivery=chosen.get(kind.code, kind.default),
            default=kind.default,
        )  # fmt: skip
        for kind in registered_kinds()
        if kind.offered_to(user)
    ]


def delivery_labels() -> dict[str, str]:
    """The choices of delivery, translated."""
    return {value: str(label) for value, label in Delivery.choices}
