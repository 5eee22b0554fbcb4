"""Reads for reassignment and transfer: the incoming transfers of a center, a case's pending transfer,
its events, and the choices the forms offer — always through the user's scope."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from jisr.accounts.models import User
from jisr.cases.models import Case, CaseEvent, CaseFlag, CaseTransfer
from jisr.centers.models import Center
from jisr.core.scope import get_or_404, in_scope, may, user_scope

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


def history_entries(case: Case, flags: list[CaseFlag] | None = None) -> list[tuple[str, object]]:
    """The case's stage changes, its reassignments and transfers, and its flags set and cleared in one
    list, oldest first: ("status", CaseStatusChange), ("event", CaseEvent), ("flag_set", CaseFlag) or
    ("flag_cleared", CaseFlag). `flags`: the case's flags when the caller has read them already."""
    changes = [("status", change, change.changed_at) for change in case.status_changes.select_related("changed_by")]
    events = [("event", event, event.at) for event in case_events(case)]
    if flags is None:
        flags = list(case.flags.select_related("set_by", "cleared_by"))
    flagged = [("flag_set", flag, flag.set_at) for flag in flags]
    flagged += [("flag_cleared", flag, flag.cleared_at) for flag in flags if flag.cleared_at is not None]
    entries = sorted([*changes, *events, *flagged], key=lambda item: item[2])
    return [(kind, entry) for kind, entry, _when in entries]


def transfer_cancellable(user: User, case: Case) -> CaseTransfer | None:
    """The case's pending transfer when the user may cancel it (cases.assign_case over the sending
    side: the case's center), else None."""
    transfer = pending_transfer_of(case)
    return transfer if transfer is not None and may(user, "cases.assign_case", transfer) else None


def incoming_transfer_count(user: User) -> int | None:
    """How many transfers wait for the user's centers; None for users who do not take transfers in
    (no query then: the menu asks on every page)."""
    if not user_scope(user).has_permission_somewhere("cases.assign_case"):
        return None
    return incoming_transfers(user).count()


def reassignment_centers(user: User) -> QuerySet[Center]:
    """The centers where the user may reassign cases (cases.assign_case there)."""
    return in_scope(user, "cases.assign_case", Center.objects.all()).order_by("name_fr")


def cases_to_reassign(user: User, case_ids: list[uuid.UUID]) -> QuerySet[Case]:
    """Among `case_ids`, the cases the user may reassign, by reference (the confirmation page)."""
    return (
        in_scope(user, "cases.assign_case", Case)
        .filter(pk__in=case_ids)
        .select_related("person", "center", "assigned_to")
        .order_by("reference")
    )
