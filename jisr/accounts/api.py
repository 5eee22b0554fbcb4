"""`/api/v1/auth`: obtain a bearer token, revoke it, and see who you are."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from jisr.accounts.auth import TOKEN_REQUEST_ATTR
from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.lockout import LOCKED_OUT_STATUS
from jisr.accounts.models import Membership
from jisr.accounts.selectors import active_memberships_of
from jisr.accounts.tokens import token_issue, token_revoke
from jisr.accounts.two_factor import confirmed_device, requires_two_factor, totp_verify
from jisr.core import audit
from jisr.core.api_schemas import Input, Message

router = Router(tags=["auth"])


class TokenIn(Input):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


class MembershipOut(Schema):
    role: str
    role_name: str
    level: str
    anchor_type: str | None
    anchor_id: str | None
    anchor_name: str | None
    ends_on: datetime.date | None


class MeOut(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    roles: list[MembershipOut]


@router.post("/token", auth=None, response={200: TokenOut, 401: Message, 429: Message})
def token_obtain(request: HttpRequest, payload: TokenIn) -> Status:
    """Exchange a username and password (plus the OTP code when the account has a device) for a token."""
    # authenticate() with the request lets django-axes count failures and refuse locked accounts.
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        return Status(LOCKED_OUT_STATUS, {"detail": _("Too many failed attempts: this account is locked for a while.")})
    if user is None:
        return Status(401, {"detail": _("The username or the password is wrong.")})
    device = confirmed_device(user)  # type: ignore[arg-type]
    if device is None and requires_two_factor(user):  # type: ignore[arg-type]
        return Status(
            401, {"detail": _("Your role requires two-factor authentication: set it up on your profile page first.")}
        )
    if device is not None and not totp_verify(device, payload.otp or ""):
        audit.record(actor=None, action="login_failed", obj=user, changes={"step": "two_factor", "channel": "api"})
        return Status(401, {"detail": _("A valid two-factor code (otp) is required.")})
    token, raw = token_issue(user=user, name="api")  # type: ignore[arg-type]
    return Status(200, {"token": raw, "expires_at": token.expires_at})


@router.post("/token/revoke", response={200: Message, 400: Message})
def token_revoke_current(request: AuthenticatedHttpRequest) -> Status:
    """Revoke the bearer token this request was made with."""
    token = getattr(request, TOKEN_REQUEST_ATTR, None)
    if token is None:
        return Status(400, {"detail": _("This request was not made with a bearer token.")})
    token_revoke(acting_user=request.user, token=token)
    return Status(200, {"detail": _("The token is revoked.")})


def _anchor(membership: Membership) -> tuple[str | None, str | None, str | None]:
    for kind in ("center", "province", "region", "organization"):
        anchor = getattr(membership, kind)
        if anchor is not None:
            return kind, str(anchor.pk), str(anchor)
    return None, None, None


@router.get("/me", response=MeOut)
def me(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The authenticated user and their active roles with the anchor of each."""
    user = request.user
    roles = []
    for membership in active_memberships_of(user):
        anchor_type, anchor_id, anchor_name = _anchor(membership)
        roles.append(
            {
                "role": membership.role.slug,
                "role_name": membership.role.name,
                "level": membership.role.level,
                "anchor_type": anchor_type,
                "anchor_id": anchor_id,
                "anchor_name": anchor_name,
                "ends_on": membership.ends_on,
            }
        )
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "roles": roles,
    }
