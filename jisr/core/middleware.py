"""Response headers that keep personal data out of caches."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

API_PREFIX = "/api/"


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every answer that may carry personal data.

    The rule is deliberately wide rather than a list of pages: every response to a logged-in user
    and every `/api/` answer (bearer-token clients have no session). A shared proxy or the browser's
    back-forward cache of a shared computer in a social center then keeps no copy of a person's or a
    case's page after the worker logs out. Static files never reach this middleware (whitenoise
    answers them before it), so they stay cacheable; the public directory pages of anonymous
    visitors do too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path_info.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private, max-age=0
        return response
