"""The home page, assembled from panels that the apps contribute, without core knowing the apps.

Each app that has something to show a signed-in user on the home page registers a `HomePanel` in its
AppConfig.ready(): a template of its own and a function `context(user)` that returns what the template
needs, already limited to what `user` may see, or None when the panel has nothing for this user (it is
then not shown at all). Panels appear in the order of `order`, then of registration.

A panel that only says who the user is (their roles) is not a dashboard (`is_dashboard=False`): when
no dashboard panel shows, the page says what the user will find here instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

PanelContext = Callable[[Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class HomePanel:
    """A part of the home page: `template` rendered with `context(user)` when that is not None."""

    name: str  # stable and unique, e.g. "centers.network"
    template: str
    context: PanelContext
    order: int = 100
    is_dashboard: bool = True


@dataclass(frozen=True)
class ShownPanel:
    """A panel with what it shows to one user, ready to render."""

    name: str
    template: str
    context: Mapping[str, Any]
    is_dashboard: bool


@dataclass(frozen=True)
class HomePage:
    """The panels shown to one user, in order."""

    panels: list[ShownPanel]

    @property
    def has_dashboard(self) -> bool:
        return any(panel.is_dashboard for panel in self.panels)


_panels: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> None:
    """Add (or replace, by name) a panel of the home page."""
    _panels[panel.name] = panel


def home_page(user: Any) -> HomePage:
    """The panels that have something for `user`; none for a visitor who is not signed in."""
    if user is None or not getattr(user, "is_authenticated", False):
        return HomePage(panels=[])
    shown = []
    for panel in sorted(_panels.values(), key=lambda panel: panel.order):  # stable: ties keep registration order
        context = panel.context(user)
        if context is not None:
            shown.append(ShownPanel(panel.name, panel.template, context, panel.is_dashboard))
    return HomePage(panels=shown)
