"""The figures of a coordinator's or a national officer's territory, contributed by the apps.

An app registers a provider in its AppConfig.ready(): `register_provider(fn)` where `fn(user) ->
Iterable[Figure]` returns counts over what `user` may see (open cases, referrals waiting…), or nothing
for a user who does not watch a territory (`scope.holds_over_territory`). The home page shows them
together in one panel. For a role that sees aggregates only (the national analyst), a count under
`disclosure.SMALL_COUNT` is hidden here, in one place, whichever app computed it: the figures are
separate counts (none is published as the sum of others), so the small ones are all there is to hide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jisr.core.disclosure import published, suppress
from jisr.core.scope import user_scope


@dataclass(frozen=True)
class Figure:
    """One count: a stable `key` ("cases.open"), a translated label, where to read more (`url`)."""

    key: str
    label: str
    value: int
    url: str = ""
    order: int = 100


@dataclass(frozen=True)
class ShownFigure:
    """A figure as the user may read it: `value` is None when it is hidden (a small count)."""

    key: str
    label: str
    value: int | None
    url: str


FigureProvider = Callable[[Any], Iterable[Figure]]
_providers: list[FigureProvider] = []


def register_provider(provider: FigureProvider) -> None:
    """Add a source of figures (registering the same function twice adds it once)."""
    if provider not in _providers:
        _providers.append(provider)


def figures_for(user: Any) -> list[ShownFigure]:
    """Every provider's figures for `user`, in order; small counts hidden from aggregate-only roles."""
    figures = sorted((figure for provider in _providers for figure in provider(user)), key=lambda f: f.order)
    values = {figure.key: figure.value for figure in figures}
    shown: Mapping[str, int | None] = values
    if not user_scope(user).sees_personal_data:
        shown = published(values, suppress(values))
    return [ShownFigure(figure.key, figure.label, shown[figure.key], figure.url) for figure in figures]


def figures_panel_context(user: Any) -> Mapping[str, Any] | None:
    """The figures panel, or None when no provider has a figure for the user."""
    figures = figures_for(user)
    if not figures:
        return None
    return {"figures": figures, "hidden_note": not user_scope(user).sees_personal_data}
