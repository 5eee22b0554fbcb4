"""The request of a page or endpoint that only signed-in users reach, typed for the services it calls."""

from __future__ import annotations

from django.http import HttpRequest

from jisr.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `@login_required` (or an authenticated API route): its user is a `User`.

    Only a type: the views annotate `request` with it so that `acting_user=request.user` type-checks
    against the services' `acting_user: User` (the recipe of django-stubs).
    """

    user: User
