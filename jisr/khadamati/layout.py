"""The citizen layout for the pages Khadamati does not render itself (the error pages): a citizen never sees
the staff menus, even on a 404."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from jisr.core.layouts import Layout
from jisr.khadamati.auth import is_citizen_session
from jisr.khadamati.middleware import citizen_may_open


def citizen_layout(request: HttpRequest) -> Layout | None:
    """Khadamati's layout for a citizen's session anywhere, and for anyone on the citizen pages."""
    if (
        is_citizen_session(request)
        or citizen_may_open(request.path_info)
        and request.path_info.startswith("/khadamati/")
    ):
        return Layout(template="khadamati/base.html", home_url=reverse("khadamati:home"))
    return None
