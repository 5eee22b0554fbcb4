"""Login with an optional TOTP step, the two-factor pages and the profile page."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from jisr.accounts import services
from jisr.accounts.forms import ChangePasswordForm, LoginForm, OtpTokenForm
from jisr.accounts.models import User
from jisr.accounts.selectors import active_user_by_id, memberships_of
from jisr.accounts.two_factor import (
    confirmed_device,
    qr_code_svg,
    requires_two_factor,
    secret_base32,
    totp_device_confirm,
    totp_device_remove,
    totp_device_start,
    totp_verify,
)
from jisr.core import audit
from jisr.core.forms import ConfirmForm

# The password step stores who is halfway through logging in; the OTP step must follow quickly.
PENDING_SESSION_KEY = "jisr_pending_2fa"
PENDING_MAX_AGE_SECONDS = 300


class LoginView(auth_views.LoginView):
    """Password first; a user with a confirmed TOTP device is logged in only after the OTP step."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_SESSION_KEY] = {
            "user_id": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("accounts:two_factor")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # What Django's view does (save, keep the session), with the audit entry in the same transaction.
        user: User = self.request.user  # type: ignore[assignment]
        services.password_change(acting_user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING_SESSION_KEY) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_MAX_AGE_SECONDS:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None, {}
    user = active_user_by_id(pending["user_id"])
    return user, pending


def _wrong_code_message(device: Any) -> str:
    # django-otp doubles the wait after each wrong code; say so rather than reject right codes silently.
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes: wait a little, then enter the code your app shows.")
    return _("This code is not valid. Enter the code your app shows now (check the time of your phone).")


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """The OTP step: completes a pending login, or verifies a logged-in user whose role requires 2FA."""
    if request.user.is_authenticated:
        user: User | None = request.user  # type: ignore[assignment]
        pending: dict[str, Any] = {}
        next_url = _safe_next(request, request.GET.get("next"))
        if request.user.is_verified():  # type: ignore[union-attr,attr-defined]
            return redirect(next_url)
    else:
        user, pending = _pending_user(request)
        next_url = _safe_next(request, pending.get("next"))
    if user is None:
        return redirect("accounts:login")
    device = confirmed_device(user)
    if device is None:
        if request.user.is_authenticated:
            messages.info(request, _("Your role requires two-factor authentication: set up an authenticator app."))
            return redirect("accounts:two_factor_setup")
        return redirect("accounts:login")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(device, form.cleaned_data["token"]):
            if request.user.is_authenticated:
                otp_login(request, device)
            else:
                request.session.pop(PENDING_SESSION_KEY, None)
                user.otp_device = device  # type: ignore[attr-defined]  # django-otp's login signal reads it
                login(request, user, backend=pending["backend"])
            return redirect(next_url)
        form.add_error("token", _wrong_code_message(device))
        audit.record(
            actor=None,
            action="login_failed",
            obj=user,
            changes={"step": "two_factor"},
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    return render(request, "accounts/two_factor.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own account: memberships, roles and two-factor status."""
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships_of(user),
            "device": confirmed_device(user),
            "two_factor_required": requires_two_factor(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP app: scan the QR code (or type the secret), then confirm with a first code."""
    user: User = request.user  # type: ignore[assignment]
    if confirmed_device(user) is not None and not user.is_verified():  # type: ignore[attr-defined]
        # Replacing a device must not become a way around verifying the current one.
        return redirect("accounts:two_factor")
    device = totp_device_start(user=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("accounts:profile")
        form.add_error("token", _wrong_code_message(device))
    context = {"form": form, "qr_svg": qr_code_svg(device), "secret": secret_base32(device)}
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor authentication off after an explicit confirmation."""
    user: User = request.user  # type: ignore[assignment]
    if confirmed_device(user) is None:
        return redirect("accounts:profile")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp_device_remove(acting_user=user, user=user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:profile")
    return render(
        request, "accounts/two_factor_disable.html", {"form": form, "two_factor_required": requires_two_factor(user)}
    )
