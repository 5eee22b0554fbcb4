"""Uploaded files and the reports generated from them are deleted once JISR_UPLOAD_RETENTION_DAYS have
passed (law 09-08: personal data kept no longer than its purpose needs). The records of the imports stay,
with their counts; only the bytes go, and each page says so.

Apps register a purger in their AppConfig.ready(): `register_purger("registry", fn)` where
`fn(*, cutoff, now, days, acting_user) -> int` deletes the files and stored contents older than `cutoff`,
marks their records as expired, audits it in the same transaction, is idempotent, and returns how many
records or files it expired. `core` imports no domain app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

FilePurger = Callable[..., int]

_purgers: dict[str, FilePurger] = {}


def register_purger(name: str, purger: FilePurger) -> None:
    _purgers[name] = purger


def retention_days() -> int:
    """How many days an upload and its reports are kept (at least one)."""
    return max(1, int(settings.JISR_UPLOAD_RETENTION_DAYS))


def files_purge(*, acting_user: Any = None, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every app's purger; how many records or files each expired."""
    now = now or timezone.now()
    days = retention_days()
    cutoff = now - datetime.timedelta(days=days)
    return {
        name: purger(cutoff=cutoff, now=now, days=days, acting_user=acting_user)
        for name, purger in sorted(_purgers.items())
    }
