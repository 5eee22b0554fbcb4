"""`/api/v1/khadamati/requests`: the citizen's requests through the same selectors and services as the pages
(list, detail, the types, a draft started, a step saved, the submission, documents joined and replaced).
Registered on Khadamati's router (`jisr.khadamati.api`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import File, Form, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.core.intake.documents import cap_api_uploads
from jisr.khadamati import documents
from jisr.khadamati import selectors_requests as reads
from jisr.khadamati import services_requests as writes
from jisr.khadamati.api import router
from jisr.khadamati.models import Request, RequestDocument


class RequestTypeOut(Schema):
    code: str
    name: str
    kind: str
    variant: str
    medical_review: bool
    steps: list[dict[str, Any]]
    documents: list[dict[str, Any]]


class RequestDocumentOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    mime_type: str
    size: int
    pages: int | None
    status: str
    refusal_reason: str
    replace_by: datetime.date | None
    uploaded_at: datetime.datetime


class RequestEventOut(Schema):
    at: datetime.datetime
    kind: str
    text: str
    to_status: str
    public_note: str


class DecisionOut(Schema):
    stage: str
    outcome: str
    reasons: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    confirmed_at: datetime.datetime | None


class RequestOut(Schema):
    id: uuid.UUID
    reference: str
    request_type: str
    status: str
    current_step: str
    first_name: str
    last_name: str
    province: str | None
    representation: uuid.UUID | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    next_step: str
    held_by: str
    reconsideration_until: datetime.date | None
    appeal_until: datetime.date | None
    card_valid_until: datetime.date | None


class RequestDetailOut(RequestOut):
    birth_date: datetime.date | None
    sex: str
    cin: str
    civil_register_id: str
    data: dict[str, Any]
    documents: list[RequestDocumentOut]
    events: list[RequestEventOut]
    decision: DecisionOut | None


class RequestStartIn(Input):
    request_type: str
    representation: uuid.UUID | None = None


class StepIn(Input):
    values: dict[str, Any] = {}


def _out(item: Request) -> dict[str, Any]:
    step = reads.next_step(item)
    return {
        "id": item.pk, "reference": item.reference, "request_type": item.request_type.code, "status": item.status,
        "current_step": item.current_step, "first_name": item.first_name, "last_name": item.last_name,
        "province": item.province_id, "representation": item.representation_id, "created_at": item.created_at,
        "updated_at": item.updated_at, "submitted_at": item.submitted_at, "next_step": step.what, "held_by": step.who,
        "reconsideration_until": writes.reconsideration_until(item), "appeal_until": writes.appeal_until(item),
        "card_valid_until": item.card_valid_until,
    }  # fmt: skip


def _document(document: RequestDocument) -> dict[str, Any]:
    return {"id": document.pk, "code": document.code, "name": document.name, "mime_type": document.mime_type,
            "size": document.size, "pages": document.pages, "status": document.status,
            "refusal_reason": document.refusal_reason, "replace_by": document.replace_by,
            "uploaded_at": document.uploaded_at}  # fmt: skip


def _detail(item: Request) -> dict[str, Any]:
    decision = reads.confirmed_decision(item)
    return {
        **_out(item), "birth_date": item.birth_date, "sex": item.sex, "cin": item.cin,
        "civil_register_id": item.civil_register_id, "data": item.data,
        "documents": [_document(document) for document in reads.current_documents(item)],
        "events": [{"at": entry.at, "kind": event.kind, "text": entry.text, "to_status": event.to_status,
                    "public_note": event.public_note}
                   for entry, event in zip(reads.timeline_entries(item), reads.timeline(item), strict=True)],
        "decision": None if decision is None else {
            "stage": decision.stage, "outcome": decision.outcome, "reasons": decision.reasons,
            "valid_from": decision.valid_from, "valid_until": decision.valid_until,
            "confirmed_at": decision.confirmed_at},
    }  # fmt: skip


@router.get("/requests", response=list[RequestOut])
def my_requests(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The caller's requests and those of the persons they are verified to act for (empty for staff)."""
    return [_out(item) for item in reads.requests_of(request.user)]


@router.get("/request-types", response=list[RequestTypeOut])
def request_types(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The types open to new requests, with their steps and documents (texts in ar, fr and en)."""
    return [{"code": item.code, "name": item.name, "kind": item.kind, "variant": item.variant,
             "medical_review": item.medical_review, "steps": item.steps, "documents": item.documents}
            for item in reads.request_types()]  # fmt: skip


@router.post("/requests", response={201: RequestOut, 404: Message, 422: Invalid})
def request_start(request: AuthenticatedHttpRequest, payload: RequestStartIn) -> Any:
    """Start a draft of a type, for oneself or for a person the office verified (`representation`)."""
    request_type = reads.request_type_get(payload.request_type)
    representation = None
    if payload.representation is not None:
        representation = reads.person_acting_for_get(request.user, str(payload.representation))
    started = writes.request_start(acting_user=request.user, request_type=request_type, representation=representation)
    return Status(201, _out(started))


@router.get("/requests/{request_id}", response={200: RequestDetailOut, 404: Message})
def request_detail(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> dict[str, Any]:
    """One request: its answers, documents, timeline and decision; 404 for anyone who may not read it."""
    return _detail(reads.request_get(request.user, request_id))


@router.put("/requests/{request_id}/steps/{step}", response={200: RequestOut, 404: Message, 422: Invalid})
def request_save_step(request: AuthenticatedHttpRequest, request_id: uuid.UUID, step: str, payload: StepIn) -> Any:
    """Save one step of the draft (`person`, one of the type's steps, `documents` or `review`); every problem
    at once, keyed by field."""
    item = reads.request_get(request.user, request_id)
    return _out(writes.request_save_step(acting_user=request.user, request=item, step=step, values=payload.values))


@router.post("/requests/{request_id}/submit", response={200: RequestOut, 404: Message, 422: Invalid})
def request_submit(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> Any:
    """Submit the draft; 422 lists what is missing, keyed by step."""
    item = reads.request_get(request.user, request_id)
    return _out(writes.request_submit(acting_user=request.user, request=item))


UPLOAD = {201: RequestDocumentOut, 404: Message, 413: Message, 422: Invalid}


@router.post("/requests/{request_id}/documents", response=UPLOAD)
@decorate_view(cap_api_uploads(documents.max_bytes))
def request_document_add(request: AuthenticatedHttpRequest, request_id: uuid.UUID, file: File[UploadedFile],
                         code: Form[str]) -> Any:  # fmt: skip
    """Join a document the type asks for (multipart: `file`, `code`): PDF, JPEG or PNG by content, within
    JISR_KHADAMATI_DOCUMENT_MAX_MB and JISR_KHADAMATI_DOCUMENT_MAX_PAGES."""
    item = reads.request_get(request.user, request_id)
    document = writes.request_upload_document(acting_user=request.user, request=item, code=code,
                                              name=file.name or "", content=file.read())  # fmt: skip
    return Status(201, _document(document))


@router.post("/requests/{request_id}/documents/{document_id}/replace", response=UPLOAD)
@decorate_view(cap_api_uploads(documents.max_bytes))
def request_document_replace(request: AuthenticatedHttpRequest, request_id: uuid.UUID, document_id: uuid.UUID,
                             file: File[UploadedFile]) -> Any:  # fmt: skip
    """Replace a refused document before its deadline (multipart: `file`)."""
    item = reads.request_get(request.user, request_id)
    document = reads.request_document_get(item, document_id)
    replacement = writes.document_replace(acting_user=request.user, document=document, name=file.name or "",
                                          content=file.read())  # fmt: skip
    return Status(201, _document(replacement))
