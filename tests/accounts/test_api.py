"""`/api/v1/auth`: token issue (public, axes-aware, OTP-aware), bearer use, expiry, revocation, /me."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from jisr.accounts.models import ApiToken
from jisr.accounts.tokens import hash_token
from jisr.core.models import AuditLog
from tests.accounts.helpers import give_confirmed_device, totp_code
from tests.personas import PASSWORD

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"


def _obtain(client: Client, username: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        TOKEN_URL, {"username": username, "password": password, **extra}, content_type="application/json"
    )


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_works_on_me_and_is_stored_hashed(personas) -> None:  # type: ignore[no-untyped-def]
    response = _obtain(Client(), "p-manager-a", PASSWORD)
    assert response.status_code == 200
    raw = response.json()["token"]
    assert response.json()["expires_at"]
    stored = ApiToken.objects.get(user=personas.manager_a)
    assert stored.key_hash == hash_token(raw) and raw not in stored.key_hash
    me = Client().get(ME_URL, **_bearer(raw))
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "p-manager-a"
    assert body["roles"] == [
        {
            "role": "center_manager",
            "role_name": personas.manager_a.memberships.get().role.name,
            "level": "center",
            "anchor_type": "center",
            "anchor_id": str(personas.center_a.pk),
            "anchor_name": str(personas.center_a),
            "ends_on": None,
        }
    ]
    assert AuditLog.objects.filter(action="token", actor=personas.manager_a).exists()


def test_expired_token_is_refused(personas) -> None:  # type: ignore[no-untyped-def]
    raw = _obtain(Client(), "p-worker-a", PASSWORD).json()["token"]
    ApiToken.objects.filter(key_hash=hash_token(raw)).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(ME_URL, **_bearer(raw)).status_code == 401


def test_revoked_token_is_refused(personas) -> None:  # type: ignore[no-untyped-def]
    raw = _obtain(Client(), "p-worker-a", PASSWORD).json()["token"]
    other = _obtain(Client(), "p-worker-a", PASSWORD).json()["token"]
    assert Client().post("/api/v1/auth/token/revoke", **_bearer(raw)).status_code == 200
    assert Client().get(ME_URL, **_bearer(raw)).status_code == 401
    assert Client().post("/api/v1/auth/token/revoke", **_bearer(raw)).status_code == 401
    # Only the token used is revoked.
    assert Client().get(ME_URL, **_bearer(other)).status_code == 200


def test_revoke_with_a_session_says_there_is_no_token(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for("worker_a").post("/api/v1/auth/token/revoke").status_code == 400


def test_wrong_password_gets_401_with_a_message(personas) -> None:  # type: ignore[no-untyped-def]
    response = _obtain(Client(), "p-worker-a", "not-the-password")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert not ApiToken.objects.exists()
    assert AuditLog.objects.filter(action="login_failed", object_repr="p-worker-a").exists()


def test_anonymous_and_garbage_tokens_get_401(db) -> None:  # type: ignore[no-untyped-def]
    assert Client().get(ME_URL).status_code == 401
    assert Client().get(ME_URL, **_bearer("jisr_not-a-token")).status_code == 401


def test_token_endpoint_respects_the_lockout(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _attempt in range(5):
        _obtain(client, "p-worker-a", "not-the-password")
    response = _obtain(client, "p-worker-a", PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_inactive_user_token_is_refused(personas) -> None:  # type: ignore[no-untyped-def]
    raw = _obtain(Client(), "p-worker-a", PASSWORD).json()["token"]
    personas.worker_a.is_active = False
    personas.worker_a.save(update_fields=["is_active"])
    assert Client().get(ME_URL, **_bearer(raw)).status_code == 401


def test_account_with_a_device_needs_the_code_for_a_token(personas) -> None:  # type: ignore[no-untyped-def]
    device = give_confirmed_device(personas.worker_a)
    assert _obtain(Client(), "p-worker-a", PASSWORD).status_code == 401
    response = _obtain(Client(), "p-worker-a", PASSWORD, otp=totp_code(device))
    assert response.status_code == 200


def test_role_requiring_2fa_without_device_gets_no_token(personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_2FA_REQUIRED_ROLES = ["national_officer"]
    assert _obtain(Client(), "p-national", PASSWORD).status_code == 401
    assert _obtain(Client(), "p-worker-a", PASSWORD).status_code == 200


def test_outsider_sees_only_themself_without_roles(personas) -> None:  # type: ignore[no-untyped-def]
    raw = _obtain(Client(), "p-outsider", PASSWORD).json()["token"]
    body = Client().get(ME_URL, **_bearer(raw)).json()
    assert body["username"] == "p-outsider"
    assert body["roles"] == []
