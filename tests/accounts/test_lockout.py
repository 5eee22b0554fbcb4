"""Lockout beyond one username at one address: password spraying from one address, one username
guessed from many addresses, each with its own limit, and the answers a locked-out client gets."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from tests.personas import PASSWORD

SPRAYED_PASSWORD = "Ramadan2026!"  # noqa: S105


def login_attempt(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password})


def token_attempt(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    body = {"username": username, "password": password}
    return client.post("/api/v1/auth/token", body, content_type="application/json")


def spray(client: Client, times: int, attempt=login_attempt) -> None:  # type: ignore[no-untyped-def]
    """One password tried on `times` usernames, once each: the username-and-address counter never fills."""
    for index in range(times):
        attempt(client, f"guess-{index}", SPRAYED_PASSWORD)


def test_the_limits_are_separate_and_an_office_outlasts_one_typo_prone_user(settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.JISR_LOCKOUT_USERNAME_LIMIT == 10
    assert settings.JISR_LOCKOUT_ADDRESS_LIMIT == 20


def test_one_password_over_many_usernames_from_one_address_is_stopped(personas, settings) -> None:  # type: ignore[no-untyped-def]
    office = Client(REMOTE_ADDR="198.51.100.7")
    spray(office, settings.JISR_LOCKOUT_ADDRESS_LIMIT)
    response = login_attempt(office, "p-worker-a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in office.session
    assert "accounts/locked_out.html" in [template.name for template in response.templates]
    assert response.context["counter"] == "address"
    # The same account from another address is not locked.
    assert login_attempt(Client(REMOTE_ADDR="203.0.113.9"), "p-worker-a", PASSWORD).status_code == 302


def test_one_typo_prone_user_does_not_lock_the_office(personas, settings) -> None:  # type: ignore[no-untyped-def]
    office = Client(REMOTE_ADDR="198.51.100.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_attempt(office, "p-worker-a", "wrong-password")
    assert login_attempt(office, "p-worker-a", PASSWORD).status_code == 429
    assert login_attempt(Client(REMOTE_ADDR="198.51.100.7"), "p-worker-b", PASSWORD).status_code == 302


def test_one_username_from_many_addresses_is_stopped(personas, settings) -> None:  # type: ignore[no-untyped-def]
    for index in range(settings.JISR_LOCKOUT_USERNAME_LIMIT):
        # each address tries once only: neither the pair's nor the address's counter fills
        login_attempt(Client(REMOTE_ADDR=f"192.0.2.{index + 1}"), "p-worker-a", f"guess-{index}")
    response = login_attempt(Client(REMOTE_ADDR="203.0.113.9"), "p-worker-a", PASSWORD)
    assert response.status_code == 429
    assert response.context["counter"] == "username"
    # Other accounts from those addresses are not locked.
    assert login_attempt(Client(REMOTE_ADDR="192.0.2.1"), "p-worker-b", PASSWORD).status_code == 302


def test_the_api_answers_json_429_when_an_address_sprays(personas, settings) -> None:  # type: ignore[no-untyped-def]
    office = Client(REMOTE_ADDR="198.51.100.7")
    spray(office, settings.JISR_LOCKOUT_ADDRESS_LIMIT, attempt=token_attempt)
    response = token_attempt(office, "p-worker-a", PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_site_answers_a_translated_page(personas, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="198.51.100.7")
    spray(client, settings.JISR_LOCKOUT_ADDRESS_LIMIT)
    response = login_attempt(client, "p-worker-a", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        title = translation.gettext("Account temporarily locked")
    assert title != "Account temporarily locked" and title in html


def test_a_successful_login_does_not_clear_the_address_counter(personas, settings) -> None:  # type: ignore[no-untyped-def]
    office = Client(REMOTE_ADDR="198.51.100.7")
    spray(office, settings.JISR_LOCKOUT_ADDRESS_LIMIT - 1)
    # The sprayer logs in with an account of their own, then goes on: the address stays counted.
    assert login_attempt(Client(REMOTE_ADDR="198.51.100.7"), "p-worker-b", PASSWORD).status_code == 302
    login_attempt(office, "guess-last", SPRAYED_PASSWORD)
    assert login_attempt(office, "p-worker-a", PASSWORD).status_code == 429


def test_behind_a_proxy_the_forwarded_address_is_counted(personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_PROXY_HOPS = 1
    proxy = "10.0.0.2"
    for index in range(settings.JISR_LOCKOUT_ADDRESS_LIMIT):
        # the left entry is forged by the client; the proxy appended the real address on the right
        forwarded = f"192.0.2.{index + 1}, 198.51.100.7"
        login_attempt(Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded), f"guess-{index}", SPRAYED_PASSWORD)
    locked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert login_attempt(locked, "p-worker-a", PASSWORD).status_code == 429
    # Another client behind the same proxy is not locked.
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert login_attempt(other, "p-worker-a", PASSWORD).status_code == 302


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(personas, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.JISR_PROXY_HOPS == 0
    for index in range(settings.JISR_LOCKOUT_ADDRESS_LIMIT):
        forged = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{index + 1}")
        login_attempt(forged, f"guess-{index}", SPRAYED_PASSWORD)
    assert login_attempt(Client(REMOTE_ADDR="198.51.100.7"), "p-worker-a", PASSWORD).status_code == 429
