"""A refresh whose worker died: the sweep marks it failed after JISR_SOCIALMAP_STALLED_SECONDS without a sign of
life, and only then may the next refresh start (one runs at a time)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jisr.socialmap import tasks
from jisr.socialmap.models import IndicatorValue, Refresh
from jisr.socialmap.services import refresh_request, refresh_run, refreshes_mark_stalled

pytestmark = pytest.mark.django_db


def running(seconds_ago: int) -> Refresh:
    """A refresh left running, whose last sign of life was `seconds_ago` seconds ago."""
    at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    refresh = Refresh.objects.create(reason="import", status=Refresh.Status.RUNNING, progress_at=at)
    Refresh.objects.filter(pk=refresh.pk).update(created_at=at)
    return refresh


def test_a_silent_running_refresh_is_marked_failed_at_its_last_sign_of_life(settings) -> None:
    settings.JISR_SOCIALMAP_STALLED_SECONDS = 120
    dead, alive = running(seconds_ago=300), running(seconds_ago=30)
    assert refreshes_mark_stalled() == 1
    dead.refresh_from_db()
    assert dead.status == Refresh.Status.FAILED and dead.finished_at == dead.progress_at
    assert "no sign of life" in dead.message
    alive.refresh_from_db()
    assert alive.status == Refresh.Status.RUNNING
    assert tasks.mark_stalled_refreshes.apply().get() == 0  # the beat task does the same, once


def test_the_setting_decides_when_silence_means_death(settings) -> None:
    refresh = running(seconds_ago=300)
    settings.JISR_SOCIALMAP_STALLED_SECONDS = 600  # the default: five minutes is still a long step
    assert refreshes_mark_stalled() == 0
    settings.JISR_SOCIALMAP_STALLED_SECONDS = 240
    assert refreshes_mark_stalled() == 1
    refresh.refresh_from_db()
    assert refresh.status == Refresh.Status.FAILED


def test_a_new_refresh_waits_for_a_live_one_and_starts_once_a_dead_one_is_swept(settings, personas) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_SOCIALMAP_STALLED_SECONDS = 120
    live = running(seconds_ago=10)
    waiting = refresh_run(Refresh.objects.create(reason="enrolment").pk)
    assert waiting.status == Refresh.Status.QUEUED  # it did not run beside the live one
    assert not IndicatorValue.objects.filter(indicator_id="centers.operational").exists()
    # The live one's worker dies: its heartbeat stops; past the setting, the next refresh sweeps it and runs.
    Refresh.objects.filter(pk=live.pk).update(progress_at=timezone.now() - datetime.timedelta(seconds=200))
    done = refresh_run(waiting.pk)
    assert done.status == Refresh.Status.DONE and done.message == ""
    assert Refresh.objects.get(pk=live.pk).status == Refresh.Status.FAILED
    assert IndicatorValue.objects.filter(indicator_id="centers.operational", level="nation").exists()


def test_queueing_a_refresh_sweeps_first(settings, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_SOCIALMAP_STALLED_SECONDS = 120
    dead = running(seconds_ago=1000)
    queued = refresh_request("registry import")
    assert queued is not None
    assert Refresh.objects.get(pk=dead.pk).status == Refresh.Status.FAILED
    assert Refresh.objects.get(pk=queued.pk).status == Refresh.Status.DONE  # eager in tests: it ran


@pytest.mark.slow
def test_a_live_refresh_in_a_long_step_is_not_taken_for_dead(committed_db, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Its heartbeat (a thread) keeps it alive through a step three times longer than the setting."""
    import threading
    import time

    from jisr.core import maplayers

    settings.JISR_SOCIALMAP_STALLED_SECONDS = 1
    marked: list[int] = []

    def long_step() -> list[maplayers.Layer]:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            time.sleep(0.5)
            checker = threading.Thread(target=lambda: marked.append(refreshes_mark_stalled()))
            checker.start()  # the sweep, on its own connection, as its Celery task would
            checker.join()
        return []

    monkeypatch.setattr(maplayers, "_providers", {"slow": long_step})
    refresh = refresh_run(Refresh.objects.create(reason="test").pk)
    assert refresh.status == Refresh.Status.DONE
    assert len(marked) >= 5 and sum(marked) == 0, "never marked failed while it ran"
