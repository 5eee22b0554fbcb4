"""The accounts app's part of the home page: the roles the signed-in user holds today."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jisr.accounts.models import User
from jisr.accounts.selectors import active_memberships_of
from jisr.core.home import HomePanel


def roles_panel_context(user: User) -> Mapping[str, Any] | None:
    """The user's active memberships with their anchor, or None for an account without any role."""
    memberships = list(active_memberships_of(user).order_by("role__slug"))
    return {"memberships": memberships} if memberships else None


# Who the user is, not a dashboard: the home page still says what will appear there.
ROLES_PANEL = HomePanel(
    name="accounts.roles",
    template="accounts/home_roles.html",
    context=roles_panel_context,
    order=0,
    is_dashboard=False,
)
