"""Reads of cases, always through the user's scope: a case is anchored to its center, and every record
of a case (plan, goal, action, follow-up…) where its case is (the `@anchored` declarations of
`jisr.cases.models`)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Hashable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from jisr.accounts.models import User
from jisr.cases.models import (
    Assessment,
    Case,
    CaseFlag,
    CaseStatusChange,
    FollowUp,
    ListeningRecord,
    OrientationPlan,
    Outcome,
    PlanAction,
    PlanGoal,
    Protocol,
)
from jisr.centers.models import Center
from jisr.core import audit, scope
from jisr.core.disclosure import published, suppress, two_way_sums
from jisr.core.models import AuditLog
from jisr.core.scope import anchor_fields, get_or_404, in_scope, may, require, scope_q, user_scope


def visible_cases(user: User, permission: str = "cases.view_case") -> QuerySet[Case]:
    """The cases on which the user holds `permission`."""
    return in_scope(user, permission, Case)


@dataclass
class CaseFilters:
    """The case list's filters. Each narrows the cases the user may see: a value that points outside the
    user's scope (a center of another province in a saved filter) narrows to nothing, never widens."""

    status: str = ""
    urgency: str = ""
    mine: bool = False
    query: str = ""
    flag: str = ""
    center: uuid.UUID | None = None

    def as_params(self) -> dict[str, str]:
        """The filters set, as the list page's query parameters (saved filters, the export's audit)."""
        params = {"q": self.query.strip(), "status": self.status, "urgency": self.urgency, "flag": self.flag,
                  "center": str(self.center) if self.center else "", "mine": "on" if self.mine else ""}  # fmt: skip
        return {key: value for key, value in params.items() if value}


def active_flags_prefetch() -> Prefetch:
    """The active flags of each case, kind by kind, as `case.active_flags`."""
    return Prefetch("flags", queryset=CaseFlag.objects.filter(cleared_at=None).order_by("kind"), to_attr="active_flags")


def filtered_cases(cases: QuerySet[Case], user: User, filters: CaseFilters) -> QuerySet[Case]:
    """`cases` (already limited to the user's scope) narrowed by `filters`, newest first."""
    if filters.status == "open":
        cases = cases.exclude(status=Case.Status.CLOSED)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.urgency:
        cases = cases.filter(urgency=filters.urgency)
    if filters.mine:
        cases = cases.filter(assigned_to=user)
    if filters.flag:
        cases = cases.filter(Exists(CaseFlag.objects.filter(case=OuterRef("pk"), kind=filters.flag, cleared_at=None)))
    if filters.center:
        cases = cases.filter(center_id=filters.center)
    if filters.query:
        text = filters.query.strip()
        cases = cases.filter(Q(reference__iexact=text) | Q(person__in=_matching_people(user, text)))
    return cases.order_by("-opened_at", "id")


def case_list(user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases the user may see, newest first, with the person, center, worker and active flags."""
    cases = (
        visible_cases(user).select_related("person", "center", "assigned_to").prefetch_related(active_flags_prefetch())
    )
    return filtered_cases(cases, user, filters or CaseFilters())


def active_flag_kinds(case: Case) -> list[str]:
    """The kinds of the case's active flags (read from `case.active_flags` when the list prefetched them)."""
    flags = getattr(case, "active_flags", None)
    if flags is None:
        flags = case.flags.filter(cleared_at=None).order_by("kind")
    return [flag.kind for flag in flags]


def case_flags(case: Case) -> list[CaseFlag]:
    """Every flag of the case read through its scope, active or cleared, oldest first, with who set and
    cleared it."""
    return list(case.flags.select_related("set_by", "cleared_by").order_by("set_at"))


def list_centers(user: User) -> QuerySet[Center]:
    """The Jisr centers whose cases the user sees, by French name (the case list's center filter)."""
    return in_scope(user, "cases.view_case", Center.objects.filter(is_jisr=True)).order_by("name_fr")


def _matching_people(user: User, text: str) -> list[uuid.UUID]:
    from jisr.people.selectors import person_search

    return [person.pk for person in person_search(user, text, limit=200)]


def case_get(user: User | AnonymousUser, case_id: uuid.UUID | str, permission: str = "cases.view_case") -> Case:
    """The case, or 404 whether it is missing or outside the user's scope.

    Any request's user (an anonymous one gets 404): the training pages pass `request.user` as it comes.
    """
    return get_or_404(user, permission, Case.objects.select_related("person", "center", "assigned_to"), pk=case_id)


def can_read_listening(user: User, case: Case) -> bool:
    """Whether the user may read the case's confidential listening records."""
    return may(user, "cases.view_listening", case)


def listening_records(user: User, case: Case) -> list[ListeningRecord]:
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


def case_history(case: Case) -> QuerySet[CaseStatusChange]:
    """The status changes of a case read through its scope, oldest first."""
    return case.status_changes.select_related("changed_by")


def case_followups(case: Case) -> QuerySet[FollowUp]:
    """The follow-ups of a case read through its scope, soonest first."""
    return case.followups.select_related("recorded_by")


def followup_get(user: User, case: Case, followup_id: uuid.UUID | str) -> FollowUp:
    """One follow-up of the case, or 404 (missing, of another case, or outside the user's scope)."""
    return get_or_404(user, "cases.view_case", FollowUp.objects.filter(case=case), pk=followup_id)


def case_outcomes(case: Case) -> QuerySet[Outcome]:
    """The outcomes of a case read through its scope, latest first."""
    return case.outcomes.all()


def case_assessments(case: Case) -> QuerySet[Assessment]:
    """The assessments of a case read through its scope, latest first, with their protocol."""
    return case.assessments.select_related("protocol")


def latest_assessment(case: Case) -> Assessment | None:
    """The latest diagnosis of a case read through its scope."""
    return case.assessments.select_related("protocol", "assessed_by").first()


STAGE_COLUMNS = ["reception", "listening", "diagnosis", "orientation", "pathway", "follow_up"]
CASELOAD_MEASURES = ["open", *STAGE_COLUMNS, "urgent_open", "new_30_days", "closed"]
CASELOAD_TOTAL = "total"  # the key of the totals row in the suppression table


@dataclass
class CaseloadRow:
    label: str
    counts: dict[str, int | None]


@dataclass
class Caseload:
    """The dashboard's table: one row per province (national view) or center, and the totals row.

    The open cases of a row are the sum of its six stages, and the totals row the sum of the rows:
    both are published, so a small count hidden from an aggregate-only role takes complements with it
    (`jisr.core.disclosure`), the same in the page, the API and the export."""

    level: str
    rows: list[CaseloadRow]
    totals: CaseloadRow | None


def caseload(user: User) -> Caseload:
    """Counts of cases per center (or per province for a national view) and their totals, no personal data.

    For a role that does not see personal data (the national analyst), counts under 5 are hidden
    (None), and so are the complements that would let a row's or a column's total give them back.
    """
    require(user, "cases.view_caseload")
    cases = in_scope(user, "cases.view_caseload", Case)
    national = not scope_q_is_narrow(user)
    group = ["province_id", "province__name_ar", "province__name_fr"] if national else [
        "center_id", "center__name_ar", "center__name_fr"]  # fmt: skip
    since = timezone.now() - datetime.timedelta(days=30)
    not_closed = ~Q(status=Case.Status.CLOSED)
    measures = {
        "open": Count("id", filter=not_closed),
        **{stage: Count("id", filter=Q(status=stage)) for stage in STAGE_COLUMNS},
        "urgent_open": Count("id", filter=Q(urgency=Case.Urgency.URGENT) & not_closed),
        "new_30_days": Count("id", filter=Q(opened_at__gte=since)),
        "closed": Count("id", filter=Q(status=Case.Status.CLOSED)),
    }
    rows = list(cases.values(*group).annotate(**measures).order_by(group[2]))
    level = "province" if national else "center"
    if not rows:
        return Caseload(level=level, rows=[], totals=None)
    values: dict[tuple[Hashable, Hashable], int] = {
        (row[group[0]], key): row[key] for row in rows for key in CASELOAD_MEASURES
    }
    values.update({(CASELOAD_TOTAL, key): sum(row[key] for row in rows) for key in CASELOAD_MEASURES})
    shown: dict[tuple[Hashable, Hashable], int | None] = dict(values)
    if not user_scope(user).sees_personal_data:
        sums = two_way_sums(
            [row[group[0]] for row in rows], STAGE_COLUMNS, row_total="open", column_total=CASELOAD_TOTAL
        )
        sums += two_way_sums([row[group[0]] for row in rows], ["urgent_open", "new_30_days", "closed"],
                             row_total=None, column_total=CASELOAD_TOTAL)  # fmt: skip
        shown = published(values, suppress(values, sums))
    arabic = (get_language() or "ar").startswith("ar")
    result = [
        CaseloadRow(
            label=row[group[1]] if arabic else row[group[2]],
            counts={key: shown[(row[group[0]], key)] for key in CASELOAD_MEASURES},
        )  # fmt: skip
        for row in rows
    ]
    totals = CaseloadRow(label="", counts={key: shown[(CASELOAD_TOTAL, key)] for key in CASELOAD_MEASURES})
    return Caseload(level=level, rows=result, totals=totals)


def scope_q_is_narrow(user: User) -> bool:
    """Whether the user's caseload grants stop short of the whole country (then the dashboard is per center)."""
    return bool(scope_q(user, "cases.view_caseload", anchor_fields(Case)))


def published_protocols() -> QuerySet[Protocol]:
    """The published assessment protocols (public reference data: no scope)."""
    return Protocol.objects.filter(status=Protocol.Status.PUBLISHED).order_by("code")


def published_protocol(protocol_id: uuid.UUID | None = None) -> Protocol | None:
    """The published protocol with this id, or the first published one when no id is given."""
    protocols = published_protocols()
    return protocols.filter(pk=protocol_id).first() if protocol_id else protocols.first()


def protocols_for_editing(user: User) -> QuerySet[Protocol]:
    """Every protocol version, for the holders of cases.change_protocol (404 for everyone else)."""
    require(user, "cases.change_protocol")
    return Protocol.objects.all()


def protocol_get_for_editing(user: User, protocol_id: uuid.UUID | str) -> Protocol:
    """One protocol version for its editors, or 404."""
    return scope.one_or_404(protocols_for_editing(user), pk=protocol_id)


def plan_of(case: Case) -> OrientationPlan | None:
    """The case's orientation plan with its goals and actions (the case was read through its scope)."""
    actions = PlanAction.objects.select_related("responsible").prefetch_related("referrals")
    return (
        OrientationPlan.objects.filter(case=case)
        .select_related("created_by", "submitted_by", "decided_by", "assessment__protocol")
        .prefetch_related(Prefetch("goals__actions", queryset=actions))
        .first()
    )


def plans_awaiting_approval(user: User) -> QuerySet[OrientationPlan]:
    """Plans submitted at the centers where the user may approve plans, oldest first."""
    return (
        in_scope(user, "cases.approve_plan", OrientationPlan)
        .filter(status=OrientationPlan.Status.SUBMITTED)
        .select_related("case__person", "submitted_by")
        .order_by("submitted_at")
    )


PLAN_LIST_LIMIT = 200


def plan_list(user: User, *, awaiting_my_approval: bool = False) -> list[OrientationPlan]:
    """Plans waiting for the user's approval, or else the plans of the cases the user sees (newest first),
    with their goals and actions; at most PLAN_LIST_LIMIT."""
    if awaiting_my_approval:
        plans = plans_awaiting_approval(user)
    else:
        plans = in_scope(user, "cases.view_case", OrientationPlan).order_by("-created_at")
    return list(plans.prefetch_related("goals__actions__responsible")[:PLAN_LIST_LIMIT])


def plan_get(user: User, plan_id: uuid.UUID | str, permission: str = "cases.view_case") -> OrientationPlan:
    """The plan, or 404 whether missing or outside the user's scope."""
    return get_or_404(user, permission, OrientationPlan.objects.select_related("case"), pk=plan_id)


def goal_get(user: User, plan: OrientationPlan, goal_id: uuid.UUID | str) -> PlanGoal:
    """One goal of the plan, or 404 (missing, of another plan, or outside the user's scope)."""
    return get_or_404(user, "cases.view_case", PlanGoal.objects.filter(plan=plan), pk=goal_id)


def action_get(user: User, action_id: uuid.UUID | str) -> PlanAction:
    """One action of a plan, or 404 whether missing or outside the user's scope."""
    return get_or_404(user, "cases.view_case", PlanAction.objects.select_related("goal__plan__case"), pk=action_id)


def open_referral_actions(case: Case) -> QuerySet[PlanAction]:
    """The planned referral actions of the case's plan (a referral may carry one of them out)."""
    return PlanAction.objects.filter(
        goal__plan__case=case, kind=PlanAction.Kind.REFERRAL, status=PlanAction.Status.PLANNED
    )


# The centers where a case may be opened: the cases permission over the directory.


def centers_for_case_opening(user: User) -> QuerySet[Center]:
    """The open centers where the user may open a case, by French name."""
    open_centers = Center.objects.filter(status=Center.Status.ACTIVE)
    return in_scope(user, "cases.add_case", open_centers).order_by("name_fr")
