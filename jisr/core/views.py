"""The home page: a small dashboard that depends on the user's roles."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jisr.core.selectors import home_summary, memberships_of


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/home.html", {"summary": None, "memberships": []})
    context = {"summary": home_summary(request.user), "memberships": memberships_of(request.user)}
    return render(request, "core/home.html", context)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers: answers without touching personal data."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
