"""Login lockout (django-axes): three counters with their own limits, and what a locked-out client sees.

axes counts failures for each entry of AXES_LOCKOUT_PARAMETERS (username and address together, the
address alone, the username alone) but compares all of them with one AXES_FAILURE_LIMIT. An office
behind one NAT address would then be locked as soon as the address reached a user's limit, so the
handler below gives each counter its own limit (settings AXES_FAILURE_LIMIT,
JISR_LOCKOUT_ADDRESS_LIMIT, JISR_LOCKOUT_USERNAME_LIMIT): the client is locked when any counter
reaches its limit.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_OUT_STATUS = 429

# Which counter locked the client, for the message of the page.
PAIR, ADDRESS, USERNAME = "pair", "address", "username"


def _counter_of(filter_kwargs: dict[str, Any]) -> str:
    keys = set(filter_kwargs)
    if keys == {"ip_address"}:
        return ADDRESS
    if keys == {"username"}:
        return USERNAME
    return PAIR


def _limit_of(counter: str, request: HttpRequest, credentials: Any) -> int:
    if counter == ADDRESS:
        return int(settings.JISR_LOCKOUT_ADDRESS_LIMIT)
    if counter == USERNAME:
        return int(settings.JISR_LOCKOUT_USERNAME_LIMIT)
    return get_failure_limit(request, credentials)


class SeparateLimitsHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per counter.

    axes locks when `get_failures() >= get_failure_limit()` (the pair's limit, L). Each counter's
    failures f with its own limit l are reported as floor(f × L / l), which reaches L exactly when
    f reaches l; the handler reports the highest, so the client is locked when any counter is full.
    """

    def _counters(self, request: HttpRequest, credentials: dict | None) -> list[tuple[str, QuerySet]]:
        username = get_client_username(request, credentials)
        address, agent = request.axes_ip_address, request.axes_user_agent  # type: ignore[attr-defined]
        filters = get_client_parameters(username, address, agent, request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        return [(_counter_of(kwargs), queryset) for kwargs, queryset in zip(filters, attempts, strict=True)]

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair_limit = get_failure_limit(request, credentials)
        worst, worst_counter = 0, PAIR
        for counter, attempts in self._counters(request, credentials):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled = failures * pair_limit // max(_limit_of(counter, request, credentials), 1)
            if scaled > worst:
                worst, worst_counter = scaled, counter
        request.jisr_lockout_counter = worst_counter  # type: ignore[attr-defined]
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """After a successful login, forget only that user's failures from that address.

        axes would delete every attempt matching any counter, so one valid account would wipe the
        address's counter (spraying could go on) and one login would wipe the username's counter
        kept from other addresses."""
        username = get_client_username(request, credentials)
        deleted, _details = AccessAttempt.objects.filter(
            username=username,
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        ).delete()
        return deleted


def client_address(request: HttpRequest) -> str | None:
    """The address the lockout counts (AXES_CLIENT_IP_CALLABLE).

    Behind JISR_PROXY_HOPS reverse proxies, REMOTE_ADDR is the nearest proxy's for every client, so
    the address counter would lock everyone at once; the client is then the entry the outermost
    trusted proxy appended to X-Forwarded-For (counted from the right: entries on the left are
    whatever the client sent). Without a proxy the header is ignored, as a client could forge it."""
    hops = int(settings.JISR_PROXY_HOPS)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    if request.path.startswith("/api/"):
        detail = _("Too many failed attempts: this account is locked for a while.")
        return JsonResponse({"detail": detail, "retry_after_minutes": minutes}, status=LOCKED_OUT_STATUS)
    counter = getattr(request, "jisr_lockout_counter", PAIR)
    context = {
        "failure_limit": _limit_of(counter, request, credentials),
        "cooloff_minutes": minutes,
        "counter": counter,
    }
    return render(request, "accounts/locked_out.html", context, status=LOCKED_OUT_STATUS)
