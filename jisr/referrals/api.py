"""`/api/v1/referrals`: inboxes, send, one referral, answers. Partners get only the shared fields."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.models import User
from jisr.cases.selectors import case_get
from jisr.centers import selectors as centers
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.core.idempotency import idempotent
from jisr.referrals import selectors, services
from jisr.referrals.models import Referral

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    id: uuid.UUID
    status: str
    from_center: str
    service: str | None
    reason: str
    message: str
    urgency: str
    due_on: datetime.date
    sent_on: datetime.datetime
    overdue: bool
    shared_fields: list[str]
    name: str | None = None
    sex: str | None = None
    age: int | None = None
    phone: str | None = None
    commune: str | None = None
    needs: list[str] | None = None
    disability: list[str] | None = None
    case_id: uuid.UUID | None = None
    recipient: str | None = None


class BoxQuery(Schema):
    box: str = "received"
    status: str = ""
    overdue: bool = False


class SendIn(Input):
    case_id: uuid.UUID
    to_center_id: uuid.UUID | None = None
    to_organization_id: uuid.UUID | None = None
    service_type: str | None = None
    service_requested: str = ""
    reason: str
    urgency: str = "routine"
    shared_fields: list[str] = ["name"]
    message: str = ""
    consent_obtained: bool = False


class AnswerIn(Input):
    note: str = ""
    reason: str = ""
    service_given: str = ""
    feedback: str = ""


def _out(user: User, referral: Referral) -> dict[str, Any]:
    """What the caller may know of the referral: the shared fields, and the case and recipient for its ends."""
    view = selectors.shared_view(referral)
    if selectors.sees_full_referral(user, referral):
        view.update(case_id=referral.case_id, recipient=referral.recipient_name)
    return view


@router.get("", response=list[ReferralOut])
def referral_list(request: AuthenticatedHttpRequest, query: Query[BoxQuery]) -> list[dict[str, Any]]:
    """`box=received` (addressed to my center or organization) or `box=sent`; at most 200, newest first."""
    box = "sent" if query.box == "sent" else "received"
    referrals = selectors.referral_list(request.user, box=box, status=query.status, overdue=query.overdue)[:200]
    return [_out(request.user, referral) for referral in referrals]


@router.post("", response={201: ReferralOut, 404: Message, 422: Invalid})
@idempotent
def referral_send(request: AuthenticatedHttpRequest, payload: SendIn) -> Status[dict[str, Any]]:
    """Send a referral from a case (consent for this recipient first, or `consent_obtained`)."""
    case = case_get(request.user, payload.case_id)
    errors: dict[str, list[str]] = {}
    to_center = centers.center_by_id(payload.to_center_id) if payload.to_center_id else None
    to_organization = centers.organization_by_id(payload.to_organization_id) if payload.to_organization_id else None
    if payload.to_center_id and to_center is None:
        errors["to_center_id"] = [_("No center has this id.")]
    if payload.to_organization_id and to_organization is None:
        errors["to_organization_id"] = [_("No organization has this id.")]
    service_type = centers.service_type_by_code(payload.service_type) if payload.service_type else None
    if payload.service_type and service_type is None:
        errors["service_type"] = [_("Unknown service code: %(codes)s.") % {"codes": payload.service_type}]
    if errors:
        raise ValidationError(errors)
    data = payload.dict(exclude={"case_id", "to_center_id", "to_organization_id", "service_type"})
    referral = services.referral_send(acting_user=request.user, case=case, to_center=to_center,
                                      to_organization=to_organization, service_type=service_type, **data)  # fmt: skip
    return Status(201, _out(request.user, selectors.referral_get(request.user, referral.pk)))


@router.get("/{referral_id}", response={200: ReferralOut, 404: Message})
def referral_detail(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> dict[str, Any]:
    return _out(request.user, selectors.referral_get(request.user, referral_id))


@router.post("/{referral_id}/{action}", response={200: ReferralOut, 404: Message, 422: Invalid})
def referral_answer(
    request: AuthenticatedHttpRequest, referral_id: uuid.UUID, action: str, payload: AnswerIn
) -> dict[str, Any] | Status[dict[str, str]]:
    """`accept` (`note`), `decline` (`reason`, `note`), `complete` (`service_given`, `feedback`), `cancel` (`note`)."""
    referral = selectors.referral_get(request.user, referral_id)
    user = request.user
    if action == "accept":
        services.referral_accept(acting_user=user, referral=referral, note=payload.note)
    elif action == "decline":
        services.referral_decline(acting_user=user, referral=referral, reason=payload.reason, note=payload.note)
    elif action == "complete":
        services.referral_complete(acting_user=user, referral=referral, service_given=payload.service_given,
                                   feedback=payload.feedback)  # fmt: skip
    elif action == "cancel":
        services.referral_cancel(acting_user=user, referral=referral, note=payload.note)
    else:
        return Status(404, {"detail": _("Not found.")})
    return _out(user, selectors.referral_get(user, referral_id))
