"""Thin Celery tasks of Khadamati (a worker runs them; eager in embedded mode and in the tests)."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

logger = logging.getLogger("jisr.khadamati")


@shared_task(name="khadamati.send_email")
def send_email_task(address: str, sealed_subject: str, sealed_body: str) -> bool:
    """Send one e-mail whose subject and body were encrypted for the broker; False (logged) when it fails."""
    from django.core.mail import send_mail

    from jisr.core import crypto

    try:
        send_mail(crypto.decrypt(sealed_subject), crypto.decrypt(sealed_body), None, [address])
    except (smtplib.SMTPException, OSError) as error:
        logger.error("e-mail to %s not sent: %s", address.split("@")[-1], error)
        return False
    return True
