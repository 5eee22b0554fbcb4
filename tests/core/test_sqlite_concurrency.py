"""Embedded mode (SQLite) with several users: while one request holds the write lock, another waits for it
(the busy timeout) instead of failing with "database is locked" — on a real file, with the project's
connection settings (WAL, IMMEDIATE transactions, timeout)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from jisr.accounts.models import User
from jisr.core.models import AuditLog
from tests.concurrency import shared_database  # noqa: F401 — the fixture
from tests.personas import PASSWORD, make_user

HOLD_SECONDS = 9.0  # longer than Python's default 5 s busy timeout, shorter than the configured 20 s


@pytest.fixture
def sqlite_only(db) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's lock and busy timeout (PostgreSQL locks rows, not the database)")


def test_the_settings_make_sqlite_ready_for_concurrent_writers(sqlite_only) -> None:  # type: ignore[no-untyped-def]
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] > HOLD_SECONDS + 5


@pytest.mark.slow
def test_a_login_waits_for_a_long_write_instead_of_failing(sqlite_only, shared_database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    shared_database.prepare(lambda: [make_user("holder"), make_user("p-login")])
    ready, locked = threading.Event(), threading.Event()

    def long_write() -> float:
        assert ready.wait(timeout=60)
        with transaction.atomic():  # BEGIN IMMEDIATE: the database's write lock, held for HOLD_SECONDS
            User.objects.filter(username="holder").update(first_name="busy")
            locked.set()
            time.sleep(HOLD_SECONDS)
        return time.monotonic()

    def login() -> tuple[Any, float]:
        client = Client()
        client.get(reverse("accounts:login"))  # the login page is open (and this thread's imports are done)
        ready.set()
        assert locked.wait(timeout=60)
        response = client.post(reverse("accounts:login"), {"username": "p-login", "password": PASSWORD})
        return response, time.monotonic()

    outcomes = shared_database.run_at_once(long_write, login)
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes  # no "database is locked"
    released_at, (response, logged_in_at) = outcomes
    assert response.status_code == 302, "logged in, after waiting for the lock"
    assert logged_in_at >= released_at, "the login's writes waited for the long transaction to end"
    assert shared_database.in_thread(
        lambda: AuditLog.objects.filter(actor_username="p-login", action=AuditLog.Action.LOGIN).count()
    ) == 1  # fmt: skip
