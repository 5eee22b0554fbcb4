"""The guard of the citizen pages and the client address the limits count."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from jisr.accounts.lockout import client_address
from jisr.accounts.selectors import is_citizen_account

__all__ = ["citizen_required", "client_address"]


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A citizen page: the sign-in page for a visitor, 404 for a staff account (this is not their door)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("khadamati:sign_in"))
        if not is_citizen_account(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded
