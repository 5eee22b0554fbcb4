"""The centers app's part of the home page: the network of centers in the user's scope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jisr.centers.selectors import network_summary
from jisr.core.home import HomePanel

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from jisr.accounts.models import User


def network_panel_context(user: User) -> Mapping[str, Any] | None:
    """The summary of the centers the user may see, or None when they may see none."""
    summary = network_summary(user)
    return {"summary": summary} if summary is not None else None


NETWORK_PANEL = HomePanel(name="centers.network", template="centers/home_network.html", context=network_panel_context)
