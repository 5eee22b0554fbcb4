"""Short messages (SMS): one function, `send_sms(number, text)`, through the backend JISR_SMS_BACKEND names,
as Django sends e-mail through EMAIL_BACKEND (docs/khadamati.md, "SMS gateway").

- `jisr.core.sms.backends.ConsoleBackend` prints each message (the demo: the sign-in code appears in the
  terminal of `make demo`);
- `jisr.core.sms.backends.LocmemBackend` appends it to `jisr.core.sms.outbox` (the tests read it there);
- `jisr.core.sms.backends.HttpBackend` posts it as JSON to the provider configured by the environment.

A backend that cannot deliver raises `SmsError` (logged with the number masked, never the text: it may hold a
code). A message that follows a database write is sent once the transaction commits, by a Celery task
(`send_sms_on_commit`); the text travels to the broker encrypted with the field keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from jisr.core import crypto

# An E.164 number: a plus, then 8 to 15 digits.
E164 = re.compile(r"\+[1-9][0-9]{7,14}")


class SmsError(Exception):
    """The message could not be handed to the provider (the message says why, without the text)."""


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


class SmsBackend(Protocol):
    def send(self, message: Sms) -> None: ...


# The messages the locmem backend "sent", oldest first (like django.core.mail.outbox).
outbox: list[Sms] = []


@lru_cache(maxsize=4)
def _backend_class(path: str) -> type[SmsBackend]:
    return import_string(path)  # type: ignore[no-any-return]


def get_backend() -> SmsBackend:
    """An instance of the configured backend (read from the settings at each call, so tests may change it)."""
    return _backend_class(settings.JISR_SMS_BACKEND)()


def mask(number: str) -> str:
    """A number as logs and pages may show it: the country code and the last two digits only."""
    if len(number) <= 6:
        return "•" * len(number)
    return number[:4] + "•" * (len(number) - 6) + number[-2:]


def send_sms(number: str, text: str) -> None:
    """Send `text` to `number` (E.164, e.g. +212612345678) now; SmsError when the backend cannot."""
    if not E164.fullmatch(number):
        raise SmsError(f"not an international number: {mask(number)}")
    if not text:
        raise SmsError("empty message")
    get_backend().send(Sms(to=number, text=text))


def send_sms_on_commit(number: str, text: str) -> None:
    """Send the message by a Celery task once the current transaction commits (at once outside one)."""
    from jisr.core.tasks import send_sms_task

    sealed = crypto.encrypt(text)
    transaction.on_commit(lambda: send_sms_task.delay(number, sealed))
