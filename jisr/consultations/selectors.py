"""Every read of the consultations' staff pages and API, already limited to the reader's scope.

`consultations.view_consultations` reaches the meetings, recommendations and plans of the reader's region
(everything nationally); `consultations.report_progress` reaches the actions of the reader's region or of the
organization they act for. Everyone else gets empty lists and 404s. The public pages read `public.py`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from jisr.accounts.models import User
from jisr.centers.models import Organization
from jisr.consultations import duplicates
from jisr.consultations.models import (
    ActionPlan,
    ConsultationRound,
    Meeting,
    PlanAction,
    Recommendation,
    RecommendationEvent,
    Result,
    ResultStatus,
)
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.strategy.models import Indicator, Lever, Pillar
from jisr.territories.models import Province, Region

VIEW = "consultations.view_consultations"
MEETINGS = "consultations.manage_meetings"
RECOMMENDATIONS = "consultations.manage_recommendations"
PLANS = "consultations.manage_plans"
PROGRESS = "consultations.report_progress"


def require_view(user: User) -> None:
    """404 unless the user may see the consultations somewhere."""
    scope.require(user, VIEW)


def may(user: User, permission: str, obj: Any = None) -> bool:
    if obj is None:
        return scope.user_scope(user).has_permission_somewhere(permission)
    return scope.may(user, permission, obj)


def rounds() -> QuerySet[ConsultationRound]:
    return ConsultationRound.objects.all()


def regions() -> QuerySet[Region]:
    return Region.objects.order_by("code")


def regions_managed(user: User, permission: str) -> QuerySet[Region]:
    """The regions where the user holds `permission` (a coordinator: theirs; the national officer: all)."""
    return scope.scope_filter(regions(), user, permission, scope.AnchorFields(region="code"))


def pillars() -> QuerySet[Pillar]:
    return Pillar.objects.all()


def levers() -> QuerySet[Lever]:
    return Lever.objects.all()


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.all()


def result_statuses() -> QuerySet[ResultStatus]:
    return ResultStatus.objects.all()


def organizations() -> QuerySet[Organization]:
    return Organization.objects.order_by("name_fr")


def provinces_of(region_id: str) -> QuerySet[Province]:
    return Province.objects.filter(region_id=region_id).order_by("code")


def meetings_of(user: User) -> QuerySet[Meeting]:
    """The meetings the user may see, in the round's order, with their recommendation counts."""
    return (
        scope.in_scope(user, VIEW, Meeting)
        .select_related("region", "round")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("round", "sequence")
    )


def meeting_get(user: User, meeting_id: uuid.UUID | str, permission: str = VIEW) -> Meeting:
    """One meeting, or 404 (missing or outside the user's region)."""
    queryset = Meeting.objects.select_related("region", "round").prefetch_related("organizations", "attendance")
    return scope.get_or_404(user, permission, queryset, pk=meeting_id)


def minutes_read(user: User, meeting: Meeting) -> tuple[str, str, bytes]:
    """The minutes' name, type and bytes for a reader who may see the meeting; the read is audited."""
    from jisr.consultations.files import FILES

    scope.require(user, VIEW, meeting)
    if not meeting.minutes_stored_name:
        from django.http import Http404

        raise Http404
    content = FILES.load(meeting.minutes_stored_name, meeting.minutes_key)
    audit.record(
        actor=user, action=AuditLog.Action.VIEW, obj=meeting, changes={"minutes": [None, meeting.minutes_name]}
    )
    return meeting.minutes_name, meeting.minutes_type, content


@dataclass(frozen=True)
class RecommendationFilters:
    meeting: str = ""
    status: str = ""
    pillar: str = ""
    target_group: str = ""
    q: str = ""


def recommendations_of(user: User, filters: RecommendationFilters | None = None) -> QuerySet[Recommendation]:
    """The recommendations the user may see, filtered."""
    filters = filters or RecommendationFilters()
    queryset = scope.in_scope(user, VIEW, Recommendation).select_related(
        "meeting__region", "organization", "province", "pillar", "lever", "action", "merged_into__meeting"
    )
    if filters.meeting:
        queryset = queryset.filter(meeting_id=filters.meeting)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.pillar:
        queryset = queryset.filter(pillar__code=filters.pillar)
    if filters.target_group:
        queryset = queryset.filter(target_group=filters.target_group)
    if filters.q:
        queryset = queryset.filter(Q(text_ar__icontains=filters.q) | Q(text_fr__icontains=filters.q))
    return queryset.order_by("meeting__sequence", "number")


def recommendation_get(user: User, recommendation_id: uuid.UUID | str, permission: str = VIEW) -> Recommendation:
    """One recommendation, or 404."""
    queryset = Recommendation.objects.select_related(
        "meeting__region", "organization", "province", "pillar", "lever", "action__plan", "merged_into__meeting"
    )
    return scope.get_or_404(user, permission, queryset, pk=recommendation_id)


def recommendation_choices(user: User, exclude: Recommendation | None = None) -> QuerySet[Recommendation]:
    """What a recommendation may be merged into: others the user manages, not themselves merged."""
    queryset = scope.in_scope(user, RECOMMENDATIONS, Recommendation).exclude(status=Recommendation.Status.MERGED)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.select_related("meeting").order_by("meeting__sequence", "number")


def action_choices(user: User, region_id: str) -> QuerySet[PlanAction]:
    """The actions of the region's plans that a recommendation of the region may be accepted into."""
    return (
        scope.in_scope(user, VIEW, PlanAction)
        .filter(plan__region_id=region_id)
        .select_related("plan")
        .order_by("plan__first_year", "code")
    )


def duplicate_candidates(user: User) -> list[duplicates.Candidate]:
    """Candidate duplicates among the recommendations the user manages (different meetings, similar texts)."""
    queryset = scope.in_scope(user, RECOMMENDATIONS, Recommendation).select_related("meeting__region")
    return duplicates.candidates(
        queryset.only(
            "id",
            "meeting_id",
            "number",
            "text_ar",
            "text_fr",
            "status",
            "key_ar",
            "key_fr",
            "meeting__region",
            "meeting__held_on",
        )
    )


def plans_of(user: User) -> QuerySet[ActionPlan]:
    return scope.in_scope(user, VIEW, ActionPlan).select_related("region").annotate(action_count=Count("actions"))


def plan_get(user: User, plan_id: uuid.UUID | str, permission: str = VIEW) -> ActionPlan:
    return scope.get_or_404(user, permission, ActionPlan.objects.select_related("region"), pk=plan_id)


def actions_of_plan(user: User, plan: ActionPlan) -> QuerySet[PlanAction]:
    return (
        scope.in_scope(user, VIEW, PlanAction)
        .filter(plan=plan)
        .select_related("owner", "province", "pillar")
        .prefetch_related("partners")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("code")
    )


def actions_reported_by(user: User) -> QuerySet[PlanAction]:
    """The actions whose progress the user may report: their region's, or their organization's."""
    return (
        scope.in_scope(user, PROGRESS, PlanAction)
        .select_related("plan__region", "owner", "province")
        .order_by("plan__region_id", "code")
    )


def actions_api(user: User) -> QuerySet[PlanAction]:
    """Actions for the API: those the user sees in their region's plans or reports on."""
    visible = scope.in_scope(user, VIEW, PlanAction).values("pk")
    reported = scope.in_scope(user, PROGRESS, PlanAction).values("pk")
    return (
        PlanAction.objects.filter(Q(pk__in=visible) | Q(pk__in=reported))
        .select_related("plan__region", "owner", "province", "pillar")
        .prefetch_related("partners", "indicators")
        .order_by("plan__region_id", "code")
    )


def action_get(user: User, action_id: uuid.UUID | str) -> PlanAction:
    """One action for a reader who sees its plan or reports its progress, else 404."""
    queryset = PlanAction.objects.select_related("plan__region", "owner", "province", "pillar")
    for permission in (VIEW, PROGRESS):
        if scope.in_scope(user, permission, queryset).filter(pk=action_id).exists():
            return scope.get_or_404(user, permission, queryset, pk=action_id)
    return scope.get_or_404(user, VIEW, queryset, pk=action_id)


def result_get(user: User, action: PlanAction, result_id: uuid.UUID | str) -> Result:
    return scope.one_or_404(Result.objects.filter(action=action).select_related("status"), pk=result_id)


def result_tree(action: PlanAction) -> list[tuple[Result, int]]:
    """The action's results in reading order, each with its depth (parent before its children)."""
    results = list(action.results.select_related("status").order_by("order", "title_fr"))
    children: dict[Any, list[Result]] = {}
    for result in results:
        children.setdefault(result.parent_id, []).append(result)
    ordered: list[tuple[Result, int]] = []

    def walk(parent: Any, depth: int) -> None:
        for result in children.get(parent, []):
            ordered.append((result, depth))
            walk(result.pk, depth + 1)

    walk(None, 0)
    return ordered


def milestones_of(action: PlanAction) -> list[Any]:
    return list(action.milestones.select_related("result").order_by("-reached_on", "-id"))


def events_of(recommendation: Recommendation) -> QuerySet[RecommendationEvent]:
    return recommendation.events.select_related("by", "action", "merged_into__meeting").order_by("at", "id")


def user_actions_with_progress(user: User) -> QuerySet[PlanAction]:
    return actions_reported_by(user).prefetch_related(Prefetch("results", queryset=Result.objects.order_by("order")))


def result_status_by_code(code: str) -> ResultStatus:
    """The result status with this code, or a field error."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    found = ResultStatus.objects.filter(code=code).first()
    if found is None:
        raise ValidationError({"status": _("Unknown result status.")})
    return found


def recommendations_to_study(user: User) -> QuerySet[Recommendation]:
    """The recommendations of the user's region still waiting for a decision (received or under study),
    oldest first: the regional coordinator's work."""
    return (
        scope.in_scope(user, RECOMMENDATIONS, Recommendation)
        .filter(status__in=[Recommendation.Status.RECEIVED, Recommendation.Status.UNDER_STUDY])
        .select_related("meeting")
        .order_by("status_changed_at", "number")
    )


def actions_overdue(user: User, today: datetime.date) -> QuerySet[PlanAction]:
    """The actions of the user's region plans that should have ended by `today` and are not complete."""
    return (
        scope.in_scope(user, PLANS, PlanAction)
        .filter(ends_on__lt=today, progress__lt=100)
        .select_related("plan")
        .order_by("ends_on", "code")
    )


def actions_to_report(user: User) -> QuerySet[PlanAction]:
    """The incomplete actions owned by the organization the user acts for, soonest end first."""
    return (
        scope.in_scope(user, PROGRESS, PlanAction)
        .filter(progress__lt=100)
        .select_related("plan")
        .order_by(F("ends_on").asc(nulls_last=True), "code")
    )


def _one(queryset: QuerySet[Any], field: str, message: Any, **lookup: Any) -> Any:
    """The record `lookup` finds in `queryset`, or a field error (an API's unknown code)."""
    from django.core.exceptions import ValidationError

    found = queryset.filter(**lookup).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def api_meeting_refs(user: User, *, round_code: str, region_code: str) -> tuple[ConsultationRound, Region]:
    """The round and the region a new meeting names; a region the user does not manage is a field error."""
    from django.utils.translation import gettext as _

    return (
        _one(rounds(), "round", _("Unknown consultation round."), code=round_code),
        _one(
            regions_managed(user, MEETINGS),
            "region",
            _("You may plan meetings only in the regions you coordinate."),
            code=region_code,
        ),
    )


def api_recommendation_refs(
    meeting: Meeting, *, organization: uuid.UUID | None, province: str | None, pillar: str | None, lever: str | None
) -> dict[str, Any]:
    """The records a new recommendation names by id or code, each checked (a field error otherwise)."""
    from django.utils.translation import gettext as _

    unknown = _("Unknown value.")
    return {
        "organization": _one(organizations(), "organization", unknown, pk=organization) if organization else None,
        "province": _one(provinces_of(meeting.region_id), "province", unknown, code=province) if province else None,
        "pillar": _one(pillars(), "pillar", unknown, code=pillar) if pillar else None,
        "lever": _one(levers(), "lever", unknown, code=lever) if lever else None,
    }
