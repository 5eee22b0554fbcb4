"""What Khadamati holds about a person, for the export and retention (`jisr.core.personal_data`).

Exported: the declarations of representation made for the person — linked to their record when the office
verified one, or naming their CIN or civil register number — without the document's stored name and key
(the document itself is read by the office on the declaration's page, each read audited).
Activity: a verified declaration is ongoing (a citizen acts for the person), so the person is kept.
Retention: once the person is due, their declarations and documents are deleted; refused declarations
and their documents are deleted on their own once the period `khadamati_representation` has passed since
the refusal (a `RecordSweep`).

Requests (a second provider, `khadamati_requests`): the requests made for the person — linked to their
record or naming their CIN or civil register number — with their timeline, decisions, consents, messages
and documents (without the stored name and key). A request not decided for good is ongoing activity; once
the person is due, their requests and documents are deleted. Requests refused for good or withdrawn are
deleted on their own, with their documents, once the period `khadamati_request` has passed since they became
final: a withdrawal at once, a refusal once its reconsideration and appeal delays are over (a `RecordSweep`).

The sign-in codes and locks hold a number or address for at most a day (the sign-in service deletes them);
citizens' accounts are accounts (`jisr.accounts.personal_data`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import DateTimeField, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, RecordSweep, rows
from jisr.khadamati import documents
from jisr.khadamati.models import (
    Decision,
    Representation,
    Request,
    RequestConsent,
    RequestDocument,
    RequestEvent,
    RequestMessage,
    RequestStatus,
    RequestType,
    SignInCode,
    SignInLock,
)

SECTION = "khadamati_representations"
RECORD_TYPE = "khadamati_representation"
INTERNAL = ("document_stored_name", "document_key")


def _naming(person: Any) -> Q:
    condition = Q(person=person)
    if getattr(person, "cin", None):
        condition |= Q(cin=person.cin)
    if getattr(person, "civil_register_id", None):
        condition |= Q(civil_register_id=person.civil_register_id)
    return condition


def export(person: Any) -> dict[str, Any]:
    """The declarations made for the person, oldest first."""
    declarations = Representation.objects.filter(_naming(person)).order_by("declared_at", "id")
    return {SECTION: rows(declarations, leave_out=INTERNAL)}


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person, `now` while a verified declaration lets a citizen act for them."""
    return (
        Representation.objects.filter(person__in=persons, status=Representation.Status.VERIFIED)
        .annotate(last_activity=Value(now, output_field=DateTimeField()))
        .values("person_id", "last_activity")
    )


def delete_declarations(declarations: QuerySet[Representation]) -> int:
    """Delete the declarations, and their documents once the transaction commits."""
    stored = [name for name in declarations.values_list("document_stored_name", flat=True) if name]
    deleted, _by_model = declarations.delete()
    documents.delete_on_commit(stored)
    return deleted


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Delete the declarations linked to the persons, with their documents (the files once this commits)."""
    delete_declarations(Representation.objects.filter(person__in=person_ids))


def _sweep_refused(cutoff: datetime.datetime, dry_run: bool) -> int:
    refused = Representation.objects.filter(status=Representation.Status.REFUSED, decided_at__lt=cutoff)
    return refused.count() if dry_run else delete_declarations(refused)


PROVIDER = PersonalDataProvider(
    name="khadamati",
    label=_("Khadamati: declarations of representation"),
    models={Representation: Fate.DELETE},
    record_type=RECORD_TYPE,
    export=export,
    last_activity=last_activity,
    forget=forget,
)


REQUESTS_SECTION = "khadamati_requests"
REQUESTS_RECORD_TYPE = "khadamati_request"
FINAL = (RequestStatus.CARD_ISSUED, RequestStatus.WITHDRAWN, RequestStatus.REFUSED, RequestStatus.GRANTED)


def export_requests(person: Any) -> dict[str, Any]:
    """The requests made for the person, oldest first, each with what hangs on it."""
    exported = []
    for request in Request.objects.filter(_naming(person)).order_by("created_at", "id"):
        exported.append({
            **personal_data.row(request),
            "events": rows(request.events.order_by("at", "id")),
            "decisions": rows(request.decisions.order_by("recorded_at")),
            "consents": rows(request.consents.order_by("given_at")),
            "messages": rows(request.messages.order_by("sent_at", "id")),
            "documents": rows(request.request_documents.order_by("uploaded_at"), leave_out=("stored_name", "key")),
        })  # fmt: skip
    return {REQUESTS_SECTION: exported}


def requests_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person, `now` while one of their requests is not decided for good."""
    return (
        Request.objects.filter(person__in=persons)
        .exclude(status__in=FINAL)
        .annotate(last_activity=Value(now, output_field=DateTimeField()))
        .values("person_id", "last_activity")
    )


def delete_requests(requests: QuerySet[Request]) -> int:
    """Delete the requests (with what hangs on them), and their documents once the transaction commits."""
    stored = [name for name in RequestDocument.objects.filter(request__in=requests).values_list("stored_name",
              flat=True) if name]  # fmt: skip
    deleted, _by_model = requests.delete()
    documents.delete_on_commit(stored)
    return deleted


def forget_requests(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    delete_requests(Request.objects.filter(person__in=person_ids))


def _sweep_final_requests(cutoff: datetime.datetime, dry_run: bool) -> int:
    """The requests withdrawn, or refused for good, before `cutoff` (the period of `khadamati_request`): a
    refusal is final once the reconsideration and appeal delays after its last change are over, so the period
    of a refused request starts then."""
    delays = datetime.timedelta(
        days=int(settings.JISR_KHADAMATI_RECONSIDERATION_DAYS) + int(settings.JISR_KHADAMATI_APPEAL_DAYS)
    )
    final = Request.objects.filter(
        Q(status=RequestStatus.WITHDRAWN, updated_at__lt=cutoff)
        | Q(status=RequestStatus.REFUSED, updated_at__lt=cutoff - delays)
    )
    return final.count() if dry_run else delete_requests(final)


REQUESTS_PROVIDER = PersonalDataProvider(
    name="khadamati_requests",
    label=_("Khadamati: requests"),
    models=dict.fromkeys(
        (Request, RequestEvent, Decision, RequestDocument, RequestMessage, RequestConsent), Fate.DELETE
    ),  # fmt: skip
    record_type=REQUESTS_RECORD_TYPE,
    export=export_requests,
    last_activity=requests_activity,
    forget=forget_requests,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.register_provider(REQUESTS_PROVIDER)
    personal_data.declare_no_personal_data(RequestType, "a kind of request (its form and documents), no person")
    personal_data.register_sweep(RecordSweep(RECORD_TYPE, _sweep_refused))
    personal_data.register_sweep(RecordSweep(REQUESTS_RECORD_TYPE, _sweep_final_requests))
    personal_data.declare_no_personal_data(
        SignInCode, "a sign-in code (hashed) with its number or address, deleted a day after it was asked for"
    )
    personal_data.declare_no_personal_data(
        SignInLock, "the count of wrong codes for a number or address, deleted a day after its last use"
    )
