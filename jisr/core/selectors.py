"""Reads for the home dashboard: a summary of what the user's memberships cover."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center
from jisr.core.scope import AnchorFields, scope_filter, user_scope

CENTER_ANCHOR = AnchorFields(region="region_code", province="province_id", center="id", organization="organization_id")


@dataclass
class DashboardSummary:
    """What the home page shows: the centers in the user's scope and the rehabilitation programme."""

    heading: Any
    centers_total: int = 0
    jisr_centers: int = 0
    capacity_total: int = 0
    rehabilitation_budget_mad: Decimal = Decimal(0)
    rehabilitation_by_status: list[tuple[str, Any, int]] = field(default_factory=list)
    centers: list[Center] = field(default_factory=list)
    role_names: list[str] = field(default_factory=list)


def _centers_in_scope(user: Any) -> QuerySet[Center]:
    return scope_filter(Center.objects.filter(status=Center.Status.ACTIVE), user, "centers.view_center", CENTER_ANCHOR)


def memberships_of(user: Any) -> list[Any]:
    """The user's active memberships with their role and anchor, for the home page."""
    from jisr.accounts.models import Membership

    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("role", "region", "province", "center", "organization")
        .order_by("role__slug")
    )


def home_summary(user: Any) -> DashboardSummary | None:
    """The dashboard of a signed-in staff user, or None when no membership gives them centers to see."""
    scope = user_scope(user)
    if not scope.has_permission_somewhere("centers.view_center"):
        return None
    centers = _centers_in_scope(user)
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
    national = "national" in scope.levels or scope.is_superuser
    summary = DashboardSummary(
        heading=_("The national network") if national else _("The centers in your scope"),
        centers_total=totals["total"] or 0,
        jisr_centers=totals["jisr"] or 0,
        capacity_total=totals["capacity"] or 0,
        rehabilitation_budget_mad=totals["budget"] or Decimal(0),
        rehabilitation_by_status=statuses,
    )
    if summary.centers_total <= 12:
        summary.centers = list(centers.select_related("commune", "province").order_by("name_fr"))
    return summary
