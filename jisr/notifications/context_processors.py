"""The unread count of the menu: for signed-in staff, counted at most once per request, and only if a
template shows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from jisr.notifications.selectors import receives_notifications, unread_count

_CACHE_ATTR = "_jisr_unread_notifications"


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not receives_notifications(user):  # type: ignore[arg-type]
        return {"notifications_menu": False}

    def count() -> int:  # a template calls it; the first call asks the database, the others read the request
        cached: int | None = getattr(request, _CACHE_ATTR, None)
        if cached is None:
            cached = unread_count(user)  # type: ignore[arg-type]
            setattr(request, _CACHE_ATTR, cached)
        return cached

    unread: Callable[[], int] = count
    return {"notifications_menu": True, "notifications_unread": unread}
