"""A running import says it is alive while its worker lives, even inside a chunk longer than the
stalled-job timeout, so the stalled-job rule never fails a live import (and does fail a dead one:
tests/registry/test_import_faults.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from jisr.registry import services
from jisr.registry.importing import job as running
from jisr.registry.importing.outcome import Outcome
from jisr.registry.models import ImportJob

pytestmark = pytest.mark.slow


def test_a_live_import_in_a_long_chunk_is_not_taken_for_dead(committed_db, tmp_path, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import polars as pl

    settings.JISR_IMPORT_STALLED_SECONDS = 1
    settings.VAR_DIR = tmp_path
    marked: list[int] = []

    def long_chunk(path: Path, **kwargs: Any) -> tuple[Outcome, pl.DataFrame, pl.DataFrame]:
        deadline = time.monotonic() + 3  # three stalled-job timeouts without a progress report
        while time.monotonic() < deadline:
            time.sleep(0.5)
            checker = threading.Thread(target=lambda: marked.append(services.import_jobs_mark_stalled()))
            checker.start()  # the sweep, on its own connection, as its Celery task or command would
            checker.join()
        return Outcome(rows=1, created=1), pl.DataFrame({"line": []}), pl.DataFrame()

    monkeypatch.setattr(running, "import_households", long_chunk)
    job = services.import_job_create(acting_user=None, path=tmp_path / "h.csv", file_name="h.csv", policy="refuse")
    assert services.import_job_run(job.pk).status == ImportJob.Status.DONE
    assert len(marked) >= 5 and sum(marked) == 0, "never marked failed while it ran"
