"""`/api/v1/centers`: the directory with its filters, one center, create and update (scoped)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.centers import selectors, services
from jisr.centers.models import Center, Organization, ServiceType
from jisr.centers.selectors import DirectoryFilters
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.core.idempotency import idempotent
from jisr.territories import selectors as territories

router = Router(tags=["centers"])
MAX_PAGE_SIZE = 100


class DirectoryQuery(Schema):
    search: str = ""
    region: str = ""
    province: str = ""
    commune: str = ""
    kind: str = ""
    service: str = ""
    jisr_only: bool = False
    rehabilitation_status: str = ""
    page: int = 1
    page_size: int = 25


class CenterOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    name_ar: str
    name_fr: str
    name_en: str
    organization_id: uuid.UUID
    kind: str
    is_jisr: bool
    status: str
    commune_code: str
    province_code: str
    region_code: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    capacity: int | None
    phone: str
    email: str
    rehabilitation_status: str
    rehabilitation_budget_mad: Decimal | None
    services: list[str]

    @staticmethod
    def resolve_commune_code(obj: Center) -> str:
        return obj.commune_id

    @staticmethod
    def resolve_province_code(obj: Center) -> str:
        return obj.province_id

    @staticmethod
    def resolve_services(obj: Center) -> list[str]:
        return [service.service_type.code for service in obj.services.all()]


class CenterPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CenterOut]


class CenterPatch(Input):
    code: str | None = None
    name_ar: str | None = None
    name_fr: str | None = None
    name_en: str | None = None
    organization_id: uuid.UUID | None = None
    kind: str | None = None
    is_jisr: bool | None = None
    status: str | None = None
    commune_code: str | None = None
    address: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    capacity: int | None = None
    phone: str | None = None
    email: str | None = None
    description: str | None = None
    rehabilitation_status: str | None = None
    rehabilitation_budget_mad: Decimal | None = None


class CenterIn(CenterPatch):
    code: str
    name_ar: str
    name_fr: str
    organization_id: uuid.UUID
    kind: str
    commune_code: str


class OrganizationOut(Schema):
    id: uuid.UUID
    name: str
    name_ar: str
    name_fr: str
    name_en: str
    acronym: str
    kind: str
    sector: str
    province_code: str | None

    @staticmethod
    def resolve_province_code(obj: Organization) -> str | None:
        return obj.province_id


class ServiceTypeOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    name_ar: str
    name_fr: str
    name_en: str


def _resolve_relations(payload: dict[str, Any]) -> dict[str, Any]:
    """Turn the ids and codes of the payload into records, with a field error for each unknown one."""
    errors: dict[str, list[str]] = {}
    if "organization_id" in payload:
        organization_id = payload.pop("organization_id")
        organization = selectors.organization_by_id(organization_id)
        if organization is None:
            errors["organization_id"] = [_("No organization has this id.")]
        payload["organization"] = organization
    if "commune_code" in payload:
        commune_code = payload.pop("commune_code")
        commune = territories.commune_by_code(commune_code) if commune_code else None
        if commune is None:
            errors["commune_code"] = [_("No commune has this code.")]
        payload["commune"] = commune
    for name in ("name_en", "address", "phone", "email", "description"):
        if name in payload and payload[name] is None:
            payload[name] = ""
    if errors:
        raise ValidationError(errors)
    return payload


@router.get("/organizations", response=list[OrganizationOut])
def organization_list(request: HttpRequest) -> list[Organization]:
    """Every organization."""
    return list(selectors.organizations())


@router.get("/service-types", response=list[ServiceTypeOut])
def service_type_list(request: HttpRequest) -> list[ServiceType]:
    """The services taxonomy."""
    return list(selectors.service_types())


@router.get("", response=CenterPage)
def center_list(request: HttpRequest, query: Query[DirectoryQuery]) -> dict[str, Any]:
    """The directory with the same filters as the directory page, paginated."""
    filters = DirectoryFilters(**query.dict(exclude={"page", "page_size"}))
    page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    page = Paginator(selectors.center_directory(filters), page_size).get_page(query.page)
    return {"count": page.paginator.count, "page": page.number, "page_size": page_size, "results": list(page)}


@router.get("/{center_id}", response=CenterOut)
def center_detail(request: HttpRequest, center_id: uuid.UUID) -> Center:
    """One center (public information)."""
    return selectors.center_get(center_id)


@router.post("", response={201: CenterOut, 404: Message, 422: Invalid})
@idempotent
def center_create(request: AuthenticatedHttpRequest, payload: CenterIn) -> Status:
    """Create a center in a commune where the user holds centers.add_center (404 elsewhere)."""
    data = _resolve_relations(payload.dict(exclude_unset=True))
    center = services.center_create(acting_user=request.user, **data)
    return Status(201, selectors.center_get(center.pk))


@router.patch("/{center_id}", response={200: CenterOut, 404: Message, 422: Invalid})
def center_update(request: AuthenticatedHttpRequest, center_id: uuid.UUID, payload: CenterPatch) -> Center:
    """Change the given fields of a center the user may change (404 outside their scope)."""
    center = selectors.center_get_for_edit(request.user, center_id)
    data = _resolve_relations(payload.dict(exclude_unset=True))
    services.center_update(acting_user=request.user, center=center, **data)
    return selectors.center_get(center.pk)
