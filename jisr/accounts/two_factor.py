"""TOTP two-factor authentication (django-otp): enrolment, verification, removal, and who must use it."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts.models import User
from jisr.core import audit
from jisr.core.scope import user_scope

DEVICE_NAME = "jisr-totp"


def confirmed_device(user: User) -> TOTPDevice | None:
    """The user's active TOTP device, if they have finished setting one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def requires_two_factor(user: User) -> bool:
    """True when one of the user's roles is listed in settings.JISR_2FA_REQUIRED_ROLES."""
    required = set(settings.JISR_2FA_REQUIRED_ROLES)
    return bool(required & user_scope(user).role_slugs)


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device being set up (created on first call, the same one until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_verify(device: TOTPDevice, token: str) -> bool:
    """Check a 6-digit code against the device (django-otp throttles repeated failures)."""
    token = (token or "").strip().replace(" ", "")
    return token.isdigit() and bool(device.verify_token(token))


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Activate the device when `token` is right; any previous device is replaced. Returns success."""
    if device.user_id != user.pk or device.confirmed or not totp_verify(device, token):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=user, action="update", obj=user, changes={"two_factor": [False, True]})
    return True


@transaction.atomic
def totp_device_remove(*, acting_user: User, user: User) -> int:
    """Remove every TOTP device of `user`; returns how many were removed."""
    removed, _details = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        audit.record(actor=acting_user, action="update", obj=user, changes={"two_factor": [True, False]})
    return removed


def secret_base32(device: TOTPDevice) -> str:
    """The shared secret as authenticator apps expect it for manual entry."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code (no external request, no image file)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    # Inline SVG must not carry an XML declaration.
    return svg[svg.index("<svg") :]
