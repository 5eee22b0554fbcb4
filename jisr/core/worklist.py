"""A social worker's work list, assembled from every app (due follow-ups, referrals waiting…).

Apps register providers in their AppConfig.ready(): `register_provider(fn)` where
`fn(user) -> Iterable[WorkItem]` returns the items assigned to or awaiting `user`, within scope.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

WorkProvider = Callable[[Any], Iterable["WorkItem"]]

_providers: list[WorkProvider] = []


@dataclass(frozen=True)
class WorkItem:
    kind: str  # stable machine name, e.g. "followup.due", "referral.waiting"
    title: str  # translated
    due: datetime.date | None
    url: str
    overdue: bool = False
    person_name: str = ""


def register_provider(provider: WorkProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def worklist_for(user: Any) -> list[WorkItem]:
    """The user's items, overdue first, then by due date (undated last)."""
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda item: (not item.overdue, item.due or datetime.date.max))
