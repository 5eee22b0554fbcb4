"""E-mails go to Django's test outbox; their links name a fixed site address."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _site(settings):  # type: ignore[no-untyped-def]
    settings.JISR_SITE_URL = "http://jisr.test"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run what waits for the commit (the e-mail tasks, an import) as the commit of the test's transaction
    would: `with committed(): ...`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
