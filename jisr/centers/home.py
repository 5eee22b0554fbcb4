"""The centers app's part of the home page: the network of centers in the user's scope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jisr.centers.selectors import network_summary
from jisr.core.home import HomePanel


def network_panel_context(user: Any) -> Mapping[str, Any] | None:
    """The summary of the centers the user may see, or None when they may see none."""
    summary = network_summary(user)
    return {"summary": summary} if summary is not None else None


NETWORK_PANEL = HomePanel(name="centers.network", template="centers/home_network.html", context=network_panel_context)
