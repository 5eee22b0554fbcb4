"""`/api/v1/khadamati`: a citizen's declarations of representation (and, once verified, the person's record),
and the office's list with its verify / refuse decisions. The sign-in itself happens on the pages."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.khadamati import selectors, services
from jisr.khadamati.models import Representation

router = Router(tags=["khadamati"])
OFFICE_LIST_LIMIT = 200


class RepresentationOut(Schema):
    id: uuid.UUID
    relation: str
    first_name: str
    last_name: str
    birth_date: datetime.date
    cin: str
    civil_register_id: str
    commune: str
    province: str
    document_name: str
    status: str
    declared_at: datetime.datetime
    decided_at: datetime.datetime | None
    refusal_reason: str


class RepresentedPersonOut(Schema):
    """What Jisr's records hold about a person a citizen is verified to act for."""

    first_name: str
    last_name: str
    birth_date: datetime.date | None
    commune: str | None


class RepresentationQuery(Schema):
    status: str = ""


class RepresentationRefuseIn(Input):
    reason: str


def _out(representation: Representation) -> dict[str, Any]:
    return {
        "id": representation.pk,
        "relation": representation.relation,
        "first_name": representation.first_name,
        "last_name": representation.last_name,
        "birth_date": representation.birth_date,
        "cin": representation.cin,
        "civil_register_id": representation.civil_register_id,
        "commune": representation.commune_id,
        "province": representation.province_id,
        "document_name": representation.document_name,
        "status": representation.status,
        "declared_at": representation.declared_at,
        "decided_at": representation.decided_at,
        "refusal_reason": representation.refusal_reason,
    }


@router.get("/representations", response=list[RepresentationOut])
def my_representations(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The caller's own declarations, newest first (empty for an account that is not a citizen's)."""
    return [_out(item) for item in selectors.representations_of(request.user)]


@router.get("/representations/{representation_id}", response={200: RepresentationOut, 404: Message})
def my_representation(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> dict[str, Any]:
    return _out(selectors.representation_get_own(request.user, representation_id))


@router.get("/representations/{representation_id}/person", response={200: RepresentedPersonOut | None, 404: Message})
def represented_person(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> dict[str, Any] | None:
    """The person's record in Jisr, once the office has verified the link (404 before); null when none matched."""
    person = selectors.represented_person(request.user, representation_id)
    if person is None:
        return None
    return {
        "first_name": person.first_name_ar or person.first_name_latin,
        "last_name": person.last_name_ar or person.last_name_latin,
        "birth_date": person.birth_date,
        "commune": person.commune_id,
    }


@router.get("/office/representations", response={200: list[RepresentationOut], 404: Message})
def office_representations(
    request: AuthenticatedHttpRequest, query: Query[RepresentationQuery]
) -> list[dict[str, Any]]:
    """The declarations of the caller's provinces, oldest first (at most 200); 404 without the permission."""
    selectors.require_office(request.user)
    status = query.status if query.status in Representation.Status.values else ""
    return [_out(item) for item in selectors.office_representations(request.user, status)[:OFFICE_LIST_LIMIT]]


@router.get("/office/representations/{representation_id}", response={200: RepresentationOut, 404: Message})
def office_representation(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> dict[str, Any]:
    return _out(selectors.office_representation_get(request.user, representation_id))


@router.post(
    "/office/representations/{representation_id}/verify",
    response={200: RepresentationOut, 404: Message, 422: Invalid},
)
def office_verify(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> dict[str, Any]:
    """Verify a waiting declaration (khadamati.verify_representation over its province)."""
    representation = selectors.office_representation_get(request.user, representation_id)
    return _out(services.representation_verify(acting_user=request.user, representation=representation))


@router.post(
    "/office/representations/{representation_id}/refuse",
    response={200: RepresentationOut, 404: Message, 422: Invalid},
)
def office_refuse(
    request: AuthenticatedHttpRequest, representation_id: uuid.UUID, payload: RepresentationRefuseIn
) -> dict[str, Any]:
    """Refuse a waiting declaration with the reason the citizen will read."""
    representation = selectors.office_representation_get(request.user, representation_id)
    return _out(
        services.representation_refuse(acting_user=request.user, representation=representation, reason=payload.reason)
    )


# The requests' operations live in their own module and register on this router.
from jisr.khadamati import api_requests  # noqa: E402, F401
