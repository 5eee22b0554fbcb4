"""What Khadamati tells citizens by text message or e-mail, in their language, sent after the write commits.

Texts are short (an Arabic text message holds 70 characters per part) and never say more than the sign-in
code or that something changed: the details are read once signed in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.core import crypto, sms
from jisr.khadamati.models import Channel
from jisr.khadamati.tasks import send_email_task


def in_language(language: str, build: Callable[[], str]) -> str:
    """`build()` rendered in `language` (Arabic when it is not one of the site's)."""
    known = {code for code, _name in settings.LANGUAGES}
    with translation.override(language if language in known else settings.LANGUAGE_CODE):
        return build()


def send_on_commit(channel: str, address: str, subject: str, text: str) -> None:
    """Send `text` to the mobile number or e-mail address once the transaction commits (by Celery)."""
    if channel == Channel.SMS:
        sms.send_sms_on_commit(address, text)
        return
    sealed_subject, sealed_body = crypto.encrypt(subject), crypto.encrypt(text)
    transaction.on_commit(lambda: send_email_task.delay(address, sealed_subject, sealed_body))


def sign_in_code(*, channel: str, address: str, code: str, language: str) -> None:
    """The sign-in code, in the language of the page it was asked from."""
    minutes = int(settings.JISR_OTP_CODE_MINUTES)

    def text() -> str:
        if channel == Channel.SMS:
            return _("Khadamati: your code is %(code)s, valid %(minutes)s min. Never give it to anyone.") % {
                "code": code,
                "minutes": minutes,
            }
        return _(
            "Your Khadamati sign-in code is %(code)s.\n\nIt is valid for %(minutes)s minutes and can be used once. "
            "Never give it to anyone, even to someone who says they work for the administration.\n\n"
            "If you did not ask for it, ignore this message."
        ) % {"code": code, "minutes": minutes}

    subject = in_language(language, lambda: _("Your Khadamati code"))
    send_on_commit(channel, address, subject, in_language(language, text))


def account_notice(*, user: object) -> None:
    """Tell a citizen that the office answered them (by text message, else e-mail), in their language."""
    phone = getattr(user, "phone", "")
    email = getattr(user, "email", "")
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    if not (phone or email):
        return
    text = in_language(language, lambda: _("Khadamati: the office has answered you. Sign in to read its answer."))
    subject = in_language(language, lambda: _("Khadamati: the office has answered you"))
    if phone:
        send_on_commit(Channel.SMS, phone, subject, text)
    else:
        send_on_commit(Channel.EMAIL, email, subject, text)


def request_notice(*, user: object) -> None:
    """Tell an applicant that their request has moved (by text message and by e-mail, whichever they have), in
    their language; the text says only that, the request page says what."""
    phone = getattr(user, "phone", "")
    email = getattr(user, "email", "")
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    text = in_language(language, lambda: _("Khadamati: your request has moved on. Sign in to follow it."))
    subject = in_language(language, lambda: _("Khadamati: your request has moved on"))
    if phone:
        send_on_commit(Channel.SMS, phone, subject, text)
    if email:
        send_on_commit(Channel.EMAIL, email, subject, text)
