"""The one NinjaAPI of Jisr: `/api/v1/`, one router per app, session or bearer-token auth."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth

from jisr.accounts.api import router as auth_router
from jisr.accounts.auth import BearerTokenAuth
from jisr.attachments.api import router as attachments_router
from jisr.cases.api import router as cases_router
from jisr.cases.api_plans import router as plans_router
from jisr.centers.api import router as centers_router
from jisr.centers.works.api import router as rehabilitation_router
from jisr.consultations.api import router as consultations_router
from jisr.core.api_schemas import document_error_responses
from jisr.khadamati.api import router as khadamati_router
from jisr.khadamati.api_office import router as khadamati_office_router
from jisr.notifications.api import router as notifications_router
from jisr.partnerships.api import router as partnerships_router
from jisr.people.api import router as people_router
from jisr.programs.api import coverage_router
from jisr.programs.api import router as programs_router
from jisr.referrals.api import router as referrals_router
from jisr.registry.api import router as registry_router
from jisr.socialmap.api import router as socialmap_router
from jisr.strategy.api import router as strategy_router
from jisr.territories.api import router as territories_router
from jisr.training.api import router as training_router
from jisr.watch.api import router as watch_router


class LoggedInSessionAuth(SessionAuth):
    """The pages' session, with its CSRF check only when there is a logged-in session to protect.

    ninja's SessionAuth checks CSRF before it looks at the session, so a POST with an expired or revoked bearer
    token and no session answered 403 "CSRF check Failed" instead of 401. A request without a logged-in session
    can do nothing a forged one could abuse: it falls through to 401.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


api = NinjaAPI(
    title="Jisr API",
    version="1",
    urls_namespace="api-v1",
    auth=[BearerTokenAuth(), LoggedInSessionAuth()],
    docs_url="/docs",
)


def without_null_characters(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 422 to a NUL character in the path, the query or a JSON body, before any handler sees it.

    PostgreSQL text cannot hold NUL: such a value reached the database as a filter or a field and the answer was a
    500 (SQLite stores it). The pages' forms refuse it already (Django's ProhibitNullCharactersValidator).
    Uploaded files are not JSON and keep their bytes.
    """

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        in_body = request.content_type == "application/json" and (b"\\u0000" in request.body or b"\x00" in request.body)
        in_query = any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values)
        in_path = any("\x00" in str(value) for value in kwargs.values())
        if in_body or in_query or in_path:
            message = _("Null characters are not allowed.")
            return api.create_response(
                request, {"detail": _("The data is not valid."), "errors": {"__all__": [message]}}, status=422
            )
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(without_null_characters, mode="view")

ROUTERS = {
    "/auth": auth_router,
    "/territories": territories_router,
    "/centers": centers_router,
    "/people": people_router,
    "/cases": cases_router,
    "/plans": plans_router,
    "/referrals": referrals_router,
    "/training": training_router,
    "/programs": programs_router,
    "/coverage": coverage_router,
    "/registry": registry_router,
    "/notifications": notifications_router,
    "": attachments_router,  # /people/{id}/attachments, /cases/{id}/attachments, /attachments/{id}
    "/khadamati": khadamati_router,
    "/khadamati/office": khadamati_office_router,
    "/socialmap": socialmap_router,
    "/strategy/alerts": watch_router,  # the social watch (docs/watch.md), part of the strategy's API
    "/strategy": strategy_router,
    # the rehabilitation programme (jisr/centers/works), before the partnerships' own routes
    "/partnerships/rehabilitation": rehabilitation_router,
    "/partnerships": partnerships_router,
    "/consultations": consultations_router,
}
# 400/401/404/422 are documented on every operation (jisr.core.api_schemas.ERROR_RESPONSES).
document_error_responses(ROUTERS.values())
for prefix, app_router in ROUTERS.items():
    api.add_router(prefix, app_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=422)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = ".".join(str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query"))
        errors.setdefault(location or "__all__", []).append(str(error.get("msg", "")))
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=422)
