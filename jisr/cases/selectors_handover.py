"""Reads for reassignment and transfer: the incoming transfers of a center, a case's pending transfer,
its events, and the choices the forms offer — always through the user's scope."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from jisr.accounts.models import User
from jisr.cases.models import Case, CaseEvent, CaseTransfer
from jisr.centers.models import Center
from jisr.core.scope import get_or_404, in_scope

PENDING = CaseTransfer.Status.PENDING


def incoming_transfers(user: User) -> QuerySet[CaseTransfer]:
    """Transfers waiting for an answer at the centers where the user may take cases in, oldest first."""
    return (
        in_scope(user, "cases.assign_case", CaseTransfer, anchor="receiving_center")
        .filter(status=PENDING)
        .select_related("case__person", "from_center", "to_center", "requested_by")
        .order_by("requested_at")
    )


def incoming_transfer_get(user: User, transfer_id: uuid.UUID | str) -> CaseTransfer:
    """One transfer waiting for the user's center, or 404 (missing, answered, or not addressed to it)."""
    transfers = CaseTransfer.objects.filter(status=PENDING).select_related("case__person", "to_center", "from_center")
    return get_or_404(user, "cases.assign_case", transfers, anchor="receiving_center", pk=transfer_id)


def pending_transfer_of(case: Case) -> CaseTransfer | None:
    """The case's transfer waiting for an answer (the case was read through its scope)."""
    return case.transfers.filter(status=PENDING).select_related("to_center").first()


def case_events(case: Case) -> QuerySet[CaseEvent]:
    """Reassignments and transfers of the case read through its scope, oldest first."""
    return case.events.select_related("from_worker", "to_worker", "from_center", "to_center", "by")


def transfer_destinations(case: Case) -> QuerySet[Center]:
    """The open centers of the Jisr network a case may be offered to (the public directory, without the
    case's own), by French name."""
    centers = Center.objects.filter(status=Center.Status.ACTIVE, is_jisr=True).exclude(pk=case.center_id)
    return centers.order_by("name_fr")


def history_entries(case: Case) -> list[tuple[str, object]]:
    """The case's stage changes and its reassignments and transfers in one list, oldest first:
    ("status", CaseStatusChange) or ("event", CaseEvent)."""
    changes = [("status", change, change.changed_at) for change in case.status_changes.select_related("changed_by")]
    events = [("event", event, event.at) for event in case_events(case)]
    return [(kind, entry) for kind, entry, _when in sorted([*changes, *events], key=lambda item: item[2])]
