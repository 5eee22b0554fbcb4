"""Long work (an import, a record-linkage run) handed to Celery once the transaction that asked for it
commits.

In production a broker (Redis) carries the task to the workers. In embedded mode there is no broker
(`make demo`, one machine): the task then runs in a thread of the web process, one at a time, so the
page that started it answers at once and shows its progress bar and its cancel button, as it does
with a worker. The test suite runs tasks inline (eagerly), where their effects can be asserted.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def run_after_commit(task: Any, *args: Any) -> None:
    """Send `task(*args)` to a worker, or to the embedded thread, when the current transaction commits."""
    transaction.on_commit(lambda: dispatch(task, *args))


def dispatch(task: Any, *args: Any) -> Future[Any] | None:
    """Send the task now. Returns the embedded thread's future, or None when a worker (or eager mode) has it."""
    if not settings.JISR_BACKGROUND_THREAD:
        task.delay(*args)
        return None
    return _embedded_pool().submit(_run_in_thread, task, args)


def _embedded_pool() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jisr-background")
        return _pool


def _run_in_thread(task: Any, args: tuple[Any, ...]) -> Any:
    try:
        return task.apply(args=args).get()
    except Exception:  # the task has recorded its failure on its job; the log keeps the traceback
        logger.exception("background task %s failed", task.name)
        return None
    finally:
        connections.close_all()  # this thread's connections, opened by the task
