"""Reads of the partnerships, limited to what the user may see (`jisr.core.scope`).

A convention is seen from two sides (its `@anchored` declaration): the territories it covers (a regional
grant sees the conventions covering its region or one of its provinces) and the organizations party to it
(a partner organization's grant sees the conventions its organization signed). A national grant sees all.
Anything else is a 404, whether the convention is missing or forbidden.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from jisr.centers.models import Center, Organization
from jisr.core import scope
from jisr.partnerships.models import Budget, Convention, Coverage, Earmark, Party, Project, Transaction
from jisr.strategy.models import Objective, Pillar
from jisr.territories.models import Province, Region

VIEW = "partnerships.view_convention"
ADD = "partnerships.add_convention"
CHANGE = "partnerships.change_convention"
RECORD = "partnerships.record_transaction"
VALIDATE = "partnerships.validate_transaction"
IMPORT = "partnerships.import_transactions"
EXPORT = "partnerships.export_partnerships"


def require_view(user: Any) -> None:
    """404 unless the user may see conventions somewhere."""
    scope.require(user, VIEW)


def require_export(user: Any) -> None:
    scope.require(user, EXPORT)


def visible_conventions(user: Any, permission: str = VIEW) -> QuerySet[Convention]:
    """The conventions the user holds `permission` over (no duplicate rows when several sides match)."""
    found = scope.in_scope(user, permission, Convention)
    condition = scope.scope_q(user, permission, scope.anchor_fields(Convention))
    return found if condition == Q() else found.distinct()


def convention_ids(user: Any, permission: str = VIEW) -> QuerySet[Any] | None:
    """None when the user sees every convention (no filter needed), else the ids of those they see."""
    if scope.scope_q(user, permission, scope.anchor_fields(Convention)) == Q() and \
            scope.user_scope(user).has_permission_somewhere(permission):  # fmt: skip
        return None
    return visible_conventions(user, permission).values("pk")


def may(user: Any, permission: str, convention: Convention) -> bool:
    """Whether the user holds `permission` over the convention (one of its sides)."""
    return visible_conventions(user, permission).filter(pk=convention.pk).exists()


def require_on(user: Any, permission: str, convention: Convention) -> None:
    """Http404 unless the user holds `permission` over the convention."""
    if not may(user, permission, convention):
        raise Http404


def conventions(user: Any, *, text: str = "", status: str = "", kind: str = "", region: str = "",
                organization: str = "") -> QuerySet[Convention]:  # fmt: skip
    """The conventions the user may see, filtered (number or title, status, type, region, party)."""
    require_view(user)
    found = visible_conventions(user)
    if text:
        found = found.filter(Q(number__icontains=text) | Q(title_ar__icontains=text) | Q(title_fr__icontains=text)
                             | Q(title_en__icontains=text))  # fmt: skip
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    if region:
        found = found.filter(pk__in=Coverage.objects.filter(region_code=region).values("convention_id"))
    if organization:
        try:
            found = found.filter(pk__in=Party.objects.filter(organization_id=uuid.UUID(organization))
                                 .values("convention_id"))  # fmt: skip
        except ValueError:
            found = found.none()
    return found.annotate(party_count=Count("parties", distinct=True)).order_by("-signed_on", "number")


def convention_get(user: Any, convention_id: Any, permission: str = VIEW) -> Convention:
    """One convention with its parties, coverage, projects and strategy links, or 404."""
    queryset = visible_conventions(user, permission).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization")),
        Prefetch("coverages", queryset=Coverage.objects.filter(project__isnull=True)),
        Prefetch("projects", queryset=Project.objects.prefetch_related("centers", "coverages")),
        "pillars",
        "objectives",
        Prefetch("budgets", queryset=Budget.objects.filter(project__isnull=True)),
    )
    return scope.one_or_404(queryset, pk=convention_id)


def project_get(user: Any, project_id: Any, permission: str = VIEW) -> Project:
    project = scope.one_or_404(Project.objects.select_related("convention"), pk=project_id)
    require_on(user, permission, project.convention)
    return project


def projects(user: Any, *, convention_id: Any = None) -> QuerySet[Project]:
    require_view(user)
    found = Project.objects.select_related("convention").prefetch_related("centers", "coverages")
    ids = convention_ids(user)
    if ids is not None:
        found = found.filter(convention_id__in=ids)
    if convention_id:
        found = found.filter(convention_id=convention_id)
    return found.order_by("convention__number", "code")


def transactions(user: Any, *, convention_id: Any = None, kind: int | None = None, year: int | None = None,
                 status: str = "") -> QuerySet[Transaction]:  # fmt: skip
    """The ledger's entries on the conventions the user may see, newest first."""
    require_view(user)
    found = Transaction.objects.select_related(
        "convention",
        "project",
        "party__organization",
        "receiver__organization",
        "recorded_by",
        "validated_by",
        "earmark",
    )
    ids = convention_ids(user)
    if ids is not None:
        found = found.filter(convention_id__in=ids)
    if convention_id:
        found = found.filter(convention_id=convention_id)
    if kind:
        found = found.filter(kind=kind)
    if year:
        found = found.filter(year=year)
    if status:
        found = found.filter(status=status)
    return found.order_by("-value_date", "-id")


def transaction_get(user: Any, transaction_id: Any, permission: str = VIEW) -> Transaction:
    entry = scope.one_or_404(Transaction.objects.select_related("convention", "party__organization",
                                                                "receiver__organization", "earmark"),
                             pk=transaction_id)  # fmt: skip
    require_on(user, permission, entry.convention)
    return entry


def pending_for(user: Any) -> QuerySet[Transaction]:
    """The entries awaiting a second validation that the user may validate (not their own)."""
    if not scope.user_scope(user).has_permission_somewhere(VALIDATE):
        return Transaction.objects.none()
    found = Transaction.objects.filter(status=Transaction.Status.PENDING).exclude(recorded_by=user)
    ids = convention_ids(user, VALIDATE)
    if ids is not None:
        found = found.filter(convention_id__in=ids)
    return found.select_related("convention", "party__organization", "recorded_by").order_by("recorded_at", "pk")


def earmarks_of(convention: Convention) -> QuerySet[Earmark]:
    return Earmark.objects.filter(commitment__convention=convention).select_related("commitment__party__organization")


def organizations() -> QuerySet[Organization]:
    return Organization.objects.order_by("name_fr")


def pillars() -> QuerySet[Pillar]:
    return Pillar.objects.all()


def objectives() -> QuerySet[Objective]:
    return Objective.objects.select_related("pillar")


def regions() -> QuerySet[Region]:
    return Region.objects.order_by("code")


def province_region(code: str) -> str | None:
    return Province.objects.filter(code=code).values_list("region_id", flat=True).first()


def centers_in_rehabilitation() -> QuerySet[Center]:
    """The centers the rehabilitation program covers (any status but 'none')."""
    return Center.objects.exclude(rehabilitation_status=Center.Rehabilitation.NONE).order_by("region_code", "code")


def parties_of(convention: Convention) -> QuerySet[Party]:
    return convention.parties.select_related("organization")


def projects_of(convention: Convention) -> QuerySet[Project]:
    return Project.objects.filter(convention=convention).order_by("code")


def commitments_of(convention: Convention) -> QuerySet[Transaction]:
    """The convention's commitments that may be earmarked (validated, not reversals)."""
    return Transaction.objects.filter(
        convention=convention,
        kind=Transaction.Kind.COMMITMENT,
        reverses__isnull=True,
        status=Transaction.Status.VALIDATED,
    ).select_related("party__organization")


def no_parties() -> QuerySet[Party]:
    return Party.objects.none()


def no_projects() -> QuerySet[Project]:
    return Project.objects.none()


def no_earmarks() -> QuerySet[Earmark]:
    return Earmark.objects.none()


def no_transactions() -> QuerySet[Transaction]:
    return Transaction.objects.none()


def party_or_404(convention: Convention, organization_id: Any) -> Party:
    return scope.one_or_404(Party.objects.select_related("organization").filter(convention=convention),
                            organization_id=organization_id)  # fmt: skip


def project_by_code_or_404(convention: Convention, code: str) -> Project:
    return scope.one_or_404(Project.objects.filter(convention=convention), code=code)


def earmark_or_404(convention: Convention, earmark_id: int) -> Earmark:
    return scope.one_or_404(Earmark.objects.select_related("commitment").filter(commitment__convention=convention),
                            pk=earmark_id)  # fmt: skip


def centers_by_codes(codes: list[str]) -> QuerySet[Center]:
    """The centers whose codes are given (a project's centers are chosen by code)."""
    return Center.objects.filter(code__in=codes).order_by("code")


def project_of_convention(convention: Convention, project_id: Any) -> Project:
    """One project of the convention, or 404."""
    return scope.one_or_404(Project.objects.filter(convention=convention).prefetch_related("centers", "coverages"),
                            pk=project_id)  # fmt: skip


def organization_or_404(organization_id: Any) -> Organization:
    return scope.one_or_404(Organization.objects.all(), pk=organization_id)


def regions_of_view(user: Any) -> list[str] | None:
    """The regions whose part of the money the user's list shows: their regions when every grant to see
    conventions is a region's (a regional coordinator); None otherwise (a national or an organization's reader
    sees whole conventions)."""
    user_grants = scope.user_scope(user)
    if user_grants.is_superuser:
        return None
    grants = user_grants.grants(VIEW)
    if not grants or any(grant.level != "region" or not grant.region_code for grant in grants):
        return None
    return sorted({str(grant.region_code) for grant in grants})
