"""The centers app's part of the home page: the network of centers in the user's scope.

It serves those who watch a territory (a province, a region, the country): its rehabilitation budget and
statuses are their business. The staff of one center — social workers, managers — get their work instead
(the cases app's panels), and their center's capacity in use on the manager's panel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jisr.centers.selectors import network_summary
from jisr.core.home import HomePanel
from jisr.core.scope import holds_over_territory

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from jisr.accounts.models import User


def network_panel_context(user: User) -> Mapping[str, Any] | None:
    """The summary of the centers the user may see over a territory, or None (no such grant, or no center)."""
    if not holds_over_territory(user, "centers.view_center"):
        return None
    summary = network_summary(user)
    return {"summary": summary} if summary is not None else None


NETWORK_PANEL = HomePanel(name="centers.network", template="centers/home_network.html", context=network_panel_context)
