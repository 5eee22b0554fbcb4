"""The home page: the panels the apps contribute for the signed-in user (see core/home.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jisr.core.home import home_page


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"home": home_page(request.user)})


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers: answers without touching personal data."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
