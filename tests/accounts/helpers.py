"""Real TOTP codes for tests, computed from the device key like an authenticator app would."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts.models import User


def totp_code(device: TOTPDevice, drift: int = 0) -> str:
    """The code an app shows now (drift=1: the next 30-second step, accepted by the device's tolerance)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def give_confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
