"""The cases app's part of the homes (`jisr.core.home`, `jisr.core.worklist`, `jisr.core.figures`).

- the social worker: their open cases by stage (a panel) and what is due in them now (sections of the
  "To do" panel, counted next to "Cases" in the menu): listening interviews to hold, diagnoses to
  make, follow-ups due today or overdue, plans returned for changes;
- the center manager: the plans to decide (approve or return from the home page), the unassigned and
  the stalled cases, the team's overdue work, the center's capacity in use (a panel; the plans to decide
  are counted next to "Cases");
- coordinators and national roles: their territory's open cases, cases opened this month and overdue
  follow-ups (figures; small counts hidden from aggregate-only roles by core).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import User
from jisr.cases import contributions, selectors_work
from jisr.cases.contributions import PLAN_DECISION_DAYS
from jisr.cases.measures import team_measures
from jisr.cases.models import Case
from jisr.core.figures import Figure
from jisr.core.home import HomePanel
from jisr.core.scope import holds_over_territory, user_scope
from jisr.core.worklist import WorkItem, WorkSection

# How many cases each list of the manager's panel shows; past it, a link to the full list.
MANAGER_LIST_LIMIT = 10


_CARRIES_CASES_ATTR = "_jisr_carries_cases"


def carries_cases(user: User) -> bool:
    """Whether the user has cases of their own to work: a social worker (cases.change_case) always — their
    home says so when nothing is assigned; someone who also oversees a center (a manager) only while open
    cases are assigned to them. Asked by several panels: answered once per request (kept on the user
    object, like the user's scope)."""
    cached = getattr(user, _CARRIES_CASES_ATTR, None)
    if cached is None:
        if not user_scope(user).has_permission_somewhere("cases.change_case"):
            cached = False
        else:
            cached = not _oversees_cases(user) or selectors_work.my_open_cases(user).exists()
        setattr(user, _CARRIES_CASES_ATTR, cached)
    return cached


def _my_cases_url(**filters: str) -> str:
    return reverse("cases:list") + "?" + urlencode({"mine": "on", **filters})


def my_cases_panel_context(user: User) -> Mapping[str, Any] | None:
    """My open cases by stage, each stage a link to the list of them; None for who carries no cases."""
    if not carries_cases(user):
        return None
    stages = [
        {"value": value, "label": label, "count": count, "url": _my_cases_url(status=value)}
        for value, label, count in selectors_work.my_stage_counts(user)
    ]
    return {"stages": stages, "total": sum(stage["count"] for stage in stages), "all_url": _my_cases_url(status="open")}


MY_CASES_PANEL = HomePanel(name="cases.my_cases", template="cases/home_my_cases.html",
                           context=my_cases_panel_context, order=15)  # fmt: skip


def _listening_items(user: User, limit: int) -> list[WorkItem]:
    today = timezone.localdate()
    return [contributions.waiting_item(case, today) for case in selectors_work.cases_to_listen(user)[:limit]]


def _diagnosis_items(user: User, limit: int) -> list[WorkItem]:
    today = timezone.localdate()
    return [contributions.waiting_item(case, today) for case in selectors_work.cases_to_diagnose(user)[:limit]]


def _followup_items(user: User, limit: int) -> list[WorkItem]:
    today = timezone.localdate()
    return [contributions.followup_item(followup, today) for followup in selectors_work.followups_due(user)[:limit]]


def _returned_plan_items(user: User, limit: int) -> list[WorkItem]:
    return [contributions.returned_plan_item(plan) for plan in selectors_work.plans_returned(user)[:limit]]


SECTIONS = [
    WorkSection(
        name="cases.listening", title=_("Listening interviews to hold"), applies=carries_cases,
        items=_listening_items, count=lambda user: selectors_work.cases_to_listen(user).count(), order=10,
        more_url=lambda: _my_cases_url(status="reception"),
    ),
    WorkSection(
        name="cases.diagnosis", title=_("Diagnoses to make"), applies=carries_cases,
        items=_diagnosis_items, count=lambda user: selectors_work.cases_to_diagnose(user).count(), order=20,
        more_url=lambda: _my_cases_url(status="listening"),
    ),
    WorkSection(
        name="cases.followups", title=_("Follow-ups due today or overdue"), applies=carries_cases,
        items=_followup_items, count=lambda user: selectors_work.followups_due(user).count(), order=30,
        more_url=lambda: reverse("cases:my_work"),
    ),
    WorkSection(
        name="cases.plans_returned", title=_("Plans returned for changes"), applies=carries_cases,
        items=_returned_plan_items, count=lambda user: selectors_work.plans_returned(user).count(), order=40,
        more_url=lambda: reverse("cases:my_work"),
    ),
]  # fmt: skip


def plans_to_decide_count(user: User) -> int:
    """The plans waiting for the user's decision (a query only for those who approve plans somewhere)."""
    if not user_scope(user).has_permission_somewhere("cases.approve_plan"):
        return 0
    return selectors_work.plans_to_decide(user).count()


def menu_count(user: User) -> int:
    """Next to "Cases" in the menu: the items of the sections above (one query) and the plans to decide."""
    due = selectors_work.my_due_counts(user) if carries_cases(user) else {}
    return sum(due.values()) + plans_to_decide_count(user)


def _oversees_cases(user: User) -> bool:
    scope = user_scope(user)
    return scope.has_permission_somewhere("cases.assign_case") or scope.has_permission_somewhere("cases.approve_plan")


def center_panel_context(user: User) -> Mapping[str, Any] | None:
    """The manager's panel: plans to decide, unassigned and stalled cases, the team, the capacity in use.

    None for a user who neither assigns cases nor approves plans anywhere."""
    if not _oversees_cases(user):
        return None
    today = timezone.localdate()
    plans = list(selectors_work.plans_to_decide(user)[:MANAGER_LIST_LIMIT])
    for plan in plans:
        due = timezone.localdate(plan.submitted_at) + datetime.timedelta(days=PLAN_DECISION_DAYS)
        plan.home_overdue = due < today  # type: ignore[attr-defined]
    unassigned = list(selectors_work.unassigned_cases(user)[: MANAGER_LIST_LIMIT + 1])
    stalled = list(selectors_work.stalled_cases(user)[: MANAGER_LIST_LIMIT + 1])
    return {
        "plans": plans,
        "plans_count": len(plans) if len(plans) < MANAGER_LIST_LIMIT else plans_to_decide_count(user),
        "unassigned": unassigned[:MANAGER_LIST_LIMIT],
        "unassigned_more": len(unassigned) > MANAGER_LIST_LIMIT,
        "stalled": [(case, _idle_days(case, today)) for case in stalled[:MANAGER_LIST_LIMIT]],
        "stalled_more": len(stalled) > MANAGER_LIST_LIMIT,
        "stalled_days": selectors_work.stalled_days(),
        "team": selectors_work.team_table(user, today),
        "team_measures": team_measures(),
        "loads": selectors_work.center_loads(user),
        "all_open_url": reverse("cases:list") + "?" + urlencode({"status": "open"}),
    }


def _idle_days(case: Case, today: datetime.date) -> int:
    """Days since the case's last activity (annotated by `selectors_work.stalled_cases`)."""
    return (today - timezone.localdate(case.last_activity)).days  # type: ignore[attr-defined]


CENTER_PANEL = HomePanel(name="cases.center", template="cases/home_center.html", context=center_panel_context,
                         order=10)  # fmt: skip


def territory_figures(user: User) -> list[Figure]:
    """Open cases, cases opened this month, overdue follow-ups — for those who hold cases.view_caseload over a
    province, a region or the country (core hides the small counts from aggregate-only roles)."""
    if not holds_over_territory(user, "cases.view_caseload"):
        return []
    counts = selectors_work.territory_case_counts(user)
    caseload = reverse("cases:caseload")
    return [
        Figure("cases.open", str(_("Open cases")), counts.open_cases, caseload, order=10),
        Figure(
            "cases.opened_this_month", str(_("Cases opened this month")), counts.opened_this_month, caseload, order=20
        ),  # fmt: skip
        Figure("cases.overdue_followups", str(_("Overdue follow-ups")), counts.overdue_followups, order=40),
    ]
