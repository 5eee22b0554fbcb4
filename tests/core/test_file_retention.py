"""The registry of file purgers: every app that keeps uploads plugs in; each gets the same cutoff."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from jisr.core import file_retention


def test_each_app_that_keeps_uploads_registers_a_purger() -> None:
    assert {"attachments", "centers", "registry"} <= set(file_retention._purgers)


@pytest.mark.parametrize(("configured", "days"), [(30, 30), (7, 7), (0, 1)])
def test_purgers_get_the_configured_cutoff(monkeypatch, settings, configured: int, days: int) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, Any] = {}

    def purger(**arguments: Any) -> int:
        seen.update(arguments)
        return 3

    monkeypatch.setattr(file_retention, "_purgers", {"probe": purger})
    settings.JISR_UPLOAD_RETENTION_DAYS = configured
    now = timezone.now()
    assert file_retention.files_purge(now=now, acting_user=None) == {"probe": 3}
    assert seen == {"cutoff": now - datetime.timedelta(days=days), "now": now, "days": days, "acting_user": None}


def test_the_celery_task_runs_every_purger(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jisr.core.tasks import purge_uploads

    monkeypatch.setattr(file_retention, "_purgers", {"probe": lambda **arguments: 2})
    assert purge_uploads.delay().get() == {"probe": 2}  # eager in tests, as in embedded mode
