"""Reads for the HSDS API: only what is published (open centers, active services), no personal data."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from jisr.centers.models import Center, CenterService, OpeningHours, Organization, ServiceType
from jisr.core.scope import one_or_404

# The one taxonomy of Jisr services: a stable identifier that never depends on the database.
TAXONOMY_ID = uuid.uuid5(uuid.NAMESPACE_URL, "https://jisr.ma/hsds/taxonomies/jisr-services")
TAXONOMY_CODE = "jisr-services"


def published_services() -> QuerySet[CenterService]:
    """Active services of open centers, with what a listing shows already joined."""
    return (
        CenterService.objects.filter(status=CenterService.Status.ACTIVE, center__status=Center.Status.ACTIVE)
        .select_related("service_type", "center__organization")
        .order_by("id")
    )


def with_locations(queryset: QuerySet[CenterService]) -> QuerySet[CenterService]:
    """Join each service's center with its territory and opening hours (for full objects)."""
    return queryset.select_related("center__commune", "center__province", "center__commune__region").prefetch_related(
        Prefetch("center__opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at"))
    )


def filter_services(
    queryset: QuerySet[CenterService],
    *,
    search: str = "",
    taxonomy_term_id: uuid.UUID | None = None,
    taxonomy_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    modified_after: datetime | None = None,
) -> QuerySet[CenterService]:
    """Apply the HSDS query parameters; an unknown taxonomy yields no service, never all of them."""
    if search:
        queryset = queryset.filter(
            Q(service_type__name_ar__icontains=search)
            | Q(service_type__name_fr__icontains=search)
            | Q(service_type__name_en__icontains=search)
            | Q(center__name_ar__icontains=search)
            | Q(center__name_fr__icontains=search)
            | Q(center__name_en__icontains=search)
            | Q(description__icontains=search)
        )
    if taxonomy_term_id is not None:
        queryset = queryset.filter(service_type_id=taxonomy_term_id)
    if taxonomy_id is not None and taxonomy_id != TAXONOMY_ID:
        queryset = queryset.none()
    if organization_id is not None:
        queryset = queryset.filter(center__organization_id=organization_id)
    if modified_after is not None:
        queryset = queryset.filter(updated_at__gte=modified_after)
    return queryset


def service_get(service_id: str) -> CenterService:
    """One published service, fully joined; Http404 when unknown, unpublished or the id is malformed."""
    return one_or_404(with_locations(published_services()), id=service_id)


def service_at_location_get(sal_id: str) -> CenterService:
    """One published service at its location, by its service_at_location id (Http404 otherwise)."""
    return one_or_404(with_locations(published_services()), service_at_location_id=sal_id)


def organization_get(organization_id: str) -> Organization:
    """One organization (all are published), or Http404."""
    return one_or_404(Organization, id=organization_id)


def organization_services(organization: Organization) -> QuerySet[CenterService]:
    """The published services of an organization's centers, fully joined."""
    return with_locations(published_services().filter(center__organization_id=organization.id))


def taxonomy_term_get(term_id: str) -> ServiceType:
    """One term of the services taxonomy, or Http404."""
    return one_or_404(ServiceType, id=term_id)


def published_organizations(search: str = "") -> QuerySet[Organization]:
    """Every organization matching `search` in any of its names, in a stable order for paging."""
    queryset = Organization.objects.order_by("id")
    if search:
        queryset = queryset.filter(
            Q(name_ar__icontains=search) | Q(name_fr__icontains=search) | Q(name_en__icontains=search)
        )
    return queryset


def taxonomy_terms(search: str = "") -> QuerySet[ServiceType]:
    """The terms of the services taxonomy matching `search` (code or a name), by code."""
    queryset = ServiceType.objects.order_by("code")
    if search:
        queryset = queryset.filter(
            Q(code__icontains=search)
            | Q(name_ar__icontains=search)
            | Q(name_fr__icontains=search)
            | Q(name_en__icontains=search)
        )
    return queryset
