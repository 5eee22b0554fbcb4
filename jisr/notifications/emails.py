"""The e-mails of the notifications, sent by Celery tasks after the commit, each in its recipient's language.

What an e-mail may carry (docs/notifications.md): the kind's generic sentence, the link to the notification
in Jisr (which opens the object once the reader has signed in and only if they may see it) and the link to
the preferences. Never a beneficiary's name, a reference number, a note or anything about a vulnerability:
an e-mail leaves Jisr's protection (mail servers, phones, forwarded messages), a link does not.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from jisr.accounts.models import User
from jisr.accounts.selectors import language_of
from jisr.notifications.models import Notification
from jisr.notifications.selectors import title_of

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """The address of a page of Jisr, for a message read outside it (JISR_SITE_URL)."""
    return settings.JISR_SITE_URL.rstrip("/") + path


def _item(notification: Notification) -> dict[str, object]:
    """The sentence (lazy: translated when the message is rendered in its reader's language) and the link."""
    return {"title": title_of(notification), "link": absolute(reverse("notifications:open", args=[notification.pk]))}


def _message(user: User, template: str, context: dict[str, object]) -> EmailMessage:
    """The subject and body templates `notifications/email/<template>_subject.txt` and `…_body.txt`, rendered in
    the recipient's language."""
    language = language_of(user)
    with translation.override(language):
        context = {**context, "preferences_link": absolute(reverse("notifications:preferences"))}
        subject = " ".join(render_to_string(f"notifications/email/{template}_subject.txt", context).split())
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
                        headers={"Content-Language": language})  # fmt: skip


def _claim(ids: Sequence[int], at: datetime.datetime) -> int:
    """Take notifications whose e-mail has not left yet (a conditional update: two runs never both send)."""
    return Notification.objects.filter(pk__in=ids, emailed_at=None).update(emailed_at=at)


def _release(ids: Sequence[int], at: datetime.datetime) -> None:
    """Give back notifications whose e-mail could not leave (the next digest, or a retry, takes them)."""
    Notification.objects.filter(pk__in=ids, emailed_at=at).update(emailed_at=None)


def send_immediate(notification_ids: Sequence[int]) -> int:
    """Send the e-mail of each notification to be told at once, once; returns how many left."""
    sent = 0
    notifications = Notification.objects.filter(
        pk__in=notification_ids, email=Notification.Email.IMMEDIATE, emailed_at=None
    ).select_related("user")
    for notification in notifications:
        user = notification.user
        at = timezone.now()
        if not user.email or not _claim([notification.pk], at):
            continue
        try:
            _message(user, "notification", _item(notification)).send()
        except Exception:  # the mail server: logged, the notification stays in Jisr and may be sent again
            logger.exception("the e-mail of notification %s could not be sent", notification.pk)
            _release([notification.pk], at)
        else:
            sent += 1
    return sent


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per user with their notifications waiting for the daily digest and still unread (what was
    read in Jisr needs no e-mail); each is sent once. Returns how many e-mails left."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(
        email=Notification.Email.DIGEST, emailed_at=None, read_at=None, created_at__lte=now
    )
    sent = 0
    for user in User.objects.filter(pk__in=waiting.values("user_id"), is_active=True).exclude(email=""):
        at = timezone.now()
        if not _claim(list(waiting.filter(user=user).values_list("pk", flat=True)), at):
            continue
        mine = list(Notification.objects.filter(user=user, emailed_at=at).order_by("created_at", "id"))
        try:
            _message(user, "digest", {"items": [_item(notification) for notification in mine]}).send()
        except Exception:
            logger.exception("the daily digest of user %s could not be sent", user.pk)
            _release([notification.pk for notification in mine], at)
        else:
            sent += 1
    return sent
