"""`/hsds/`: the centers directory as an Open Referral HSDS 3.0 API (public, read-only).

Lists are paginated with the HSDS envelope (total_items, total_pages, page_number, size,
first_page, last_page, empty, contents). Names come in the request's language (`?lang=` or
Accept-Language; Arabic by default) with the other script as `alternate_name`.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from jisr.centers.hsds import selectors, serializers

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
HSDS_PROFILE = "https://docs.openreferral.org/en/v3.0/"

hsds_api = NinjaAPI(
    title="Jisr — Open Referral HSDS 3.0",
    version="3.0",
    description="The directory of Morocco's social centers and their services, as HSDS 3.0.",
    urls_namespace="hsds",
    docs_url="/docs",
)


class BadParameter(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


@hsds_api.exception_handler(BadParameter)
def bad_parameter(request: HttpRequest, exc: BadParameter) -> HttpResponse:
    return hsds_api.create_response(
        request, {"detail": _("The data is not valid."), "errors": {exc.name: [exc.message]}}, status=422
    )


@hsds_api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return hsds_api.create_response(request, {"detail": _("Not found.")}, status=404)


def _positive(request: HttpRequest, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, _("Enter a whole number.")) from None
    if value < 1 or (maximum is not None and value > maximum):
        raise BadParameter(name, _("Enter a number between 1 and %(maximum)s.") % {"maximum": maximum or value})
    return value


def _uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(name, _("Enter a valid identifier (UUID).")) from None


def _datetime(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    value = parse_datetime(raw)
    if value is None:
        raise BadParameter(name, _("Enter a date and time such as 2026-01-31T08:00:00+01:00."))
    return value


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"1", "true", "yes"}


def _page(request: HttpRequest, queryset: QuerySet[Any], render: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    page = _positive(request, "page", 1)
    per_page = _positive(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    total = queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    contents = [render(item) for item in _slice(queryset, start, per_page)] if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _slice(queryset: QuerySet[Any], start: int, size: int) -> list[Any]:
    """One page of a joined listing: the page's keys first (a narrow scan), then only those rows in full.

    Offsetting the wide, joined query makes the database build every skipped row; offsetting the
    keys alone keeps deep pages as fast as the first one.
    """
    keys = list(queryset.values_list("pk", flat=True)[start : start + size])
    by_key = {item.pk: item for item in queryset.filter(pk__in=keys)}
    return [by_key[key] for key in keys if key in by_key]


def _in_language(request: HttpRequest) -> translation.override:
    requested = request.GET.get("lang", "")[:2]
    return translation.override(requested if requested in {"ar", "fr", "en"} else translation.get_language())


@hsds_api.get("/", auth=None, summary="About this API and its HSDS profile")
def meta(request: HttpRequest) -> dict[str, str]:
    return {
        "version": "3.0",
        "profile": HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri(request.path.rstrip("/") + "/openapi.json"),
    }


@hsds_api.get("/services", summary="Services (paginated)")
def services(request: HttpRequest) -> dict[str, Any]:
    with _in_language(request):
        queryset = selectors.filter_services(
            selectors.published_services(),
            search=request.GET.get("search", "").strip(),
            taxonomy_term_id=_uuid(request, "taxonomy_term_id"),
            taxonomy_id=_uuid(request, "taxonomy_id"),
            organization_id=_uuid(request, "organization_id"),
            modified_after=_datetime(request, "modified_after"),
        )
        if _flag(request, "full"):
            return _page(request, selectors.with_locations(queryset), serializers.service_full)
        return _page(request, queryset, serializers.service_summary)


@hsds_api.get("/services/{service_id}", summary="One service, fully nested")
def service(request: HttpRequest, service_id: str) -> dict[str, Any]:
    with _in_language(request):
        found = selectors.service_get(service_id)
        return serializers.service_full(found)


@hsds_api.get("/service_at_locations", summary="Services at locations (paginated)")
def service_at_locations(request: HttpRequest) -> dict[str, Any]:
    with _in_language(request):
        queryset = selectors.filter_services(
            selectors.with_locations(selectors.published_services()),
            search=request.GET.get("search", "").strip(),
            taxonomy_term_id=_uuid(request, "taxonomy_term_id"),
            taxonomy_id=_uuid(request, "taxonomy_id"),
            organization_id=_uuid(request, "organization_id"),
            modified_after=_datetime(request, "modified_after"),
        )
        render = serializers.service_at_location_full if _flag(request, "full") else serializers.service_at_location
        return _page(request, queryset, render)


@hsds_api.get("/service_at_locations/{sal_id}", summary="One service at a location, with its location and service")
def service_at_location(request: HttpRequest, sal_id: str) -> dict[str, Any]:
    with _in_language(request):
        found = selectors.service_at_location_get(sal_id)
        return serializers.service_at_location_full(found)


@hsds_api.get("/organizations", summary="Organizations (paginated)")
def organizations(request: HttpRequest) -> dict[str, Any]:
    with _in_language(request):
        queryset = selectors.published_organizations(request.GET.get("search", "").strip())
        return _page(request, queryset, serializers.organization)


@hsds_api.get("/organizations/{organization_id}", summary="One organization")
def organization(request: HttpRequest, organization_id: str) -> dict[str, Any]:
    with _in_language(request):
        found = selectors.organization_get(organization_id)
        data = serializers.organization(found)
        if _flag(request, "full_service"):
            data["services"] = [serializers.service_full(item) for item in selectors.organization_services(found)]
        return data


@hsds_api.get("/taxonomies", summary="Taxonomies (paginated)")
def taxonomies(request: HttpRequest) -> dict[str, Any]:
    search = request.GET.get("search", "").strip().lower()
    item = serializers.taxonomy()
    matches = [item] if not search or search in item["name"].lower() or search in "jisr-services" else []
    page = _positive(request, "page", 1)
    _positive(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    contents = matches if page == 1 else []
    return {
        "total_items": len(matches),
        "total_pages": 1,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


@hsds_api.get("/taxonomies/{taxonomy_id}", summary="One taxonomy")
def taxonomy(request: HttpRequest, taxonomy_id: str) -> dict[str, Any]:
    if taxonomy_id != str(selectors.TAXONOMY_ID):
        raise Http404
    return serializers.taxonomy()


@hsds_api.get("/taxonomy_terms", summary="Taxonomy terms (paginated)")
def taxonomy_terms(request: HttpRequest) -> dict[str, Any]:
    with _in_language(request):
        queryset = selectors.taxonomy_terms(request.GET.get("search", "").strip())
        requested = _uuid(request, "taxonomy_id")
        if requested is not None and requested != selectors.TAXONOMY_ID:
            queryset = queryset.none()
        if request.GET.get("parent_id"):
            queryset = queryset.none()  # the Jisr taxonomy is flat: no term has a parent
        return _page(request, queryset, serializers.taxonomy_term)


@hsds_api.get("/taxonomy_terms/{term_id}", summary="One taxonomy term")
def taxonomy_term(request: HttpRequest, term_id: str) -> dict[str, Any]:
    with _in_language(request):
        return serializers.taxonomy_term(selectors.taxonomy_term_get(term_id))
