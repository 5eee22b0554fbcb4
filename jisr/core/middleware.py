"""Response headers that keep personal data out of caches; the idle timeout of sessions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

API_PREFIX = "/api/"


def _declared_public(response: HttpResponse) -> bool:
    directives = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every answer that may carry personal data.

    The rule is deliberately wide rather than a list of pages: every response to a logged-in user
    and every `/api/` answer (bearer-token clients have no session). A shared proxy or the browser's
    back-forward cache of a shared computer in a social center then keeps no copy of a person's or a
    case's page after the worker logs out. Static files never reach this middleware (whitenoise
    answers them before it), so they stay cacheable; the public directory pages of anonymous
    visitors do too, and so does an answer whose view declared it `public` (the territory
    boundaries: the same committed GeoJSON for everyone).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = request.path_info.startswith(API_PREFIX) or (user is not None and user.is_authenticated)
        if personal and not _declared_public(response):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private, max-age=0
        return response


# When the session last counted as active (seconds since the epoch), and how often it is rewritten.
ACTIVITY_KEY = "jisr_active_at"
ACTIVITY_REFRESH_SECONDS = 60


def mark_active(session: SessionBase) -> None:
    """Stamp the session as active now: saving it moves its expiry to now + SESSION_COOKIE_AGE."""
    session[ACTIVITY_KEY] = int(timezone.now().timestamp())


class SessionActivityMiddleware:
    """Idle timeout: a logged-in session's expiry moves forward with activity, at most once a minute.

    SESSION_COOKIE_AGE is the idle limit (JISR_SESSION_IDLE_MINUTES). Django's
    SESSION_SAVE_EVERY_REQUEST would extend it too, but by writing the session on every request:
    every page and every poll of a progress bar would become a write, which SQLite serializes with
    the imports. Rewriting it when the last stamp is a minute old ends an idle session at most a
    minute early and leaves reads as reads. The stamp is set at login (jisr/accounts/signals.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            seen = session.get(ACTIVITY_KEY)
            if seen is None or timezone.now().timestamp() - seen >= ACTIVITY_REFRESH_SECONDS:
                mark_active(session)
        return response
