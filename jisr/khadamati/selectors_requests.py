"""Every read of Khadamati's requests, already limited to the reader (docs/khadamati.md, "Who sees a request").

A citizen reads the requests they made, and those made for a person they are **verified** to act for (a
declaration still waiting for the office's check shows nothing); the back office reads the requests of its
provinces (`jisr.core.scope`, Request's anchor), never a draft; anyone else gets a 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.accounts.selectors import is_citizen_account
from jisr.core import scope
from jisr.khadamati.models import (
    DocumentStatus,
    Representation,
    Request,
    RequestDocument,
    RequestEvent,
    RequestStatus,
    RequestType,
)
from jisr.khadamati.request_types import text_in_language

VIEW = "khadamati.view_request"
S = RequestStatus


def _verified_for(user: Any) -> Q:
    """The requests of the persons this citizen is verified to act for, by their CIN or register number."""
    verified = Representation.objects.filter(citizen=user, status=Representation.Status.VERIFIED)
    cins = [cin for cin in verified.values_list("cin", flat=True) if cin]
    registers = [number for number in verified.values_list("civil_register_id", flat=True) if number]
    condition = Q(pk__in=[])
    if cins:
        condition |= Q(cin__in=cins)
    if registers:
        condition |= Q(civil_register_id__in=registers)
    return condition & ~Q(status=S.DRAFT)


def requests_of(user: Any) -> QuerySet[Request]:
    """The requests a citizen may read, newest first (none for an account that is not a citizen's)."""
    if not is_citizen_account(user):
        return Request.objects.none()
    return (
        Request.objects.filter(Q(applicant=user) | _verified_for(user))
        .select_related("request_type", "province", "representation")
        .order_by("-updated_at")
    )


def request_get(user: Any, request_id: uuid.UUID | str) -> Request:
    """One request the citizen may read, or 404 (another citizen's, missing, or a malformed id)."""
    return scope.one_or_404(requests_of(user), pk=request_id)


def drafts_of(user: Any) -> QuerySet[Request]:
    return requests_of(user).filter(applicant=user, status__in=[S.DRAFT, S.MORE_INFORMATION])


def request_types() -> QuerySet[RequestType]:
    """The types open to new requests, in their order."""
    return RequestType.objects.filter(active=True).order_by("position", "code")


def request_type_get(code: str) -> RequestType:
    return scope.one_or_404(request_types(), code=code)


def office_requests(user: Any, status: str = "") -> QuerySet[Request]:
    """The submitted requests of the reader's provinces (drafts are the citizen's own), oldest change first."""
    requests = (
        scope.in_scope(user, VIEW, Request)
        .exclude(status=S.DRAFT)
        .select_related("request_type", "province", "assigned_to")
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("status_changed_at")


def office_request_get(user: Any, request_id: uuid.UUID | str) -> Request:
    return scope.one_or_404(office_requests(user), pk=request_id)


def timeline(request: Request) -> QuerySet[RequestEvent]:
    return request.events.select_related("actor").order_by("at", "id")


def current_documents(request: Request) -> QuerySet[RequestDocument]:
    """The documents that count (not those a replacement took the place of)."""
    return request.request_documents.exclude(status=DocumentStatus.REPLACED).order_by("code", "uploaded_at")


def request_document_get(request: Request, document_id: uuid.UUID | str) -> RequestDocument:
    return scope.one_or_404(request.request_documents.all(), pk=document_id)


@dataclass(frozen=True)
class NextStep:
    what: str
    who: str


# Who holds a request at each state, and what comes next, in plain language.
NEXT_STEPS: dict[str, tuple[Any, Any]] = {
    S.DRAFT: (_("Finish the form and submit it."), _("you")),
    S.SUBMITTED: (_("The office checks your documents."), _("the provincial disability office")),
    S.MEDICAL_COMMITTEE: (_("The medical committee reviews the medical report; it may invite the person."),
                          _("the provincial medical committee")),
    S.SOCIAL_ASSESSMENT: (_("A social assistant assesses daily life and surroundings."), _("a social assistant")),
    S.COMMITTEE_DECISION: (_("The provincial committee decides."), _("the provincial committee")),
    S.GRANTED: (_("The office prepares what was granted."), _("the provincial disability office")),
    S.REFUSED: (_("Read the reasons; you may ask for a reconsideration within the delay."), _("you")),
    S.MORE_INFORMATION: (_("Add what the committee asks for, then submit again."), _("you")),
    S.CARD_ISSUED: (_("Collect the card; renew it before it expires."), _("you")),
    S.WITHDRAWN: (_("Nothing: the request was withdrawn."), _("nobody")),
    S.RECONSIDERATION: (_("The provincial committee examines the request again."), _("the provincial committee")),
    S.APPEAL: (_("The appeal is examined."), _("the provincial committee")),
}  # fmt: skip


def next_step(request: Request) -> NextStep:
    what, who = NEXT_STEPS[request.status]
    return NextStep(what=str(what), who=str(who))


EVENT_TEXTS: dict[str, Any] = {
    "started": _("The request was started."),
    "submitted": _("The request was submitted to the provincial office."),
    "resubmitted": _("The information asked for was sent to the office."),
    "document_refused": _("The office refused a document and says why:"),
    "document_replaced": _("A refused document was replaced."),
    "documents_complete": _("The office found the documents complete."),
    "medical_review_done": _("The medical committee reviewed the file."),
    "assessment_done": _("The social assessment is done."),
    "decided": _("The committee decided. Its reasons:"),
    "card_issued": _("The card was issued."),
    "withdrawn": _("The request was withdrawn."),
    "reconsideration_asked": _("A reconsideration was asked for:"),
    "appeal_asked": _("An appeal was made:"),
    "card_withdrawn": _("The office withdrew the card. Its reason:"),
    "convocation_held": _("The in-person assessment by the medical committee took place."),
    "convocation_missed": _("The person did not come to the medical committee. What follows:"),
}


@dataclass(frozen=True)
class TimelineEntry:
    at: Any
    text: str
    note: str
    status: str
    by_office: bool


def timeline_entries(request: Request) -> list[TimelineEntry]:
    """The request's timeline in plain language (what happened, the public note, the status it led to)."""
    labels = dict(S.choices)
    return [
        TimelineEntry(at=event.at, text=str(EVENT_TEXTS.get(event.kind, event.kind)), note=event.public_note,
                      status=str(labels.get(event.to_status, "")) if event.to_status else "", by_office=event.by_office)
        for event in timeline(request)
    ]  # fmt: skip


def persons_acting_for(user: Any) -> QuerySet[Representation]:
    """The persons other than oneself a citizen is verified to act for (for whom they may start a request)."""
    from jisr.khadamati.selectors import acting_for

    return acting_for(user).exclude(relation=Representation.Relation.SELF)


def person_acting_for_get(user: Any, representation_id: str) -> Representation:
    return scope.one_or_404(persons_acting_for(user), pk=representation_id)


def confirmed_decision(request: Request) -> Any:
    """The decision in effect (the last confirmed), or None."""
    return request.decisions.exclude(confirmed_at=None).order_by("-recorded_at").first()


def labelled_documents(request: Request) -> list[RequestDocument]:
    """The current documents, each with the name its request type gives it in the reader's language (`label`)."""
    labels = {spec["code"]: text_in_language(spec["label"]) for spec in request.request_type.documents}
    documents = list(current_documents(request))
    for document in documents:
        document.label = labels.get(document.code, document.code)  # type: ignore[attr-defined]
    return documents


def applicant_card(request: Request) -> Any:
    """The last card issued on the request (active, replaced or withdrawn), or None."""
    return request.cards.order_by("-issued_at").first()


def request_messages(request: Request) -> Any:
    return request.messages.order_by("sent_at", "id")
