"""`/api/v1/cases`: list and filter, open, one case, transitions, listening records, flags, reassignment
(one case or several at once) and transfers (all scoped)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from jisr.accounts import selectors as accounts
from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases import flags, handover, selectors, selectors_handover, services
from jisr.cases.models import Assessment, Case, CaseFlag, CaseTransfer, FollowUp, ListeningRecord, Outcome, Protocol
from jisr.centers import selectors as centers
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.core.idempotency import idempotent
from jisr.core.scope import require
from jisr.people.selectors import person_get

router = Router(tags=["cases"])
MAX_PAGE_SIZE = 100


class CaseOut(Schema):
    id: uuid.UUID
    reference: str
    person_id: uuid.UUID
    person_name: str
    center_id: uuid.UUID
    status: str
    reason: str
    channel: str
    urgency: str
    assigned_to: str | None
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    closure_reason: str
    flags: list[str]

    @staticmethod
    def resolve_person_name(case: Case) -> str:
        return case.person.display_name

    @staticmethod
    def resolve_flags(case: Case) -> list[str]:
        return selectors.active_flag_kinds(case)

    @staticmethod
    def resolve_assigned_to(case: Case) -> str | None:
        return case.assigned_to.get_username() if case.assigned_to else None


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class CaseQuery(Schema):
    status: str = ""
    urgency: str = ""
    mine: bool = False
    q: str = ""
    flag: str = ""
    center: uuid.UUID | None = None
    page: int = 1
    page_size: int = 25


class CaseIn(Input):
    person_id: uuid.UUID
    center_id: uuid.UUID
    reason: str
    channel: str
    urgency: str = Case.Urgency.ROUTINE
    assigned_to: str | None = None
    consent_obtained: bool = False
    legal_basis: str = ""


class TransitionIn(Input):
    to: str
    reason: str = ""


class ListeningIn(Input):
    needs: list[str]
    notes: str = ""


class ListeningOut(Schema):
    id: uuid.UUID
    held_at: datetime.datetime
    interviewer: str
    needs: list[str]
    notes: str

    @staticmethod
    def resolve_interviewer(record: ListeningRecord) -> str:
        return str(record.interviewer.get_username())


class AssessmentIn(Input):
    protocol_id: uuid.UUID | None = None
    answers: dict[str, str]


class AssessmentOut(Schema):
    id: uuid.UUID
    protocol: str
    assessed_at: datetime.datetime
    answers: dict[str, str]
    domain_scores: dict[str, int]
    needs_profile: dict[str, str]
    priority: str
    recommendations: list[str]

    @staticmethod
    def resolve_protocol(assessment: Assessment) -> str:
        return str(assessment.protocol)


class ProtocolOut(Schema):
    id: uuid.UUID
    code: str
    version: int
    title: str
    requires_plan_approval: bool
    definition: dict[str, Any]


@router.get("/protocols", response=list[ProtocolOut])
def protocol_list(request: AuthenticatedHttpRequest) -> list[Protocol]:
    """The published assessment protocols (their definitions drive the diagnosis forms)."""
    return list(selectors.published_protocols())


class TransferOut(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    reference: str
    person_name: str
    from_center_id: uuid.UUID
    to_center_id: uuid.UUID
    note: str
    status: str
    requested_at: datetime.datetime
    refusal_reason: str
    cancellation_reason: str

    @staticmethod
    def resolve_reference(transfer: CaseTransfer) -> str:
        return transfer.case.reference

    @staticmethod
    def resolve_person_name(transfer: CaseTransfer) -> str:
        return transfer.case.person.display_name


class AssignmentIn(Input):
    assigned_to: str
    note: str = ""


class TransferIn(Input):
    to_center_id: uuid.UUID
    note: str
    consent_obtained: bool = False


class TransferAcceptIn(Input):
    assigned_to: str | None = None


class TransferRefuseIn(Input):
    reason: str


class TransferCancelIn(Input):
    reason: str


class FlagIn(Input):
    kind: str
    reason: str


class FlagClearIn(Input):
    reason: str


class FlagOut(Schema):
    id: uuid.UUID
    kind: str
    reason: str
    set_by: str
    set_at: datetime.datetime
    cleared_by: str | None
    cleared_at: datetime.datetime | None
    clear_reason: str

    @staticmethod
    def resolve_set_by(flag: CaseFlag) -> str:
        return flag.set_by.get_username()

    @staticmethod
    def resolve_cleared_by(flag: CaseFlag) -> str | None:
        return flag.cleared_by.get_username() if flag.cleared_by else None


class ReassignmentsIn(Input):
    case_ids: list[uuid.UUID]
    assigned_to: str
    note: str = ""


class ReassignmentsOut(Schema):
    reassigned: int


@router.post("/reassignments", response={200: ReassignmentsOut, 404: Message, 422: Invalid})
def cases_reassign(request: AuthenticatedHttpRequest, payload: ReassignmentsIn) -> dict[str, int]:
    """Give several cases to one social worker of their center, all or none (cases.assign_case over each;
    one case that is not the caller's to reassign refuses the whole request with `422`)."""
    require(request.user, "cases.assign_case")
    count = handover.case_reassign_many(acting_user=request.user, case_ids=payload.case_ids,
                                        worker=_worker(payload.assigned_to), note=payload.note)  # fmt: skip
    return {"reassigned": count}


@router.get("/transfers/incoming", response={200: list[TransferOut], 404: Message})
def transfers_incoming(request: AuthenticatedHttpRequest) -> list[CaseTransfer]:
    """Transfers waiting for an answer at the caller's centers (cases.assign_case there; 404 otherwise)."""
    require(request.user, "cases.assign_case")
    return list(selectors_handover.incoming_transfers(request.user))


@router.post("/transfers/{transfer_id}/accept", response={200: CaseOut, 404: Message, 422: Invalid})
def transfer_accept(request: AuthenticatedHttpRequest, transfer_id: uuid.UUID, payload: TransferAcceptIn) -> Case:
    """Take the case into the receiving center, optionally `assigned_to` one of its workers."""
    transfer = selectors_handover.incoming_transfer_get(request.user, transfer_id)
    worker = _worker(payload.assigned_to)
    case = handover.case_transfer_accept(acting_user=request.user, transfer=transfer, worker=worker)
    return selectors.case_get(request.user, case.pk)


@router.post("/transfers/{transfer_id}/refuse", response={200: TransferOut, 404: Message, 422: Invalid})
def transfer_refuse(
    request: AuthenticatedHttpRequest, transfer_id: uuid.UUID, payload: TransferRefuseIn
) -> CaseTransfer:
    """Refuse the transfer with `reason`; the case stays at the sending center."""
    transfer = selectors_handover.incoming_transfer_get(request.user, transfer_id)
    return handover.case_transfer_refuse(acting_user=request.user, transfer=transfer, reason=payload.reason)


def _worker(username: str | None) -> Any:
    if not username:
        return None
    worker = accounts.account_by_username(username)
    if worker is None:
        raise ValidationError({"assigned_to": [_("Choose a social worker of this center.")]})
    return worker


class CaseloadRowOut(Schema):
    label: str
    counts: dict[str, int | None]


class CaseloadOut(Schema):
    level: str
    rows: list[CaseloadRowOut]
    totals: CaseloadRowOut | None


@router.get("/caseload", response={200: CaseloadOut, 404: Message})
def caseload(request: AuthenticatedHttpRequest) -> selectors.Caseload:
    """The caseload dashboard's counts per province (national) or center, and their totals; for roles that
    do not see personal data, counts under 5 and the complements that would give them back are null."""
    return selectors.caseload(request.user)


@router.get("", response=CasePage)
def case_list(request: AuthenticatedHttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    """The cases in the caller's scope; `status=open` for every open stage."""
    filters = selectors.CaseFilters(status=query.status, urgency=query.urgency, mine=query.mine, query=query.q,
                                    flag=query.flag, center=query.center)  # fmt: skip
    page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    page = Paginator(selectors.case_list(request.user, filters), page_size).get_page(query.page)
    return {"count": page.paginator.count, "page": page.number, "page_size": page_size, "results": list(page)}


@router.post("", response={201: CaseOut, 404: Message, 422: Invalid})
@idempotent
def case_open(request: AuthenticatedHttpRequest, payload: CaseIn) -> Status[Case]:
    """Open a case for a person at a center (cases.add_case there; the consent or legal basis first)."""
    person = person_get(request.user, payload.person_id)
    center = centers.center_by_id(payload.center_id)
    if center is None:
        raise Http404
    worker = accounts.account_by_username(payload.assigned_to) if payload.assigned_to else None
    data = payload.dict(exclude={"person_id", "center_id", "assigned_to"})
    case = services.case_open(acting_user=request.user, person=person, center=center, assigned_to=worker, **data)
    return Status(201, selectors.case_get(request.user, case.pk))


@router.get("/{case_id}", response={200: CaseOut, 404: Message})
def case_detail(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> Case:
    return selectors.case_get(request.user, case_id)


@router.post("/{case_id}/transitions", response={200: CaseOut, 404: Message, 422: Invalid})
def case_transition(request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: TransitionIn) -> Case:
    """`{"to": "<next stage>"}` moves forward; `{"to": "closed", "reason": "<closure reason>"}` closes;
    from closed, `{"to": "reopened", "reason": "…"}` reopens into the stage it was closed from."""
    case = selectors.case_get(request.user, case_id)
    if payload.to == Case.Status.CLOSED:
        services.case_close(acting_user=request.user, case=case, reason=payload.reason)
    elif payload.to == "reopened":
        services.case_reopen(acting_user=request.user, case=case, reason=payload.reason)
    else:
        services.case_advance(acting_user=request.user, case=case, to=payload.to, reason=payload.reason)
    return selectors.case_get(request.user, case_id)


@router.get("/{case_id}/listening", response={200: list[ListeningOut], 404: Message})
def listening_list(
    request: AuthenticatedHttpRequest, case_id: uuid.UUID
) -> list[ListeningRecord] | Status[dict[str, str]]:
    """The confidential listening records (cases.view_listening at the case's center); every read is audited."""
    case = selectors.case_get(request.user, case_id)
    if not selectors.can_read_listening(request.user, case):
        return Status(404, {"detail": _("Not found.")})
    return selectors.listening_records(request.user, case)


@router.post("/{case_id}/listening", response={201: ListeningOut, 404: Message, 422: Invalid})
@idempotent
def listening_add(
    request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: ListeningIn
) -> Status[ListeningRecord]:
    case = selectors.case_get(request.user, case_id)
    record = services.listening_record(acting_user=request.user, case=case, needs=payload.needs, notes=payload.notes)
    return Status(201, record)


@router.get("/{case_id}/assessments", response={200: list[AssessmentOut], 404: Message})
def assessment_list(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> list[Assessment]:
    case = selectors.case_get(request.user, case_id)
    return list(selectors.case_assessments(case))


@router.post("/{case_id}/assessments", response={201: AssessmentOut, 404: Message, 422: Invalid})
def assessment_create(
    request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: AssessmentIn
) -> Status[Assessment]:
    """Score `answers` ({question code: answer code}) with a published protocol (the first by default)."""
    case = selectors.case_get(request.user, case_id)
    protocol = selectors.published_protocol(payload.protocol_id)
    if protocol is None:
        raise ValidationError({"protocol_id": [_("Use a published protocol.")]})
    assessment = services.assessment_record(
        acting_user=request.user, case=case, protocol=protocol, answers=payload.answers
    )
    return Status(201, assessment)


class FollowUpOut(Schema):
    id: uuid.UUID
    due_on: datetime.date
    status: str
    notes: str


class FollowUpIn(Input):
    followup_id: uuid.UUID | None = None
    done: bool | None = None
    notes: str = ""


class OutcomeIn(Input):
    kind: str
    achieved_on: datetime.date | None = None
    evidence: str = ""


class OutcomeOut(Schema):
    id: uuid.UUID
    kind: str
    achieved_on: datetime.date
    evidence: str


@router.get("/{case_id}/followups", response={200: list[FollowUpOut], 404: Message})
def followup_list(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> list[FollowUp]:
    return list(selectors.case_followups(selectors.case_get(request.user, case_id)))


@router.post("/{case_id}/followups", response={200: list[FollowUpOut], 404: Message, 422: Invalid})
def followup_post(request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: FollowUpIn) -> list[FollowUp]:
    """Without `followup_id`: schedule the 3/6/12-month follow-ups. With it: record it (`done`, `notes`)."""
    case = selectors.case_get(request.user, case_id)
    if payload.followup_id is None:
        services.followups_schedule(acting_user=request.user, case=case)
    else:
        followup = selectors.followup_get(request.user, case, payload.followup_id)
        if payload.done is None:
            raise ValidationError({"done": [_("Say whether the follow-up took place.")]})
        services.followup_record(acting_user=request.user, followup=followup, done=payload.done, notes=payload.notes)
    return list(selectors.case_followups(case))


@router.post("/{case_id}/outcomes", response={201: OutcomeOut, 404: Message, 422: Invalid})
def outcome_post(request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: OutcomeIn) -> Status[Outcome]:
    case = selectors.case_get(request.user, case_id)
    outcome = services.outcome_record(acting_user=request.user, case=case, **payload.dict())
    return Status(201, outcome)


@router.post("/{case_id}/assignment", response={200: CaseOut, 404: Message, 422: Invalid})
def case_reassign(request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: AssignmentIn) -> Case:
    """`{"assigned_to": "<username>", "note"}`: another social worker of the center (cases.assign_case)."""
    case = selectors.case_get(request.user, case_id, "cases.assign_case")
    handover.case_reassign(acting_user=request.user, case=case, worker=_worker(payload.assigned_to), note=payload.note)
    return selectors.case_get(request.user, case_id)


@router.get("/{case_id}/flags", response={200: list[FlagOut], 404: Message})
def flag_list(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> list[CaseFlag]:
    """Every flag of the case, active (`cleared_at` null) or cleared, oldest first."""
    return selectors.case_flags(selectors.case_get(request.user, case_id))


@router.post("/{case_id}/flags", response={201: FlagOut, 404: Message, 422: Invalid})
def flag_set(request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: FlagIn) -> Status[CaseFlag]:
    """`{"kind", "reason"}`: flag the case (cases.change_case over it: the staff of its center)."""
    case = selectors.case_get(request.user, case_id)
    return Status(201, flags.case_flag_set(acting_user=request.user, case=case, kind=payload.kind,
                                           reason=payload.reason))  # fmt: skip


@router.post("/{case_id}/flags/{kind}/clear", response={200: FlagOut, 404: Message, 422: Invalid})
def flag_clear(request: AuthenticatedHttpRequest, case_id: uuid.UUID, kind: str, payload: FlagClearIn) -> CaseFlag:
    """`{"reason"}`: clear the case's active flag of `kind`; it stays in the list as history."""
    case = selectors.case_get(request.user, case_id)
    return flags.case_flag_clear(acting_user=request.user, case=case, kind=kind, reason=payload.reason)


@router.post("/{case_id}/transfers/cancel", response={200: TransferOut, 404: Message, 422: Invalid})
def case_transfer_cancel(
    request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: TransferCancelIn
) -> CaseTransfer:
    """`{"reason"}`: withdraw the case's transfer waiting for an answer (the sending center's cases.assign_case)."""
    case = selectors.case_get(request.user, case_id, "cases.assign_case")
    transfer = selectors_handover.transfer_cancellable(request.user, case)
    if transfer is None:
        raise ValidationError(_("No transfer of this case is waiting for an answer."))
    return handover.case_transfer_cancel(acting_user=request.user, transfer=transfer, reason=payload.reason)


@router.post("/{case_id}/transfers", response={201: TransferOut, 404: Message, 422: Invalid})
def case_transfer(request: AuthenticatedHttpRequest, case_id: uuid.UUID, payload: TransferIn) -> Status[CaseTransfer]:
    """`{"to_center_id", "note", "consent_obtained": true}`: offer the case to another center."""
    case = selectors.case_get(request.user, case_id, "cases.assign_case")
    to_center = centers.center_by_id(payload.to_center_id)
    transfer = handover.case_transfer_request(acting_user=request.user, case=case, to_center=to_center,
                                              note=payload.note, consent_obtained=payload.consent_obtained)  # fmt: skip
    return Status(201, transfer)
