"""Thin Celery tasks of the core (schedule `purge_uploads` and `purge_idempotency_keys` daily with beat
or cron)."""

from __future__ import annotations

from celery import shared_task

from jisr.core.file_retention import files_purge
from jisr.core.idempotency import idempotency_keys_purge


@shared_task(name="core.purge_uploads")
def purge_uploads() -> dict[str, int]:
    return files_purge()


@shared_task(name="core.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    return idempotency_keys_purge()


@shared_task(name="core.send_sms")
def send_sms_task(number: str, sealed_text: str) -> bool:
    """Send one short message whose text was encrypted for the broker (`jisr.core.sms.send_sms_on_commit`).

    False when the backend could not deliver it: the backend has logged why. A code or a notice that did not
    arrive is asked for again by its reader; retrying here would deliver it after it has expired."""
    from jisr.core import crypto, sms

    try:
        sms.send_sms(number, crypto.decrypt(sealed_text))
    except sms.SmsError:
        return False
    return True
