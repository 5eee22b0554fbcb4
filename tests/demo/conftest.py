"""Fixtures of the demo's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def in_english() -> Iterator[None]:
    """The assertions read the command's English messages (its Arabic ones are tested in tests/core)."""
    with translation.override("en"):
        yield
