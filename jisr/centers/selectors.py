"""Every read of the centers directory.

The directory (names, services, addresses, hours) is public information, published as HSDS, so
`center_directory` and `center_get` need no user. Reads for editing, exporting and importing are
scoped to the user's grants through `jisr.core.scope`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, CenterImport, CenterService, Organization, ServiceType
from jisr.core import scope

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import _StrPromise  # the type of a lazy translation, in django-stubs only

    from jisr.accounts.models import User

# The most centers the home page lists by name; a wider scope sees the figures only.
HOME_CENTERS_LISTED = 12


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
    queryset = Center.objects.select_related("commune", "province__region", "organization").prefetch_related(
        Prefetch("services", queryset=services), "opening_hours"
    )
    return scope.one_or_404(queryset, pk=center_id)


def center_get_for_edit(user: User, center_id: uuid.UUID | str) -> Center:
    """The center if `user` may change it, else Http404 whether it is missing or outside their scope."""
    queryset = Center.objects.select_related("commune", "province", "organization").prefetch_related(
        "services__service_type", "opening_hours"
    )
    return scope.get_or_404(user, "centers.change_center", queryset, pk=center_id)


def center_get_for_delete(user: User, center_id: uuid.UUID | str) -> Center:
    """The center if `user` may delete it, else Http404."""
    return scope.get_or_404(user, "centers.delete_center", Center, pk=center_id)


def can_edit_center(user: User | AnonymousUser, center: Center) -> bool:
    """Whether to show the "Edit" button on a center page."""
    return scope.may(user, "centers.change_center", center)


def editable_center_ids(user: User | AnonymousUser, centers: Iterable[Center]) -> set[uuid.UUID]:
    """The ids among `centers` that `user` may edit, computed without a query (for "Edit" buttons)."""
    if not scope.user_scope(user).has_permission_somewhere("centers.change_center"):
        return set()
    return {center.pk for center in centers if can_edit_center(user, center)}


def centers_for_export(user: User, filters: DirectoryFilters) -> QuerySet[Center]:
    """The filtered directory restricted to the centers the user's export grants cover."""
    queryset = scope.in_scope(user, "centers.export_centers", _filtered(Center.objects.all(), filters))
    return _with_listing_relations(queryset).order_by("code")


def service_types() -> QuerySet[ServiceType]:
    """The services taxonomy."""
    return ServiceType.objects.order_by("code")


def organizations() -> QuerySet[Organization]:
    """Every organization (public: they appear in the directory)."""
    return Organization.objects.select_related("province").order_by("name_fr")


def organization_by_id(organization_id: uuid.UUID | str | None) -> Organization | None:
    """The organization with this id, or None (a payload naming an unknown one is a field error)."""
    if not organization_id:
        return None
    return Organization.objects.filter(pk=organization_id).first()


def center_choices() -> QuerySet[Center]:
    """Every center, open or closed, for the fields that name one by its code (memberships)."""
    return Center.objects.all()


def center_import_get(user: User, import_id: uuid.UUID | str) -> CenterImport:
    """An import run, only for the person who uploaded it (Http404 for everyone else)."""
    return scope.one_or_404(CenterImport.objects.filter(created_by_id=getattr(user, "pk", None)), pk=import_id)


def can_delete_center(user: User, center: Center) -> bool:
    """Whether to offer the "Delete" button on the edit page."""
    return scope.may(user, "centers.delete_center", center)


@dataclass
class NetworkSummary:
    """What the home page shows of the centers in the user's scope and of the rehabilitation programme."""

    heading: _StrPromise
    centers_total: int = 0
    jisr_centers: int = 0
    capacity_total: int = 0
    rehabilitation_budget_mad: Decimal = Decimal(0)
    rehabilitation_by_status: list[tuple[str, _StrPromise, int]] = field(default_factory=list)
    centers: list[Center] = field(default_factory=list)


def network_summary(user: User) -> NetworkSummary | None:
    """The open centers `user` may see, counted (and listed when few), or None when they may see none."""
    user_scope = scope.user_scope(user)
    if not user_scope.has_permission_somewhere("centers.view_center"):
        return None
    centers = scope.in_scope(user, "centers.view_center", Center.objects.filter(status=Center.Status.ACTIVE))
    totals = centers.aggregate(
        total=Count("id"),
        jisr=Count("id", filter=Q(is_jisr=True)),
        capacity=Sum("capacity"),
        budget=Sum("rehabilitation_budget_mad", filter=Q(is_jisr=True)),
    )
    by_status = dict(
        centers.filter(is_jisr=True)
        .exclude(rehabilitation_status=Center.Rehabilitation.NONE)
        .values_list("rehabilitation_status")
        .annotate(n=Count("id"))
        .values_list("rehabilitation_status", "n")
    )
    statuses = [
        (status.value, status.label, by_status.get(status.value, 0))
        for status in Center.Rehabilitation
        if status != Center.Rehabilitation.NONE
    ]
    national = "national" in user_scope.levels or user_scope.is_superuser
    summary = NetworkSummary(
        heading=_("The national network") if national else _("The centers in your scope"),
        centers_total=totals["total"] or 0,
        jisr_centers=totals["jisr"] or 0,
        capacity_total=totals["capacity"] or 0,
        rehabilitation_budget_mad=totals["budget"] or Decimal(0),
        rehabilitation_by_status=statuses,
    )
    if summary.centers_total <= HOME_CENTERS_LISTED:
        summary.centers = list(centers.select_related("commune", "province").order_by("name_fr"))
    return summary


@dataclass(frozen=True)
class TerritorySupply:
    """The open centers of a territory: the supply side of the social map (public aggregates)."""

    centers: int
    jisr_centers: int
    capacity: int


def territory_supply(*, region_code: str | None = None, province_code: str | None = None) -> TerritorySupply:
    """Counts of open centers (all, Jisr) and their capacity in a region or a province."""
    queryset = Center.objects.filter(status=Center.Status.ACTIVE)
    if region_code is not None:
        queryset = queryset.filter(region_code=region_code)
    if province_code is not None:
        queryset = queryset.filter(province_id=province_code)
    totals = queryset.aggregate(total=Count("id"), jisr=Count("id", filter=Q(is_jisr=True)), capacity=Sum("capacity"))
    return TerritorySupply(centers=totals["total"], jisr_centers=totals["jisr"], capacity=totals["capacity"] or 0)


def center_by_id(center_id: uuid.UUID | str) -> Center | None:
    """The center with this id, open or not, or None (the directory is public; a service checks rights)."""
    return Center.objects.filter(pk=center_id).first()


def open_center_by_code(code: str) -> Center | None:
    """The open center with this code, or None (a referral is addressed to a center by its code)."""
    return Center.objects.filter(code=code, status=Center.Status.ACTIVE).first()


def service_type_by_code(code: str) -> ServiceType | None:
    """The service of the taxonomy with this code, or None."""
    return ServiceType.objects.filter(code=code).first()


def partners_for_province(province_code: str | None) -> QuerySet[Organization]:
    """The organizations a case of this province may be referred to: national ones and the province's own."""
    partners = Organization.objects.filter(province__isnull=True) | Organization.objects.filter(
        province_id=province_code
    )
    return partners.order_by("name_fr")
