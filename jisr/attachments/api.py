"""`/api/v1/people/{id}/attachments`, `/api/v1/cases/{id}/attachments` (list, upload) and
`/api/v1/attachments/{id}` (metadata, `/content` to download — audited —, `/remove`), all scoped."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.attachments import selectors, services
from jisr.attachments.models import Attachment
from jisr.attachments.responses import download_response
from jisr.cases.selectors import case_get
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.core.intake.documents import cap_api_uploads
from jisr.people.selectors import person_get

router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    case_id: uuid.UUID | None
    kind: str
    title: str
    content_type: str
    size: int
    added_by: str
    added_at: datetime.datetime
    removed_at: datetime.datetime | None
    removed_by: str | None
    removal_reason: str
    content_url: str | None

    @staticmethod
    def resolve_added_by(attachment: Attachment) -> str:
        return str(attachment.added_by.get_username())

    @staticmethod
    def resolve_removed_by(attachment: Attachment) -> str | None:
        return str(attachment.removed_by.get_username()) if attachment.removed_by else None

    @staticmethod
    def resolve_content_url(attachment: Attachment) -> str | None:
        return None if attachment.is_removed else reverse("api-v1:attachment_content", args=[attachment.pk])


class RemoveIn(Input):
    reason: str


UPLOAD_RESPONSES: dict[int, Any] = {201: AttachmentOut, 404: Message, 413: Message, 422: Invalid}
CONTENT_DOC = {"responses": {"200": {"description": "The document's file (PDF, JPEG or PNG).", "content": {
    mime: {"schema": {"type": "string", "format": "binary"}} for mime in ("application/pdf", "image/jpeg", "image/png")
}}}}  # fmt: skip


@router.get("/people/{person_id}/attachments", response={200: list[AttachmentOut], 404: Message})
def person_attachments(request: AuthenticatedHttpRequest, person_id: uuid.UUID) -> Any:
    """The person's own documents (those of their cases are listed with each case), removed ones included."""
    return selectors.attachments_of_person(request.user, person_get(request.user, person_id, selectors.VIEW))


@router.post("/people/{person_id}/attachments", response=UPLOAD_RESPONSES)
@decorate_view(cap_api_uploads(services.max_bytes))
def person_attachment_add(request: AuthenticatedHttpRequest, person_id: uuid.UUID, file: File[UploadedFile],
                          kind: Form[str], title: Form[str] = "") -> Any:  # fmt: skip
    """Attach a document to the person (multipart: `file`, `kind`, optional `title`). PDF, JPEG or PNG by
    content, at most JISR_ATTACHMENT_MAX_MB (413 beyond, nothing stored)."""
    person = person_get(request.user, person_id, selectors.ADD)
    return Status(201, services.attachment_add(acting_user=request.user, person=person, upload=file, kind=kind,
                                               title=title))  # fmt: skip


@router.get("/cases/{case_id}/attachments", response={200: list[AttachmentOut], 404: Message})
def case_attachments(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> Any:
    """The case's documents, removed ones included."""
    return selectors.attachments_of_case(request.user, case_get(request.user, case_id, selectors.VIEW))


@router.post("/cases/{case_id}/attachments", response=UPLOAD_RESPONSES)
@decorate_view(cap_api_uploads(services.max_bytes))
def case_attachment_add(request: AuthenticatedHttpRequest, case_id: uuid.UUID, file: File[UploadedFile],
                        kind: Form[str], title: Form[str] = "") -> Any:  # fmt: skip
    """Attach a document to the case (multipart, as for a person)."""
    case = case_get(request.user, case_id, selectors.ADD)
    return Status(201, services.attachment_add(acting_user=request.user, case=case, upload=file, kind=kind,
                                               title=title))  # fmt: skip


@router.get("/attachments/{attachment_id}", response={200: AttachmentOut, 404: Message})
def attachment_detail(request: AuthenticatedHttpRequest, attachment_id: uuid.UUID) -> Any:
    return selectors.attachment_get(request.user, attachment_id)


@router.get("/attachments/{attachment_id}/content", response={404: Message}, url_name="attachment_content",
            openapi_extra=CONTENT_DOC)  # fmt: skip
def attachment_content(request: AuthenticatedHttpRequest, attachment_id: uuid.UUID) -> HttpResponse:
    """The document's file, decrypted; every download is written to the audit log."""
    return download_response(selectors.attachment_download(request.user, attachment_id))


@router.post("/attachments/{attachment_id}/remove", response={200: AttachmentOut, 404: Message, 422: Invalid})
def attachment_remove(request: AuthenticatedHttpRequest, attachment_id: uuid.UUID, payload: RemoveIn) -> Any:
    """Remove the document, with the reason (its file is deleted; the row says who, when, why)."""
    attachment = selectors.attachment_get(request.user, attachment_id, selectors.DELETE)
    return services.attachment_remove(acting_user=request.user, attachment=attachment, reason=payload.reason)
