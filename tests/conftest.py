"""Shared fixtures: the real territories are loaded once per test database; personas per test."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from django.test import Client

from tests.personas import Personas, make_personas


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from jisr.territories.loader import load_territories

    with django_db_blocker.unblock():
        load_territories()
    yield


@pytest.fixture(autouse=True)
def _base_data_present(request, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Every database test starts with what the migrations wrote (roles, policies…) and the territories. If a
    test before it on the same worker emptied the tables outside its transaction, both are written again, and
    the test that found them missing says so in the run's warnings summary, which names the culprit's successor."""
    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db"} & set(request.fixturenames)
    )
    if not uses_database:
        yield
        return
    from jisr.accounts.models import Role
    from jisr.territories.models import Commune

    with django_db_blocker.unblock():
        if not (Role.objects.exists() and Commune.objects.exists()):
            warnings.warn(f"base data missing before {request.node.nodeid}: written again", stacklevel=1)
            _refill()
    yield


def _refill() -> None:
    """What the migrations wrote (saved by Django when it created the test database) and the territories."""
    from django.db import connection

    from jisr.territories.loader import load_territories

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        connection.creation.deserialize_db_from_string(contents)
    load_territories()


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return make_personas()


@pytest.fixture
def client_for(personas: Personas):  # type: ignore[no-untyped-def]
    """`client_for("worker_a")` → a Client logged in as that persona (None → anonymous)."""

    def build(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(getattr(personas, name))
        return client

    return build


@pytest.fixture
def in_english(settings):  # type: ignore[no-untyped-def]
    """Service messages and pages in English, for tests that match on their words (the default language is
    Arabic). A request activates its own language and leaves it active: the site's default is English too."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def _database_refilled(django_db_blocker):  # type: ignore[no-untyped-def]
    yield

    with django_db_blocker.unblock():
        _refill()


@pytest.fixture
def committed_db(_database_refilled, django_db_serialized_rollback, transactional_db):  # type: ignore[no-untyped-def]
    """A database whose writes are committed, so that other processes see them (a Celery worker, a restore).
    Django empties every table after such a test; what the migrations wrote and the territories, there for
    the other tests, are written again then (fixtures are torn down in reverse order: the flush first)."""
    yield


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The small demo, loaded once for the module that asks for it, inside a transaction that each test's own
    nests in (a test that resets or reloads the demo is rolled back to it), rolled back when the module ends.
    Its value is what `jisr demo --small` printed. A module that uses it must not need an empty database."""
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    from tests.demo.common import ensure_service_types, run_demo

    with django_db_blocker.unblock(), override_settings(JISR_DEMO=True), translation.override("en"):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ensure_service_types()
            yield run_demo("--small")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_settings(settings):  # type: ignore[no-untyped-def]
    """A demo installation whose taxonomy holds the service types (created by the centers migrations)."""
    from tests.demo.common import ensure_service_types

    settings.JISR_DEMO = True
    ensure_service_types()
    return settings
