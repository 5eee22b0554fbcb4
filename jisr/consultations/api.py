"""`/api/v1/consultations`: meetings, recommendations (with their decisions), regional plans and actions (with the
progress of their results), within the reader's scope (docs/consultations.md). The open data of the public
pages is at `/consultations/open-data.json`, without login."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.consultations import selectors, services
from jisr.core.api_schemas import Input

router = Router(tags=["consultations"])


class AttendanceOut(Schema):
    category: str
    women: int
    men: int


class MeetingOut(Schema):
    id: uuid.UUID
    round: str
    sequence: int
    region: str
    held_on: datetime.date
    place: str
    chair: str
    status: str
    organizations: list[uuid.UUID]
    attendance: list[AttendanceOut]
    has_minutes: bool


class RecommendationOut(Schema):
    id: uuid.UUID
    reference: str
    meeting: uuid.UUID
    region: str
    text_ar: str
    text_fr: str
    organization: uuid.UUID | None
    province: str | None
    target_group: str
    pillar: str | None
    lever: str | None
    status: str
    status_changed_at: datetime.datetime
    action: uuid.UUID | None
    merged_into: uuid.UUID | None
    reason: str


class RecommendationQuery(Schema):
    meeting: str = ""
    status: str = ""
    pillar: str = ""
    target_group: str = ""
    q: str = ""


class RecommendationDecisionIn(Input):
    status: str
    action: uuid.UUID | None = None
    merged_into: uuid.UUID | None = None
    reason: str = ""


class MeetingIn(Input):
    round: str  # the round's code
    region: str  # the region's code: one the user manages
    sequence: int
    held_on: datetime.date
    place: str
    chair: str = ""
    agenda: str = ""


class RecommendationIn(Input):
    text_ar: str = ""
    text_fr: str = ""
    organization: uuid.UUID | None = None
    province: str | None = None  # a province of the meeting's region, by code
    target_group: str = "all"
    pillar: str | None = None  # by code
    lever: str | None = None  # by code


class ActionPlanOut(Schema):
    id: uuid.UUID
    region: str
    first_year: int
    last_year: int
    title_ar: str
    title_fr: str


class ActionResultOut(Schema):
    id: uuid.UUID
    parent: uuid.UUID | None
    title_ar: str
    title_fr: str
    weight: Decimal | None
    status: str | None
    own_progress: Decimal | None
    progress: Decimal


class PlanActionOut(Schema):
    id: uuid.UUID
    plan: uuid.UUID
    region: str
    code: str
    title_ar: str
    title_fr: str
    owner: uuid.UUID
    partners: list[uuid.UUID]
    province: str | None
    pillar: str | None
    target_group: str
    budget: Decimal
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    indicators: list[str]
    progress: Decimal


class ActionDetailOut(PlanActionOut):
    results: list[ActionResultOut]


class ProgressIn(Input):
    status: str | None = None
    own_progress: Decimal | None = None


def _meeting(meeting: Any) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "round": meeting.round.code,
        "sequence": meeting.sequence,
        "region": meeting.region_id,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "chair": meeting.chair,
        "status": meeting.status,
        "organizations": [o.pk for o in meeting.organizations.all()],
        "attendance": [{"category": a.category, "women": a.women, "men": a.men} for a in meeting.attendance.all()],
        "has_minutes": bool(meeting.minutes_stored_name),
    }


def _recommendation(rec: Any) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "reference": rec.reference,
        "meeting": rec.meeting_id,
        "region": rec.meeting.region_id,
        "text_ar": rec.text_ar,
        "text_fr": rec.text_fr,
        "organization": rec.organization_id,
        "province": rec.province_id,
        "target_group": rec.target_group,
        "pillar": rec.pillar.code if rec.pillar else None,
        "lever": rec.lever.code if rec.lever else None,
        "status": rec.status,
        "status_changed_at": rec.status_changed_at,
        "action": rec.action_id,
        "merged_into": rec.merged_into_id,
        "reason": rec.reason,
    }


def _action(action: Any, with_results: bool = False) -> dict[str, Any]:
    data = {
        "id": action.pk,
        "plan": action.plan_id,
        "region": action.plan.region_id,
        "code": action.code,
        "title_ar": action.title_ar,
        "title_fr": action.title_fr,
        "owner": action.owner_id,
        "partners": [p.pk for p in action.partners.all()],
        "province": action.province_id,
        "pillar": action.pillar.code if action.pillar else None,
        "target_group": action.target_group,
        "budget": action.budget,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
        "indicators": [i.code for i in action.indicators.all()],
        "progress": action.progress,
    }
    if with_results:
        data["results"] = [
            {
                "id": r.pk,
                "parent": r.parent_id,
                "title_ar": r.title_ar,
                "title_fr": r.title_fr,
                "weight": r.weight,
                "status": r.status.code if r.status else None,
                "own_progress": r.own_progress,
                "progress": r.progress,
            }
            for r, _depth in selectors.result_tree(action)
        ]
    return data


@router.get("/meetings", response=list[MeetingOut])
def meetings(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The meetings the reader may see (their region's, or all nationally), in the round's order."""
    return [_meeting(m) for m in selectors.meetings_of(request.user).prefetch_related("organizations", "attendance")]


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def meeting(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> dict[str, Any]:
    """One meeting, or 404."""
    return _meeting(selectors.meeting_get(request.user, meeting_id))


@router.post("/meetings", response={201: MeetingOut})
def meeting_create(request: AuthenticatedHttpRequest, body: MeetingIn) -> tuple[int, dict[str, Any]]:
    """Plan a meeting of a round in a region the user manages (422 with the field at fault otherwise)."""
    user = request.user
    selectors.require_view(user)
    consultation_round, region = selectors.api_meeting_refs(user, round_code=body.round, region_code=body.region)
    meeting = services.meeting_create(
        acting_user=user,
        consultation_round=consultation_round,
        region=region,
        sequence=body.sequence,
        held_on=body.held_on,
        place=body.place,
        chair=body.chair,
        agenda=body.agenda,
    )
    return 201, _meeting(selectors.meeting_get(user, meeting.pk))


@router.post("/meetings/{meeting_id}/recommendations", response={201: RecommendationOut})
def recommendation_create(
    request: AuthenticatedHttpRequest, meeting_id: uuid.UUID, body: RecommendationIn
) -> tuple[int, dict[str, Any]]:
    """Record a recommendation made at the meeting (404 for who may not enter its recommendations)."""
    user = request.user
    meeting = selectors.meeting_get(user, meeting_id, selectors.RECOMMENDATIONS)
    refs = selectors.api_recommendation_refs(
        meeting, organization=body.organization, province=body.province, pillar=body.pillar, lever=body.lever
    )
    rec = services.recommendation_create(
        acting_user=user,
        meeting=meeting,
        text_ar=body.text_ar,
        text_fr=body.text_fr,
        target_group=body.target_group,
        **refs,
    )
    return 201, _recommendation(selectors.recommendation_get(user, rec.pk))


@router.get("/recommendations", response=list[RecommendationOut])
def recommendations(request: AuthenticatedHttpRequest, query: Query[RecommendationQuery]) -> list[dict[str, Any]]:
    """The recommendations the reader may see, filtered by meeting, status, pillar, target group or words."""
    filters = selectors.RecommendationFilters(**query.dict())
    return [_recommendation(r) for r in selectors.recommendations_of(request.user, filters)]


@router.get("/recommendations/{recommendation_id}", response=RecommendationOut)
def recommendation(request: AuthenticatedHttpRequest, recommendation_id: uuid.UUID) -> dict[str, Any]:
    """One recommendation, or 404."""
    return _recommendation(selectors.recommendation_get(request.user, recommendation_id))


@router.post("/recommendations/{recommendation_id}/decision", response=RecommendationOut)
def decide(
    request: AuthenticatedHttpRequest, recommendation_id: uuid.UUID, body: RecommendationDecisionIn
) -> dict[str, Any]:
    """Move a recommendation along its workflow (422 with the rule broken: a reason for "not_retained", an
    action of the region's plan for "accepted", a target for "merged")."""
    user = request.user
    rec = selectors.recommendation_get(user, recommendation_id, selectors.RECOMMENDATIONS)
    action = selectors.action_get(user, body.action) if body.action else None
    merged_into = selectors.recommendation_get(user, body.merged_into) if body.merged_into else None
    rec = services.recommendation_decide(
        acting_user=user,
        recommendation=rec,
        status=body.status,
        action=action,
        merged_into=merged_into,
        reason=body.reason,
    )
    return _recommendation(selectors.recommendation_get(user, rec.pk))


@router.get("/plans", response=list[ActionPlanOut])
def plans(request: AuthenticatedHttpRequest) -> list[Any]:
    """The regional action plans the reader may see."""
    return list(selectors.plans_of(request.user))


@router.get("/actions", response=list[PlanActionOut])
def actions(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The actions the reader sees in their region's plans or reports on for their organization."""
    return [_action(a) for a in selectors.actions_api(request.user)]


@router.get("/actions/{action_id}", response=ActionDetailOut)
def action(request: AuthenticatedHttpRequest, action_id: uuid.UUID) -> dict[str, Any]:
    """One action with its results (parent before children), or 404."""
    return _action(selectors.action_get(request.user, action_id), with_results=True)


@router.post("/actions/{action_id}/results/{result_id}/progress", response=ActionDetailOut)
def report_progress(
    request: AuthenticatedHttpRequest, action_id: uuid.UUID, result_id: uuid.UUID, body: ProgressIn
) -> dict[str, Any]:
    """Report a result's status (a result status code) and optionally its own progress; the action's progress is
    rolled up again. The owner organization's users and the region's coordinators may; others get 404."""
    user = request.user
    found = selectors.action_get(user, action_id)
    result = selectors.result_get(user, found, result_id)
    status = selectors.result_status_by_code(body.status) if body.status else None
    services.result_report(acting_user=user, result=result, status=status, own_progress=body.own_progress)
    return _action(selectors.action_get(user, action_id), with_results=True)
