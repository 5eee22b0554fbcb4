"""What the back office tells applicants beyond "your request has moved on": the convocation to the medical
committee, whose date, time and place the person needs on their phone (docs/khadamati.md, "Medical committee").
Sent after the write commits, through the SMS gateway (else by e-mail), in the applicant's language."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jisr.khadamati.messages import in_language, send_on_commit
from jisr.khadamati.models import Channel


def convocation_notice(*, user: object, scheduled_at: datetime.datetime, place: str) -> str:
    """Send the convocation; the channel used ("sms", "email"), or "" when the applicant has neither."""
    phone = getattr(user, "phone", "")
    email = getattr(user, "email", "")
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    local = timezone.localtime(scheduled_at)
    values = {"date": formats.date_format(local, "d/m/Y"), "time": local.strftime("%H:%M"), "place": place}

    def text() -> str:
        return (
            _("Khadamati: medical committee on %(date)s at %(time)s, %(place)s. A relative may come with you.") % values
        )

    subject = in_language(language, lambda: _("Khadamati: your convocation to the medical committee"))
    if phone:
        send_on_commit(Channel.SMS, phone, subject, in_language(language, text))
        return Channel.SMS
    if email:
        send_on_commit(Channel.EMAIL, email, subject, in_language(language, text))
        return Channel.EMAIL
    return ""


def _tell(user: object, subject: Callable[[], str], text: Callable[[], str]) -> str:
    """Send `text` to the applicant by text message, else by e-mail, in their language; the channel, or ""."""
    phone = getattr(user, "phone", "")
    email = getattr(user, "email", "")
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    if phone:
        send_on_commit(Channel.SMS, phone, in_language(language, subject), in_language(language, text))
        return Channel.SMS
    if email:
        send_on_commit(Channel.EMAIL, email, in_language(language, subject), in_language(language, text))
        return Channel.EMAIL
    return ""


def card_withdrawn_notice(*, user: object) -> str:
    """Tell the holder (the applicant of the card's request) that the card is withdrawn; the reason is read once
    signed in, on the request's page."""
    return _tell(
        user,
        lambda: _("Khadamati: your disability card is withdrawn"),
        lambda: _("Khadamati: your disability card is withdrawn. Sign in to read why."),
    )


def convocation_missed_notice(*, user: object, respond_by: datetime.date) -> str:
    """Tell the applicant that they missed the convocation and by when to contact the office for another one."""
    values = {"date": formats.date_format(respond_by, "d/m/Y")}
    return _tell(
        user,
        lambda: _("Khadamati: you missed the medical committee"),
        lambda: (
            _("Khadamati: you missed the medical committee. Contact the office by %(date)s for a new date.") % values
        ),
    )
