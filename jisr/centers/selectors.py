"""Every read of the centers directory.

The directory (names, services, addresses, hours) is public information, published as HSDS, so
`center_directory` and `center_get` need no user. Reads for editing, exporting and importing are
scoped to the user's grants through `jisr.core.scope`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from jisr.centers.models import Center, CenterImport, CenterService, Organization, ServiceType
from jisr.core.scope import AnchorFields, get_in_scope_or_404, may_access, scope_filter, user_scope
from jisr.territories.models import Commune, Province, Region

CENTER_ANCHOR = AnchorFields(region="region_code", province="province_id", center="id", organization="organization_id")
COMMUNE_ANCHOR = AnchorFields(region="region_id", province="province_id")


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor may filter the directory by (every part optional)."""

    search: str = ""
    region: str = ""
    province: str = ""
    commune: str = ""
    kind: str = ""
    service: str = ""
    jisr_only: bool = False
    rehabilitation_status: str = ""
    include_closed: bool = False


def _filtered(queryset: QuerySet[Center], filters: DirectoryFilters) -> QuerySet[Center]:
    if not filters.include_closed:
        queryset = queryset.filter(status=Center.Status.ACTIVE)
    search = filters.search.strip()
    if search:
        queryset = queryset.filter(
            Q(name_ar__icontains=search)
            | Q(name_fr__icontains=search)
            | Q(name_en__icontains=search)
            | Q(code__icontains=search)
        )
    if filters.region:
        queryset = queryset.filter(region_code=filters.region)
    if filters.province:
        queryset = queryset.filter(province_id=filters.province)
    if filters.commune:
        queryset = queryset.filter(commune_id=filters.commune)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.service:
        queryset = queryset.filter(
            services__service_type__code=filters.service, services__status=CenterService.Status.ACTIVE
        )
    if filters.jisr_only:
        queryset = queryset.filter(is_jisr=True)
    if filters.rehabilitation_status:
        queryset = queryset.filter(rehabilitation_status=filters.rehabilitation_status)
    return queryset


def _with_listing_relations(queryset: QuerySet[Center]) -> QuerySet[Center]:
    services = CenterService.objects.filter(status=CenterService.Status.ACTIVE).select_related("service_type")
    return queryset.select_related("commune", "province", "organization").prefetch_related(
        Prefetch("services", queryset=services)
    )


def center_directory(filters: DirectoryFilters | None = None) -> QuerySet[Center]:
    """The public directory of centers matching `filters`, with what a listing shows already loaded."""
    queryset = _filtered(Center.objects.all(), filters or DirectoryFilters())
    return _with_listing_relations(queryset).order_by("name_fr", "code")


def center_get(center_id: uuid.UUID | str) -> Center:
    """One center with its services, hours and territory for the public center page (Http404 if unknown)."""
    services = CenterService.objects.filter(status=CenterService.Status.ACTIVE).select_related("service_type")
    try:
        return (
            Center.objects.select_related("commune", "province__region", "organization")
            .prefetch_related(Prefetch("services", queryset=services), "opening_hours")
            .get(pk=center_id)
        )
    except (Center.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def center_get_for_edit(user: Any, center_id: uuid.UUID | str) -> Center:
    """The center if `user` may change it, else Http404 whether it is missing or outside their scope."""
    queryset = Center.objects.select_related("commune", "province", "organization").prefetch_related(
        "services__service_type", "opening_hours"
    )
    return get_in_scope_or_404(queryset, user, "centers.change_center", CENTER_ANCHOR, pk=center_id)


def center_get_for_delete(user: Any, center_id: uuid.UUID | str) -> Center:
    """The center if `user` may delete it, else Http404."""
    return get_in_scope_or_404(Center.objects.all(), user, "centers.delete_center", CENTER_ANCHOR, pk=center_id)


def can_edit_center(user: Any, center: Center) -> bool:
    """Whether to show the "Edit" button on a center page."""
    from jisr.centers.services import center_anchor

    return may_access(user, "centers.change_center", center_anchor(center))


def editable_center_ids(user: Any, centers: Iterable[Center]) -> set[uuid.UUID]:
    """The ids among `centers` that `user` may edit, computed without a query (for "Edit" buttons)."""
    if not user_scope(user).has_permission_somewhere("centers.change_center"):
        return set()
    return {center.pk for center in centers if can_edit_center(user, center)}


def centers_for_export(user: Any, filters: DirectoryFilters) -> QuerySet[Center]:
    """The filtered directory restricted to the centers the user's export grants cover."""
    queryset = _filtered(Center.objects.all(), filters)
    queryset = scope_filter(queryset, user, "centers.export_centers", CENTER_ANCHOR)
    return _with_listing_relations(queryset).order_by("code")


def communes_where_user_may(user: Any, permission: str) -> QuerySet[Commune]:
    """The communes in which `user` holds `permission` (for the commune field of forms and imports)."""
    return scope_filter(Commune.objects.all(), user, permission, COMMUNE_ANCHOR)


def regions() -> QuerySet[Region]:
    """Every region, for the directory filters."""
    return Region.objects.order_by("code")


def provinces_of(region_code: str) -> QuerySet[Province]:
    """The provinces of a region (empty when no region is chosen), for the dependent select."""
    if not region_code:
        return Province.objects.none()
    return Province.objects.filter(region_id=region_code).order_by("code")


def service_types() -> QuerySet[ServiceType]:
    """The services taxonomy."""
    return ServiceType.objects.order_by("code")


def organizations() -> QuerySet[Organization]:
    """Every organization (public: they appear in the directory)."""
    return Organization.objects.select_related("province").order_by("name_fr")


def center_import_get(user: Any, import_id: uuid.UUID | str) -> CenterImport:
    """An import run, only for the person who uploaded it (Http404 for everyone else)."""
    try:
        return CenterImport.objects.get(pk=import_id, created_by_id=getattr(user, "pk", None))
    except (CenterImport.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def can_delete_center(user: Any, center: Center) -> bool:
    """Whether to offer the "Delete" button on the edit page."""
    from jisr.centers.services import center_anchor

    return may_access(user, "centers.delete_center", center_anchor(center))


@dataclass(frozen=True)
class TerritorySupply:
    """The open centers of a territory: the supply side of the social map (public aggregates)."""

    centers: int
    jisr_centers: int
    capacity: int


def territory_supply(*, region_code: str | None = None, province_code: str | None = None) -> TerritorySupply:
    """Counts of open centers (all, Jisr) and their capacity in a region or a province."""
    from django.db.models import Count, Sum

    queryset = Center.objects.filter(status=Center.Status.ACTIVE)
    if region_code is not None:
        queryset = queryset.filter(region_code=region_code)
    if province_code is not None:
        queryset = queryset.filter(province_id=province_code)
    totals = queryset.aggregate(total=Count("id"), jisr=Count("id", filter=Q(is_jisr=True)), capacity=Sum("capacity"))
    return TerritorySupply(centers=totals["total"], jisr_centers=totals["jisr"], capacity=totals["capacity"] or 0)
