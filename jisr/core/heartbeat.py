"""A long job's sign of life, and the rule that takes a silent one for dead.

A job that runs in a worker (a registry import, a recomputation of the social map) records when it last
gave a sign of life (`progress_at`). `beating(queryset)` keeps it fresh from a thread four times per
`every` while the job runs, even inside one long step; when the worker dies (killed, out of memory, its
machine stopped), the beats stop, and a sweep run on its own marks the jobs silent for longer than
`every` as failed (`jisr.registry.services.import_jobs_mark_stalled`,
`jisr.socialmap.services.refreshes_mark_stalled`), so that they no longer look alive and a new one can
start.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.utils import timezone


def stalled_after(setting: str, default: int = 600) -> datetime.timedelta:
    """How long a running job may give no sign of life before it is taken for dead (setting in seconds)."""
    return datetime.timedelta(seconds=getattr(settings, setting, default))


@contextmanager
def beating(alive: Callable[[], QuerySet[Any]], every: Callable[[], datetime.timedelta]) -> Iterator[None]:
    """While the block runs, a thread sets `progress_at` on `alive()` (the job's row, while it runs) four
    times per `every()`. Inside a transaction (tests, eager mode) no beat would be seen: none is sent."""
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every().total_seconds() / 4):
                try:
                    alive().update(progress_at=timezone.now())
                except DatabaseError:  # the database is away: the job itself will say so
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
