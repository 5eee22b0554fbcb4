"""The staff door: username and password, for every account except citizens'.

Citizens sign in to Khadamati with a one-time code sent to their mobile number or e-mail address
(`jisr.khadamati.signin`); a citizen account that reaches the login page or `POST /api/v1/auth/token`
with a password gets the same answer as a wrong password (and counts as a failed login for the lockout).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from jisr.accounts.selectors import is_citizen_account


class StaffModelBackend(ModelBackend):
    """Django's username/password backend, refusing citizen accounts."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and is_citizen_account(user):
            return None
        return user
