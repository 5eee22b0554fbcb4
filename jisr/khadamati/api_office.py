"""`/api/v1/khadamati/office`: the back office's queues, social assessments, medical records, decisions and cards,
through the same selectors and services as the pages (docs/khadamati.md, "API of the back office")."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Query, Router, Schema, Status

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.khadamati import selectors_office, selectors_requests, services_office, services_requests
from jisr.khadamati.instrument_v1 import CODE as INSTRUMENT_CODE

router = Router(tags=["khadamati office"])
LIST_LIMIT = 200


class OfficeQueueCountOut(Schema):
    step: str
    label: str
    count: int
    late: int
    oldest_days: int | None


class OfficeQueueQuery(Schema):
    province: str = ""
    request_type: str = ""
    assigned: str = ""
    late: bool = False
    search: str = ""


class OfficeQueueItemOut(Schema):
    id: uuid.UUID
    reference: str
    request_type: str
    status: str
    province: str | None
    status_changed_at: datetime.datetime
    due_at: datetime.datetime | None
    late: bool
    assigned_to: str | None


class OfficeInstrumentOut(Schema):
    code: str
    version: int
    title: str
    definition: dict[str, Any]


class OfficeAssessmentIn(Input):
    ratings: dict[str, str]
    environment: dict[str, str]
    notes: str = ""


class OfficeAssessmentOut(Schema):
    id: uuid.UUID
    instrument_version: int
    ratings: dict[str, str]
    environment: dict[str, str]
    scores: dict[str, Any]
    total_scaled: Decimal
    assessed_at: datetime.datetime


class OfficeMedicalReviewIn(Input):
    report_review: str
    in_person_needed: bool = False
    findings: str = ""
    complete: bool = False


class OfficeMedicalReviewOut(Schema):
    report_review: str
    in_person_needed: bool
    findings: str
    reviewed_at: datetime.datetime
    findings_at: datetime.datetime | None


class OfficeConvocationIn(Input):
    scheduled_at: datetime.datetime
    place: str


class OfficeConvocationOut(Schema):
    id: uuid.UUID
    scheduled_at: datetime.datetime
    place: str
    status: str
    channel: str


class OfficeDecisionIn(Input):
    outcome: str
    reasons: str
    members_present: list[str]
    meeting_date: datetime.date | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None


class OfficeDecisionOut(Schema):
    id: uuid.UUID
    stage: str
    outcome: str
    reasons: str
    members_present: list[str]
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    recorded_at: datetime.datetime
    confirmed: bool
    confirmed_at: datetime.datetime | None


class OfficeCardOut(Schema):
    id: uuid.UUID
    number: str
    status: str
    valid_from: datetime.date
    valid_until: datetime.date
    verification_path: str


def _require_queues(user: Any) -> None:
    if not selectors_office.may_use_queues(user):
        raise Http404


@router.get("/queues", response={200: list[OfficeQueueCountOut], 404: Message})
def queues(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """Per step, the requests of the caller's provinces waiting there, those past the service level, the oldest."""
    _require_queues(request.user)
    return [
        {
            "step": item.step.code,
            "label": str(item.step.label),
            "count": item.count,
            "late": item.late,
            "oldest_days": item.oldest_days,
        }
        for item in selectors_office.queue_counts(request.user)
    ]


@router.get("/queues/{step}", response={200: list[OfficeQueueItemOut], 404: Message})
def queue(request: AuthenticatedHttpRequest, step: str, query: Query[OfficeQueueQuery]) -> list[dict[str, Any]]:
    """One step's requests, oldest arrival first (at most 200), filtered as on the page."""
    _require_queues(request.user)
    found = selectors_office.STEPS_BY_CODE.get(step)
    if found is None:
        raise Http404
    filters = selectors_office.QueueFilters(**query.dict())
    rows = selectors_office.queue(request.user, found, filters)[:LIST_LIMIT]
    return [
        {
            "id": row.pk,
            "reference": row.reference,
            "request_type": row.request_type.code,
            "status": row.status,
            "province": row.province_id,
            "status_changed_at": row.status_changed_at,
            "due_at": row.due_at,
            "late": row.late,  # type: ignore[attr-defined]  # annotated by the selector
            "assigned_to": row.assigned_to.username if row.assigned_to else None,
        }
        for row in rows
    ]


@router.get("/instrument", response={200: OfficeInstrumentOut, 404: Message})
def instrument(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The published social assessment instrument (its items, rating scale and environment factors)."""
    _require_queues(request.user)
    version = selectors_office.published_instrument(INSTRUMENT_CODE)
    return {"code": version.code, "version": version.version, "title": version.title, "definition": version.definition}


def _assessment(assessment: Any) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "instrument_version": assessment.instrument.version,
        "ratings": assessment.ratings,
        "environment": assessment.environment,
        "scores": assessment.scores,
        "total_scaled": assessment.total_scaled,
        "assessed_at": assessment.assessed_at,
    }


@router.get("/requests/{request_id}/assessments", response={200: list[OfficeAssessmentOut], 404: Message})
def assessments(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> list[dict[str, Any]]:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return [_assessment(item) for item in selectors_office.social_assessments(office_request)]


@router.post("/requests/{request_id}/assessments", response={201: OfficeAssessmentOut, 404: Message, 422: Invalid})
def assessment_record(request: AuthenticatedHttpRequest, request_id: uuid.UUID, payload: OfficeAssessmentIn) -> Status:
    """Record the social assessment; the scores are computed by the service (khadamati.record_assessment)."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    assessment = services_office.social_assessment_record(
        acting_user=request.user,
        request=office_request,
        ratings=payload.ratings,
        environment=payload.environment,
        notes=payload.notes,
    )
    return Status(201, _assessment(assessment))


@router.get("/requests/{request_id}/medical-review", response={200: OfficeMedicalReviewOut, 404: Message})
def medical_review(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> Any:
    """The medical committee's record, for who may read it (each read is audited); 404 otherwise or if none."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    review = selectors_office.medical_review_read(request.user, office_request)
    if review is None:
        raise Http404
    return review


@router.post(
    "/requests/{request_id}/medical-review", response={200: OfficeMedicalReviewOut, 404: Message, 422: Invalid}
)
def medical_review_record(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, payload: OfficeMedicalReviewIn
) -> Any:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return services_office.medical_review_record(acting_user=request.user, request=office_request, **payload.dict())


@router.post("/requests/{request_id}/convocations", response={201: OfficeConvocationOut, 404: Message, 422: Invalid})
def convocation(request: AuthenticatedHttpRequest, request_id: uuid.UUID, payload: OfficeConvocationIn) -> Status:
    """Call the person to an in-person assessment; the applicant is told by text message (else e-mail)."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return Status(
        201,
        services_office.convocation_schedule(
            acting_user=request.user, request=office_request, scheduled_at=payload.scheduled_at, place=payload.place
        ),
    )


def _decision(decision: Any) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "stage": decision.stage,
        "outcome": decision.outcome,
        "reasons": decision.reasons,
        "members_present": decision.members_present,
        "valid_from": decision.valid_from,
        "valid_until": decision.valid_until,
        "recorded_at": decision.recorded_at,
        "confirmed": decision.confirmed_at is not None,
        "confirmed_at": decision.confirmed_at,
    }


@router.get("/requests/{request_id}/decisions", response={200: list[OfficeDecisionOut], 404: Message})
def decisions(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> list[dict[str, Any]]:
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return [_decision(item) for item in office_request.decisions.order_by("recorded_at")]


@router.post("/requests/{request_id}/decisions", response={201: OfficeDecisionOut, 404: Message, 422: Invalid})
def decision_record(request: AuthenticatedHttpRequest, request_id: uuid.UUID, payload: OfficeDecisionIn) -> Status:
    """Record the committee's decision (khadamati.record_decision); it takes effect once another person confirms."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return Status(
        201,
        _decision(
            services_requests.decision_record(acting_user=request.user, request=office_request, **payload.dict())
        ),
    )


@router.post(
    "/requests/{request_id}/decisions/{decision_id}/confirm",
    response={200: OfficeDecisionOut, 404: Message, 422: Invalid},
)
def decision_confirm(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, decision_id: uuid.UUID
) -> dict[str, Any]:
    """Confirm a decision as the second person (four eyes: 422 for the person who recorded it)."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    decision = selectors_office.decision_of(office_request, decision_id)
    return _decision(services_requests.decision_confirm(acting_user=request.user, decision=decision))


def _card(card: Any) -> dict[str, Any]:
    return {
        "id": card.pk,
        "number": card.number,
        "status": card.status,
        "valid_from": card.valid_from,
        "valid_until": card.valid_until,
        "verification_path": f"/khadamati/card/{card.verification_code}/",
    }


@router.post("/requests/{request_id}/card", response={201: OfficeCardOut, 404: Message, 422: Invalid})
def card_issue(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> Status:
    """Issue the card of a granted card request (khadamati.issue_card); its PDF is on the request's page."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    return Status(201, _card(services_office.card_issue(acting_user=request.user, request=office_request)))


# --- convergence: a case at a center, a referral to a partner (the applicant's consent first) --------------------


class OfficeConvergenceCaseIn(Input):
    center: uuid.UUID
    reason: str


class OfficeCaseLinkOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    case_reference: str
    center: str
    opened: bool
    linked_at: datetime.datetime


class OfficeConvergenceReferralIn(Input):
    link: uuid.UUID
    organization: uuid.UUID
    reason: str


class OfficeReferralOut(Schema):
    id: uuid.UUID
    case_reference: str
    organization: str
    shared_fields: list[str]
    status: str


def _case_link(link: Any) -> dict[str, Any]:
    return {
        "id": link.pk,
        "case_id": link.case_id,
        "case_reference": link.case.reference,
        "center": link.case.center.name,
        "opened": link.opened,
        "linked_at": link.linked_at,
    }


@router.get("/requests/{request_id}/case-links", response={200: list[OfficeCaseLinkOut], 404: Message})
def case_links(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> list[dict[str, Any]]:
    """The cases at social centers opened or linked from the request."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    if not selectors_office.may_converge(request.user):
        raise Http404
    return [_case_link(link) for link in selectors_office.case_links(office_request)]


@router.post("/requests/{request_id}/case-links", response={201: OfficeCaseLinkOut, 404: Message, 422: Invalid})
def convergence_case(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, payload: OfficeConvergenceCaseIn
) -> Status:
    """Open a case at a center of the person's province, or link the person's case open there (cases.add_case
    over the center), with the applicant's consent to be referred: 422 without it."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    center = selectors_office.center_of_request_get(request.user, office_request, payload.center)
    link = services_office.convergence_open_case(
        acting_user=request.user, request=office_request, center=center, reason=payload.reason
    )
    return Status(201, _case_link(link))


@router.post("/requests/{request_id}/referrals", response={201: OfficeReferralOut, 404: Message, 422: Invalid})
def convergence_referral(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, payload: OfficeConvergenceReferralIn
) -> Status:
    """Refer the person to a partner from a case linked to the request (referrals.add_referral over the case), with
    the applicant's consent to be referred: 422 without it. The name, sex and age and commune are shared, never the
    disability."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    link = selectors_office.case_link_of(office_request, payload.link)
    partner = selectors_office.partner_get(payload.organization)
    referral = services_office.convergence_refer(
        acting_user=request.user, request=office_request, link=link, organization=partner, reason=payload.reason
    )
    return Status(
        201,
        {
            "id": referral.pk,
            "case_reference": link.case.reference,
            "organization": partner.name,
            "shared_fields": list(referral.shared_fields),
            "status": referral.status,
        },
    )


# --- a convocation's outcome, a card's withdrawal -----------------------------------------------------------------


class OfficeConvocationOutcomeIn(Input):
    outcome: str  # "held" or "missed"
    next_scheduled_at: datetime.datetime | None = None
    next_place: str = ""


class OfficeConvocationOutcomeOut(OfficeConvocationOut):
    respond_by: datetime.date | None
    followed_by_id: uuid.UUID | None


@router.post(
    "/requests/{request_id}/convocations/{convocation_id}/outcome",
    response={200: OfficeConvocationOutcomeOut, 404: Message, 422: Invalid},
)
def convocation_outcome(
    request: AuthenticatedHttpRequest, request_id: uuid.UUID, convocation_id: uuid.UUID,
    payload: OfficeConvocationOutcomeIn,
) -> Any:  # fmt: skip
    """Whether the person came (once its time has passed); after a missed one, the next convocation or the date by
    which to contact the office, told to the applicant (khadamati.record_medical_review)."""
    office_request = selectors_requests.office_request_get(request.user, request_id)
    convocation = selectors_office.convocation_of(office_request, convocation_id)
    return services_office.convocation_outcome_record(acting_user=request.user, convocation=convocation,
                                                      **payload.dict())  # fmt: skip


class OfficeCardWithdrawIn(Input):
    reason: str


@router.post("/cards/{card_id}/withdraw", response={200: OfficeCardOut, 404: Message, 422: Invalid})
def card_withdraw(request: AuthenticatedHttpRequest, card_id: uuid.UUID, payload: OfficeCardWithdrawIn) -> Any:
    """Withdraw an active card with the reason (khadamati.change_card over its province): its verification page
    then says "not valid" and the holder is told."""
    card = selectors_office.card_to_withdraw_get(request.user, card_id)
    return _card(services_office.card_withdraw(acting_user=request.user, card=card, reason=payload.reason))
