"""The request type of the case and referral pages and endpoints: a logged-in user's request.

Every page is behind `login_required` and every endpoint behind the API's authentication, so
`request.user` is a `User`, never the anonymous user; saying so once here lets the services and
selectors take `User` without a cast at each call.
"""

from __future__ import annotations

from django.http import HttpRequest

from jisr.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """An `HttpRequest` whose user is logged in (a type only: Django builds the request)."""

    user: User
