"""Fixtures of the registry tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def var(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR
