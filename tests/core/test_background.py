"""Long work without a broker (embedded mode, `make demo`) runs in a thread of the web process, one task
at a time. (The thread's work on the database, an upload whose page polls its progress and is cancelled,
is exercised by tests/browser/test_registry_import.py against a real server: a thread sees only
committed rows, which a test inside a transaction never has.)"""

from __future__ import annotations

from celery import shared_task

from jisr.core.background import dispatch


@shared_task(name="tests.failing")
def failing() -> None:
    raise RuntimeError("the task failed")


@shared_task(name="tests.thread_name")
def thread_name() -> str:
    import threading

    return threading.current_thread().name


def test_a_task_runs_in_the_embedded_thread(settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_BACKGROUND_THREAD = True
    future = dispatch(thread_name)
    assert future is not None and future.result(timeout=30).startswith("jisr-background")


def test_a_task_that_fails_in_the_thread_is_logged_and_the_thread_goes_on(settings, caplog) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_BACKGROUND_THREAD = True
    failed = dispatch(failing)
    assert failed is not None and failed.result(timeout=30) is None
    assert "background task tests.failing failed" in caplog.text
    after = dispatch(thread_name)
    assert after is not None and after.result(timeout=30).startswith("jisr-background")


def test_with_a_broker_the_task_goes_to_celery(settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_BACKGROUND_THREAD = False
    assert dispatch(thread_name) is None  # eager here: Celery ran it, no thread of ours
