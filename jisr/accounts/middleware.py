"""Enforce TOTP two-factor verification for the roles listed in JISR_2FA_REQUIRED_ROLES."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from jisr.core.scope import user_scope

# Only what a user needs to log in, verify or set up a device is reachable before verification;
# the rest of /accounts/ (users, roles, audit log) is as protected as any other page.
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/accounts/profile/",
    "/accounts/password-reset/",
    "/i18n/",
    "/static/",
    "/hsds/",
)


class TwoFactorEnforcementMiddleware:
    """A user whose role requires 2FA is sent to set up or verify a TOTP device before any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        required = set(settings.JISR_2FA_REQUIRED_ROLES)
        user = getattr(request, "user", None)
        if (
            required
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and required & user_scope(user).role_slugs
            and not user.is_verified()
        ):
            if request.path.startswith("/api/"):
                # Bearer tokens are only issued after the OTP step; an unverified session gets nothing.
                if "HTTP_AUTHORIZATION" in request.META:
                    return self.get_response(request)
                return JsonResponse({"detail": _("Two-factor verification is required.")}, status=401)
            return redirect("accounts:two_factor")
        return self.get_response(request)
