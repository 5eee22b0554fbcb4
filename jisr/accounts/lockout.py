"""What a locked-out client sees (django-axes AXES_LOCKOUT_CALLABLE): JSON for the API, a page otherwise."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_OUT_STATUS = 429


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    if request.path.startswith("/api/"):
        detail = _("Too many failed attempts: this account is locked for a while.")
        return JsonResponse({"detail": detail, "retry_after_minutes": minutes}, status=LOCKED_OUT_STATUS)
    context = {"failure_limit": get_failure_limit(request, credentials), "cooloff_minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=LOCKED_OUT_STATUS)
