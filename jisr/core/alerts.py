"""Alerts for the people who watch a territory, contributed by the apps (later: the strategy's watch alerts).

An app that detects something a coordinator or a national officer must know registers a provider in its
AppConfig.ready(): `register_provider(fn)` where `fn(user) -> Iterable[Alert]` returns the alerts about what
`user` may see, already limited to their scope. The home page shows them in one panel ("Alerts"), most
serious first; the panel is there, with its empty state, for everyone who holds a role over a province, a
region or the whole country, and for anyone else only when a provider has an alert for them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jisr.core.scope import TERRITORY_LEVELS, user_scope

LEVELS = ("danger", "warning", "info")  # most serious first; also the Bootstrap colour of the alert


@dataclass(frozen=True)
class Alert:
    """Something to look at: a translated title, where to look (`url`), how serious (`level`), since when."""

    title: str
    url: str = ""
    detail: str = ""
    level: str = "warning"
    when: datetime.date | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"Alert level {self.level!r} is not one of {LEVELS}")


AlertProvider = Callable[[Any], Iterable[Alert]]
_providers: list[AlertProvider] = []


def register_provider(provider: AlertProvider) -> None:
    """Add a source of alerts (registering the same function twice adds it once)."""
    if provider not in _providers:
        _providers.append(provider)


def alerts_for(user: Any) -> list[Alert]:
    """Every provider's alerts for `user`: the most serious first, then the most recent."""
    alerts = [alert for provider in _providers for alert in provider(user)]
    newest_first = sorted(alerts, key=lambda alert: alert.when or datetime.date.min, reverse=True)
    return sorted(newest_first, key=lambda alert: LEVELS.index(alert.level))


def watches_a_territory(user: Any) -> bool:
    """Whether the user holds a role over a province, a region or the country (the alerts panel is theirs)."""
    scope = user_scope(user)
    return scope.is_superuser or bool(scope.levels & TERRITORY_LEVELS)


def alerts_panel_context(user: Any) -> Mapping[str, Any] | None:
    """The alerts panel: shown with its empty state to those who watch a territory, else only with alerts."""
    alerts = alerts_for(user)
    if not alerts and not watches_a_territory(user):
        return None
    return {"alerts": alerts}
