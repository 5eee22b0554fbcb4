"""The citizens' door: sessions opened by a Khadamati one-time code (`jisr.khadamati.signin`).

`CitizenBackend` authenticates nothing by credentials (the code is checked by the sign-in service, which
then logs the citizen in with this backend); it only restores such a session's user, and only while the
account is still a citizen's: an account given a staff role, or deactivated, is signed out of Khadamati.
A session of this backend is confined to the citizen pages (`jisr.khadamati.middleware`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from jisr.accounts.selectors import active_user_by_id, is_citizen_account

CITIZEN_BACKEND = "jisr.khadamati.auth.CitizenBackend"


class CitizenBackend(BaseBackend):
    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> Any:
        try:
            user = active_user_by_id(int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and is_citizen_account(user) else None


def is_citizen_session(request: HttpRequest) -> bool:
    """True when the request's session was opened through the citizens' door."""
    session = getattr(request, "session", None)
    return session is not None and session.get(BACKEND_SESSION_KEY) == CITIZEN_BACKEND
