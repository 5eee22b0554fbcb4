"""Every write of the notifications: telling people (`notify`), marking read, preferences, e-mails, retention.

`notify` is what the other apps call from their services, inside their transaction: the rows are written
with the change they announce, and the e-mails are handed to a Celery task once that transaction commits
(`transaction.on_commit`), so a change rolled back tells nobody anything.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.accounts.services import preferred_language_set
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.notifications.kinds import kind_of
from jisr.notifications.models import Delivery, Notification, NotificationPreference

logger = logging.getLogger(__name__)


def _recipients(recipients: Iterable[User | None], actor: User | None) -> dict[int, User]:
    """Each active recipient once, without the person who acted (nobody is told of their own act)."""
    people: dict[int, User] = {}
    for user in recipients:
        if user is None or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        people.setdefault(user.pk, user)
    return people


@transaction.atomic
def notify(
    *, kind: str, obj: Model, recipients: Iterable[User | None], actor: User | None = None, reference: str = "",
    event_key: str = "",
) -> list[Notification]:  # fmt: skip
    """Tell `recipients` that `kind` happened to `obj`, in the caller's transaction.

    Each recipient is told at most once, and only when they may open `obj` (the kind's `may_see`) and
    have not turned the kind off; the e-mails of those who want them at once leave after the commit.
    `reference` is a number the recipients already know (a case's reference), never a name. A periodic
    detection names its event (`event_key`): the same event is never notified twice to the same person,
    even by two runs at once (a unique constraint). Returns the notifications written.
    """
    spec = kind_of(kind)
    if spec is None:
        raise LookupError(f"unregistered notification kind {kind!r}: register it in the owning app's ready()")
    people = _recipients(recipients, actor)
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    if event_key and people:
        already = Notification.objects.filter(
            kind=kind, object_type=object_type, object_id=object_id, event_key=event_key, user_id__in=people
        ).values_list("user_id", flat=True)
        for user_id in list(already):
            people.pop(user_id, None)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=people, kind=kind).values_list("user_id", "delivery")
    )
    created: list[Notification] = []
    for user in people.values():
        delivery = chosen.get(user.pk, spec.default)
        if delivery == Delivery.OFF or not spec.may_see(user, obj):
            continue
        email = Notification.Email(delivery) if user.email else Notification.Email.NONE
        try:
            with transaction.atomic():  # a savepoint: a concurrent run's row makes this one a no-op
                created.append(
                    Notification.objects.create(
                        user=user,
                        kind=kind,
                        object_type=object_type,
                        object_id=object_id,
                        reference=reference[:60],
                        event_key=event_key,
                        email=email,
                    )  # fmt: skip
                )
        except IntegrityError:
            continue
    immediate = [notification.pk for notification in created if notification.email == Notification.Email.IMMEDIATE]
    if immediate:
        # robust: a broker that cannot be reached is logged, it does not turn the committed change into an error
        transaction.on_commit(partial(_send_later, immediate), robust=True)
    return created


def _send_later(notification_ids: list[int]) -> None:
    from jisr.notifications.tasks import send_emails

    send_emails.delay(notification_ids)


def notification_mark_read(*, acting_user: User, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (404 for anyone else's); marking it again changes nothing."""
    if notification.user_id != acting_user.pk:
        raise Http404
    Notification.objects.filter(pk=notification.pk, read_at=None).update(read_at=timezone.now())
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, acting_user: User) -> int:
    """Mark every unread notification of the user read; returns how many were unread."""
    return Notification.objects.filter(user=acting_user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, acting_user: User, deliveries: Mapping[str, str], language: str | None = None) -> dict[str, str]:
    """Save the user's own choices per kind (immediate, daily digest or off) and, if given, the language of
    their e-mails; audited (old → new). Unknown kinds or deliveries are refused, naming the kind."""
    errors: dict[str, list[str]] = {}
    for code, delivery in deliveries.items():
        if kind_of(code) is None:
            errors.setdefault(code, []).append(_("Unknown kind of notification."))
        elif delivery not in Delivery.values:
            errors.setdefault(code, []).append(_("Choose immediate, daily digest or off."))
    if errors:
        raise ValidationError(errors)
    current = dict(
        NotificationPreference.objects.filter(user=acting_user, kind__in=list(deliveries)).values_list(
            "kind", "delivery"
        )
    )
    changes: dict[str, list[str | None]] = {}
    for code, delivery in deliveries.items():
        spec = kind_of(code)
        before = current.get(code, spec.default if spec else None)
        if before == delivery:
            continue
        NotificationPreference.objects.update_or_create(user=acting_user, kind=code, defaults={"delivery": delivery})
        changes[code] = [before, delivery]
    if changes:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=acting_user,
                     object_type="notifications.notificationpreference", changes=changes)  # fmt: skip
    if language is not None:
        preferred_language_set(acting_user=acting_user, language=language)
    return dict(deliveries)


def notifications_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the notifications older than JISR_NOTIFICATION_RETENTION_DAYS, read or not; returns how many."""
    now = now or timezone.now()
    days = settings.JISR_NOTIFICATION_RETENTION_DAYS
    with transaction.atomic():
        deleted, _per_model = Notification.objects.filter(created_at__lt=now - datetime.timedelta(days=days)).delete()
        if deleted:
            audit.record(actor=None, action=AuditLog.Action.DELETE, object_type="notifications.notification",
                         changes={"deleted": deleted, "retention_days": days})  # fmt: skip
    return deleted
