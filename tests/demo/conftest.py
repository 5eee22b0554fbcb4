"""Fixtures of the demo's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.demo.common import ensure_service_types


@pytest.fixture
def demo_settings(settings):  # type: ignore[no-untyped-def]
    """A demo installation whose taxonomy holds the service types (created by the centers migrations)."""
    settings.JISR_DEMO = True
    ensure_service_types()
    return settings


@pytest.fixture
def in_english() -> Iterator[None]:
    """The assertions read the command's English messages (its Arabic ones are tested in tests/core)."""
    with translation.override("en"):
        yield
