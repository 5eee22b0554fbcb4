"""Accounts the case tests add to the personas: a second social worker of center A and the manager of
center B (the receiving side of a transfer)."""

from __future__ import annotations

import pytest

from tests.personas import make_user


@pytest.fixture
def worker_a2(personas):  # type: ignore[no-untyped-def]
    return make_user("p-worker-a2", "social_worker", center=personas.center_a)


@pytest.fixture
def manager_b(personas):  # type: ignore[no-untyped-def]
    return make_user("p-manager-b", "center_manager", center=personas.center_b)
