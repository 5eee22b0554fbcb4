"""TOTP two-factor authentication: the login step, enrolment, removal and per-role enforcement."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.core.models import AuditLog
from tests.accounts.helpers import give_confirmed_device, totp_code
from tests.personas import PASSWORD

TWO_FACTOR_URL = "/accounts/two-factor/"
SETUP_URL = "/accounts/profile/two-factor/setup/"


@pytest.fixture
def national_requires_2fa(settings):  # type: ignore[no-untyped-def]
    settings.JISR_2FA_REQUIRED_ROLES = ["national_officer"]


def _password_step(client: Client, username: str, next_url: str = ""):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def test_user_without_device_logs_in_with_the_password_only(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert _password_step(client, "p-worker-a")["Location"] == reverse("core:home")
    assert "_auth_user_id" in client.session


def test_user_with_device_needs_the_code_after_the_password(personas, settings) -> None:  # type: ignore[no-untyped-def]
    # No wait after a wrong code here; the throttling itself is tested below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = give_confirmed_device(personas.worker_a)
    client = Client()
    response = _password_step(client, "p-worker-a", next_url="/accounts/profile/")
    assert response["Location"] == TWO_FACTOR_URL
    assert "_auth_user_id" not in client.session  # not logged in before the OTP step
    assert client.get("/accounts/profile/").status_code == 302

    response = client.post(TWO_FACTOR_URL, {"token": "000000" if totp_code(device) != "000000" else "111111"})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="login_failed", changes__step="two_factor").exists()

    response = client.post(TWO_FACTOR_URL, {"token": totp_code(device)})
    assert response["Location"] == "/accounts/profile/"
    assert int(client.session["_auth_user_id"]) == personas.worker_a.pk
    assert client.session["otp_device_id"] == device.persistent_id
    assert AuditLog.objects.filter(action="login", actor=personas.worker_a).count() == 1


def test_wrong_codes_throttle_the_device(personas) -> None:  # type: ignore[no-untyped-def]
    device = give_confirmed_device(personas.worker_a)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _password_step(client, "p-worker-a")
    wrong = "000000" if totp_code(device) != "000000" else "111111"
    client.post(TWO_FACTOR_URL, {"token": wrong})
    response = client.post(TWO_FACTOR_URL, {"token": totp_code(device)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "wait" in str(response.context["form"].errors["token"])


def test_two_factor_page_without_pending_login_goes_back_to_login(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(TWO_FACTOR_URL)
    assert response["Location"] == reverse("accounts:login")


def test_profile_shows_memberships_and_needs_login(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("manager_a").get("/accounts/profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert personas.center_a.name in html
    assert "/accounts/profile/two-factor/setup/" in html
    anonymous = Client().get("/accounts/profile/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_enrolment_shows_qr_and_secret_and_activates_only_after_a_right_code(personas, client_for, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = client_for("worker_a")
    response = client.get(SETUP_URL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=personas.worker_a)
    assert device.confirmed is False
    html = response.content.decode()
    assert "<svg" in html
    assert base64.b32encode(device.bin_key).decode().rstrip("=") in html
    # Reloading the page keeps the same secret (the app was maybe already scanned).
    client.get(SETUP_URL)
    assert TOTPDevice.objects.filter(user=personas.worker_a).count() == 1

    response = client.post(SETUP_URL, {"token": "12345"})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is False

    response = client.post(SETUP_URL, {"token": totp_code(device)})
    assert response["Location"] == reverse("accounts:profile")
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session["otp_device_id"] == device.persistent_id
    assert AuditLog.objects.filter(object_id=str(personas.worker_a.pk), changes__two_factor=[False, True]).exists()


def test_disable_needs_confirmation(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    give_confirmed_device(personas.worker_a)
    client = client_for("worker_a")
    assert client.get("/accounts/profile/two-factor/disable/").status_code == 200
    response = client.post("/accounts/profile/two-factor/disable/", {})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=personas.worker_a).exists()
    response = client.post("/accounts/profile/two-factor/disable/", {"confirm": "on"})
    assert response["Location"] == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=personas.worker_a).exists()


def test_required_role_without_device_is_sent_to_set_one_up(personas, client_for, national_requires_2fa) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    response = client.get("/")
    assert response["Location"] == reverse("accounts:two_factor")
    response = client.get(TWO_FACTOR_URL)
    assert response["Location"] == reverse("accounts:two_factor_setup")
    # The administration pages under /accounts/ are protected too, not only the rest of the site.
    assert client.get("/accounts/audit/")["Location"] == reverse("accounts:two_factor")
    assert client.get("/api/v1/auth/me").status_code == 401

    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=personas.national)
    client.post(SETUP_URL, {"token": totp_code(device)})
    assert client.get("/").status_code == 200
    assert client.get("/accounts/audit/").status_code == 200


def test_required_role_with_device_must_verify(personas, client_for, national_requires_2fa) -> None:  # type: ignore[no-untyped-def]
    device = give_confirmed_device(personas.national)
    client = client_for("national")  # a session that skipped the OTP step
    assert client.get("/centers/")["Location"] == reverse("accounts:two_factor")
    # Enrolling a new device must not be a way around the current one.
    assert client.get(SETUP_URL)["Location"] == reverse("accounts:two_factor")
    response = client.post(TWO_FACTOR_URL + "?next=/accounts/profile/", {"token": totp_code(device)})
    assert response["Location"] == "/accounts/profile/"
    assert client.get("/").status_code == 200


def test_roles_not_listed_are_not_forced(personas, client_for, national_requires_2fa) -> None:  # type: ignore[no-untyped-def]
    assert client_for("worker_a").get("/").status_code == 200
