"""Login, logout, lockout, password reset and password change, with their audit entries."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from jisr.core.models import AuditLog
from tests.personas import PASSWORD

LOGIN_URL = "/accounts/login/"


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_login_page_renders_with_labelled_inputs(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(LOGIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert reverse("accounts:password_reset") in html


def test_login_success_is_audited(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = _login(client, "p-worker-a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert int(client.session["_auth_user_id"]) == personas.worker_a.pk
    entry = AuditLog.objects.get(action="login")
    assert entry.actor == personas.worker_a
    assert entry.ip_address == "127.0.0.1"


def test_login_failure_is_audited_without_the_password(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = _login(client, "p-worker-a", "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    entry = AuditLog.objects.get(action="login_failed")
    assert entry.actor is None
    assert entry.object_repr == "p-worker-a"
    assert "wrong-password" not in str(entry.changes)


def test_sixth_attempt_is_locked_out_even_with_the_right_password(personas, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _attempt in range(5):
        _login(client, "p-worker-a", "wrong-password")
    response = _login(client, "p-worker-a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "accounts/locked_out.html" in [template.name for template in response.templates]
    # Another account from the same address is not locked (lockout is per username and address).
    assert _login(Client(), "p-worker-b", PASSWORD).status_code == 302


def test_logout_is_a_post_and_is_audited(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="logout", actor=personas.worker_a).exists()


def test_password_reset_by_email_end_to_end(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": "p-worker-a@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "p-worker-a" in body
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/\S+/)", body)
    assert link is not None
    # Django swaps the token for a session marker and redirects to the "set-password" URL.
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": "a-brand-new-pass-77", "new_password2": "a-brand-new-pass-77"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert _login(Client(), "p-worker-a", "a-brand-new-pass-77").status_code == 302


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_with_a_bad_link_says_so(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/accounts/password-reset/MQ/bad-token/")
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_password_change_is_audited(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    response = client.post(
        "/accounts/password-change/",
        {"old_password": PASSWORD, "new_password1": "another-pass-5521", "new_password2": "another-pass-5521"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    personas.worker_a.refresh_from_db()
    assert personas.worker_a.check_password("another-pass-5521")
    assert AuditLog.objects.filter(action="update", object_id=str(personas.worker_a.pk)).exists()


def test_password_change_needs_login(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/accounts/password-change/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_wrong_old_password_does_not_change_it(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("worker_a").post(
        "/accounts/password-change/",
        {"old_password": "nope", "new_password1": "another-pass-5521", "new_password2": "another-pass-5521"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    personas.worker_a.refresh_from_db()
    assert personas.worker_a.check_password(PASSWORD)
