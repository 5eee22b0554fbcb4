"""The money of the projects linked to centers, for the rehabilitation program's pages (set-based).

`money_per_center(center_ids)`, registered as the centers' money source, answers for each center asked what
is committed, disbursed and spent on the projects linked to it (validated entries only, reversals netted).
An entry of a project linked to several centers counts for each of them: the program page shows each
center's envelope, not a split of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Sum
from django.urls import reverse

from jisr.centers.works.money import CenterMoney, LinkedProject, register_money_source, register_project_links
from jisr.core import scope
from jisr.partnerships.figures import COMMITMENT, DISBURSEMENT, EXPENDITURE, cents_to_mad, counted
from jisr.partnerships.models import Project
from jisr.partnerships.selectors import VIEW, convention_ids


def register() -> None:
    """The rehabilitation programme's pages read the centers' money from this ledger (one ledger, not two)."""
    register_money_source("partnerships", money_per_center)
    register_project_links("partnerships", projects_of_center)


def projects_of_center(user: Any, center_id: Any) -> list[LinkedProject]:
    """The projects linked to the center under conventions `user` may see, each linking to its convention."""
    if not scope.user_scope(user).has_permission_somewhere(VIEW):
        return []
    visible = convention_ids(user)
    projects = (
        Project.objects.filter(centers=center_id).select_related("convention").order_by("convention__number", "code")
    )
    if visible is not None:
        projects = projects.filter(convention_id__in=visible)
    return [LinkedProject(label=f"{project.convention.number} · {project.code} — {project.title}",
                          url=reverse("partnerships:detail", args=[project.convention_id]))
            for project in projects]  # fmt: skip


def money_per_center(center_ids: Iterable[Any]) -> dict[Any, CenterMoney]:
    """{center id: CenterMoney} for the centers asked (those without linked projects are absent)."""
    ids = list(center_ids)
    if not ids:
        return {}
    links = Project.centers.through.objects.filter(center_id__in=ids)
    totals: dict[Any, dict[int, int]] = {}
    rows = (counted().filter(project_id__in=links.values("project_id"))
            .values("project_id", "kind").annotate(total=Sum("amount_cents")).order_by())  # fmt: skip
    per_project: dict[Any, dict[int, int]] = {}
    for row in rows:
        per_project.setdefault(row["project_id"], {})[row["kind"]] = row["total"]
    for center_id, project_id in links.values_list("center_id", "project_id"):
        sums = totals.setdefault(center_id, {})
        for kind, total in per_project.get(project_id, {}).items():
            sums[kind] = sums.get(kind, 0) + total
    return {center_id: CenterMoney(committed=cents_to_mad(sums.get(COMMITMENT, 0)),
                                   disbursed=cents_to_mad(sums.get(DISBURSEMENT, 0)),
                                   spent=cents_to_mad(sums.get(EXPENDITURE, 0)))
            for center_id, sums in totals.items()}  # fmt: skip
