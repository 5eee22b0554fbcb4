"""Reads of cases, always through the user's scope: a case is anchored to its center."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from jisr.cases.models import Case, ListeningRecord
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import Anchor, AnchorFields, may_access, scope_filter, user_scope

CASE_FIELDS = AnchorFields(region="region_code", province="province_id", center="center_id")


def case_anchor(case: Case) -> Anchor:
    return Anchor(region_code=case.region_code, province_code=case.province_id, center_id=case.center_id)


def visible_cases(user: Any, permission: str = "cases.view_case") -> QuerySet[Case]:
    if not user_scope(user).has_permission_somewhere(permission):
        return Case.objects.none()
    return scope_filter(Case.objects.all(), user, permission, CASE_FIELDS)


@dataclass
class CaseFilters:
    status: str = ""
    urgency: str = ""
    mine: bool = False
    query: str = ""


def case_list(user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases the user may see, newest first, with the person and center joined."""
    filters = filters or CaseFilters()
    cases = visible_cases(user).select_related("person", "center", "assigned_to")
    if filters.status == "open":
        cases = cases.exclude(status=Case.Status.CLOSED)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.urgency:
        cases = cases.filter(urgency=filters.urgency)
    if filters.mine:
        cases = cases.filter(assigned_to=user)
    if filters.query:
        text = filters.query.strip()
        cases = cases.filter(Q(reference__iexact=text) | Q(person__in=_matching_people(user, text)))
    return cases.order_by("-opened_at", "id")


def _matching_people(user: Any, text: str) -> list[uuid.UUID]:
    from jisr.people.selectors import person_search

    return [person.pk for person in person_search(user, text, limit=200)]


def case_get(user: Any, case_id: uuid.UUID | str, permission: str = "cases.view_case") -> Case:
    """The case, or 404 whether it is missing or outside the user's scope."""
    try:
        return visible_cases(user, permission).select_related("person", "center", "assigned_to").get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_read_listening(user: Any, case: Case) -> bool:
    return may_access(user, "cases.view_listening", case_anchor(case))


def listening_records(user: Any, case: Case) -> list[ListeningRecord]:
    """The case's listening records, decrypted — for holders of cases.view_listening at its center.

    Every read is written to the audit log (law 09-08: access to sensitive records is traced).
    """
    if not can_read_listening(user, case):
        return []
    records = list(case.listening_records.select_related("interviewer"))
    if records:
        audit.record(
            actor=user,
            action=AuditLog.Action.VIEW,
            obj=case,
            changes={"listening_records_read": [str(record.pk) for record in records]},
        )
    return records


def case_history(case: Case) -> QuerySet[Any]:
    return case.status_changes.select_related("changed_by")


SMALL_COUNT = 5
STAGE_COLUMNS = ["reception", "listening", "diagnosis", "orientation", "pathway", "follow_up"]


@dataclass
class CaseloadRow:
    label: str
    counts: dict[str, int | None]


def caseload(user: Any) -> tuple[str, list[CaseloadRow]]:
    """Counts of cases per center (or per province for a national view), without any personal data.

    For a role that does not see personal data (the national analyst), counts under 5 are
    suppressed (None) so that a small center's figures cannot point at a person.
    """
    import datetime

    from django.db.models import Count
    from django.utils import timezone

    if not user_scope(user).has_permission_somewhere("cases.view_caseload"):
        raise Http404
    cases = scope_filter(Case.objects.all(), user, "cases.view_caseload", CASE_FIELDS)
    national = not scope_q_is_narrow(user)
    group = ["province_id", "province__name_ar", "province__name_fr"] if national else [
        "center_id", "center__name_ar", "center__name_fr"]  # fmt: skip
    since = timezone.now() - datetime.timedelta(days=30)
    measures = {
        "total": Count("id"),
        "open": Count("id", filter=~Q(status=Case.Status.CLOSED)),
        **{stage: Count("id", filter=Q(status=stage)) for stage in STAGE_COLUMNS},
        "urgent_open": Count("id", filter=Q(urgency=Case.Urgency.URGENT) & ~Q(status=Case.Status.CLOSED)),
        "new_30_days": Count("id", filter=Q(opened_at__gte=since)),
        "closed": Count("id", filter=Q(status=Case.Status.CLOSED)),
    }
    rows = cases.values(*group).annotate(**measures).order_by(group[2])
    suppress = not user_scope(user).sees_personal_data
    from django.utils.translation import get_language

    arabic = (get_language() or "ar").startswith("ar")
    result = []
    for row in rows:
        counts: dict[str, int | None] = {
            key: (None if suppress and 0 < row[key] < SMALL_COUNT else row[key]) for key in measures
        }
        result.append(CaseloadRow(label=row[group[1]] if arabic else row[group[2]], counts=counts))
    return ("province" if national else "center"), result


def scope_q_is_narrow(user: Any) -> bool:
    from jisr.core.scope import scope_q

    return bool(scope_q(user, "cases.view_caseload", CASE_FIELDS))


def published_protocols() -> QuerySet[Any]:
    from jisr.cases.models import Protocol

    return Protocol.objects.filter(status=Protocol.Status.PUBLISHED).order_by("code")


def protocols_for_editing(user: Any) -> QuerySet[Any]:
    from jisr.cases.models import Protocol

    if not user_scope(user).has_permission_somewhere("cases.change_protocol"):
        raise Http404
    return Protocol.objects.all()


def protocol_get_for_editing(user: Any, protocol_id: uuid.UUID | str) -> Any:
    from jisr.cases.models import Protocol

    try:
        return protocols_for_editing(user).get(pk=protocol_id)
    except (Protocol.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def latest_assessment(case: Case) -> Any:
    return case.assessments.select_related("protocol", "assessed_by").first()


def plan_of(case: Case) -> Any:
    """The case's orientation plan with its goals and actions (the case was read through its scope)."""
    from django.db.models import Prefetch

    from jisr.cases.models import OrientationPlan, PlanAction

    actions = PlanAction.objects.select_related("responsible").prefetch_related("referrals")
    return (
        OrientationPlan.objects.filter(case=case)
        .select_related("created_by", "submitted_by", "decided_by", "assessment__protocol")
        .prefetch_related(Prefetch("goals__actions", queryset=actions))
        .first()
    )


def plans_awaiting_approval(user: Any) -> QuerySet[Any]:
    """Plans submitted at the centers where the user may approve plans, oldest first."""
    from jisr.cases.models import OrientationPlan

    return (
        OrientationPlan.objects.filter(
            status=OrientationPlan.Status.SUBMITTED, case__in=visible_cases(user, "cases.approve_plan")
        )
        .select_related("case__person", "submitted_by")
        .order_by("submitted_at")
    )


def plan_get(user: Any, plan_id: uuid.UUID | str, permission: str = "cases.view_case") -> Any:
    """The plan, or 404 whether missing or outside the user's scope."""
    from jisr.cases.models import OrientationPlan

    try:
        plan = OrientationPlan.objects.select_related("case").get(pk=plan_id)
    except (OrientationPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    case_get(user, plan.case_id, permission)
    return plan


def action_get(user: Any, action_id: uuid.UUID | str) -> Any:
    from jisr.cases.models import PlanAction

    try:
        action = PlanAction.objects.select_related("goal__plan__case").get(pk=action_id)
    except (PlanAction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    case_get(user, action.goal.plan.case_id)
    return action
