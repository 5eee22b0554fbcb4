"""The person's timeline, assembled from every app without the apps knowing each other.

Each app that records something about a person registers a provider in its AppConfig.ready():
`register_provider(fn)` where `fn(user, person) -> Iterable[TimelineEntry]` returns only what
`user` may see. The case timeline page merges and sorts the entries of every provider.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

TimelineProvider = Callable[[Any, Any], Iterable["TimelineEntry"]]

_providers: list[TimelineProvider] = []


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str  # a stable machine name, e.g. "case.opened", "referral.accepted"
    title: str  # translated, short
    detail: str = ""  # translated, may be empty; never a confidential text
    url: str = ""  # a page the viewer may open, or ""
    place: str = ""  # the center or organization where it happened


def register_provider(provider: TimelineProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def timeline_for(user: Any, person: Any) -> list[TimelineEntry]:
    """Everything the user may see that happened to the person, newest first."""
    entries = [entry for provider in _providers for entry in provider(user, person)]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
