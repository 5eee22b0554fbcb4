"""A citizen's session stays in the citizen pages: every other page answers 404, as to an outsider.

Citizens never see the staff menus nor the staff pages (the home page, the login page, the profile with its
two-factor settings, the directory in the staff layout, the back office): a session opened through the
citizens' door (`jisr.khadamati.auth`) reaches only `/khadamati/` (not its `office/`), its API, the language
switch and the health check; the site's home sends it to Khadamati's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from jisr.khadamati.auth import is_citizen_session

# The public accountability of the consultations is open to everyone, citizens included (not its staff pages).
CITIZEN_PREFIXES = ("/khadamati/", "/api/v1/khadamati/", "/i18n/", "/static/", "/healthz", "/consultations/")
OFFICE_PREFIXES = ("/khadamati/office/", "/api/v1/khadamati/office/", "/consultations/manage/")


def citizen_may_open(path: str) -> bool:
    return path.startswith(CITIZEN_PREFIXES) and not path.startswith(OFFICE_PREFIXES)


class CitizenAreaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_citizen_session(request) and request.user.is_authenticated:
            path = request.path_info
            if path == "/":
                return redirect("khadamati:home")
            if not citizen_may_open(path):
                if path.startswith("/api/"):
                    return JsonResponse({"detail": _("Not found.")}, status=404)
                raise Http404
        return self.get_response(request)
