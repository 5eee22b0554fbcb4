"""Logins, failed logins and logouts go to the audit log (whatever view or backend caused them);
a login starts the session's idle clock."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jisr.core import audit
from jisr.core.middleware import mark_active


def _ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in, dispatch_uid="jisr_audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action="login", obj=user, ip_address=_ip(request))


@receiver(user_logged_in, dispatch_uid="jisr_session_active_at_login")
def session_active_at_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The idle timeout counts from here; the session is saved by the login anyway.
    if request is not None and hasattr(request, "session"):
        mark_active(request.session)


@receiver(user_login_failed, dispatch_uid="jisr_audit_login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Only the username is kept: Django has already masked the password in `credentials`.
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        actor=None,
        action="login_failed",
        object_type="accounts.user",
        object_repr=username,
        changes={"username": username},
        ip_address=_ip(request),
    )


@receiver(user_logged_out, dispatch_uid="jisr_audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action="logout", obj=user, ip_address=_ip(request))
