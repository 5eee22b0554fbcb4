"""`jisr check --deploy`: citizens must receive their sign-in codes in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Backends that deliver nothing to a phone: the demo's and the tests'.
NOT_DELIVERING = ("jisr.core.sms.backends.ConsoleBackend", "jisr.core.sms.backends.LocmemBackend")


@register(Tags.security, deploy=True)
def sms_backend_delivers(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """A production installation sends text messages through a provider, whose URL is set."""
    if settings.DEBUG or settings.JISR_DEMO:
        return []
    backend = settings.JISR_SMS_BACKEND
    if backend in NOT_DELIVERING:
        return [
            Warning(
                f"JISR_SMS_BACKEND is {backend}: text messages (Khadamati's sign-in codes) are printed or kept in "
                "memory, never delivered.",
                hint="Set JISR_SMS_BACKEND=jisr.core.sms.backends.HttpBackend and JISR_SMS_HTTP_URL "
                "(docs/khadamati.md).",
                id="khadamati.W001",
            )
        ]
    if backend == "jisr.core.sms.backends.HttpBackend" and not settings.JISR_SMS_HTTP_URL.startswith(
        ("https://", "http://")
    ):
        return [Error("JISR_SMS_HTTP_URL must be the SMS provider's http(s) URL.", id="khadamati.E001")]
    return []
