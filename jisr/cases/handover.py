"""Who holds a case: reassignment to another worker of the center, transfer to another center.

Every write here is scoped, validated, audited (old → new) and kept in the case's history
(`CaseEvent`), like the other case services (DESIGN.md conventions 1, 3 and 5). Both need
`cases.assign_case` (the center manager): over the case's center to reassign or offer a transfer,
over the receiving center to accept or refuse one. Until it is accepted the case stays where it is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.cases.models import Case, CaseEvent, CaseStatusChange, CaseTransfer
from jisr.cases.services import _check_worker, _locked
from jisr.centers.models import Center
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import require
from jisr.people.models import Consent

Kind = CaseEvent.Kind


def _name(user: User | None) -> str | None:
    return user.get_username() if user else None


@transaction.atomic
def case_reassign(*, acting_user: User, case: Case, worker: User | None, note: str = "") -> Case:
    """Give the case to another social worker of its center (cases.assign_case there: the manager)."""
    require(acting_user, "cases.assign_case", case)
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    if worker is None:
        raise ValidationError({"worker": [_("Choose a social worker of this center.")]})
    if worker.pk == case.assigned_to_id:
        raise ValidationError({"worker": [_("The case is already assigned to this social worker.")]})
    try:
        _check_worker(worker, case.center)
    except ValidationError as error:
        raise ValidationError({"worker": error.message_dict["assigned_to"]}) from error
    before = case.assigned_to
    case.assigned_to = worker
    case.save(update_fields=["assigned_to", "updated_at"])
    CaseEvent.objects.create(case=case, kind=Kind.REASSIGNED, from_worker=before, to_worker=worker,
                             note=note.strip()[:500], by=acting_user, at=timezone.now())  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=case,
                 changes={"assigned_to": [_name(before), _name(worker)]})  # fmt: skip
    return case


@transaction.atomic
def case_transfer_request(
    *, acting_user: User, case: Case, to_center: Center | None, note: str, consent_obtained: bool
) -> CaseTransfer:
    """Offer the case to another center, with the person's consent (recorded) and a note; the case
    stays at its center until the receiving center accepts."""
    require(acting_user, "cases.assign_case", case)
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    errors: dict[str, list[str]] = {}
    if to_center is None or to_center.pk == case.center_id or to_center.status != Center.Status.ACTIVE:
        errors["to_center"] = [_("Choose another open center.")]
    if not note.strip():
        errors["note"] = [_("Write a note for the receiving center.")]
    if not consent_obtained:
        errors["consent_obtained"] = [_("The person must agree to the transfer.")]
    if errors:
        raise ValidationError(errors)
    assert to_center is not None  # noqa: S101 — checked above, for the type checker
    now = timezone.now()
    transfer = CaseTransfer(case=case, from_center=case.center, to_center=to_center, note=note.strip(),
                            requested_by=acting_user, requested_at=now)  # fmt: skip
    transfer.full_clean()
    transfer.save()
    Consent.objects.create(
        person=case.person, purpose=Consent.Purpose.REFERRAL, recipient=to_center.organization,
        note=_("Transfer of case %(reference)s to %(center)s") % {"reference": case.reference,
                                                                  "center": to_center.code},
        given_at=now, recorded_by=acting_user, recorded_at_center=case.center,
    )  # fmt: skip
    CaseEvent.objects.create(case=case, kind=Kind.TRANSFER_REQUESTED, from_center=case.center, to_center=to_center,
                             note=note.strip()[:500], by=acting_user, at=now)  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=transfer, object_repr=case.reference,
                 changes={"center": [case.center.code, to_center.code], "status": [None, "pending"]})  # fmt: skip
    return transfer


def _decide(transfer: CaseTransfer, user: User, to: str, **fields: object) -> CaseTransfer:
    """Conditional update: of two concurrent answers to one transfer, one wins, the other is refused."""
    changed = CaseTransfer.objects.filter(pk=transfer.pk, status=CaseTransfer.Status.PENDING).update(
        status=to, decided_by=user, decided_at=timezone.now(), **fields
    )
    if not changed:
        raise ValidationError(_("This transfer was already answered."))
    transfer.refresh_from_db()
    return transfer


@transaction.atomic
def case_transfer_accept(*, acting_user: User, transfer: CaseTransfer, worker: User | None = None) -> Case:
    """The receiving center takes the case (cases.assign_case there), given to one of its workers or
    to nobody yet; the case keeps its stage and history and leaves the sending center's scope."""
    require(acting_user, "cases.assign_case", transfer, anchor="receiving_center")
    case = _locked(transfer.case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case was closed meanwhile: it cannot be transferred."))
    to_center = transfer.to_center
    try:
        _check_worker(worker, to_center)
    except ValidationError as error:
        raise ValidationError({"worker": error.message_dict["assigned_to"]}) from error
    transfer = _decide(transfer, acting_user, CaseTransfer.Status.ACCEPTED)
    from_center, from_worker = case.center, case.assigned_to
    Case.objects.filter(pk=case.pk).update(center=to_center, province_id=to_center.province_id,
                                           region_code=to_center.region_code, assigned_to=worker,
                                           updated_at=timezone.now())  # fmt: skip
    CaseStatusChange.objects.filter(case=case).update(  # its history goes with it
        center=to_center, province_id=to_center.province_id, region_code=to_center.region_code
    )
    case.refresh_from_db()
    CaseEvent.objects.create(case=case, kind=Kind.TRANSFER_ACCEPTED, from_center=from_center, to_center=to_center,
                             from_worker=from_worker, to_worker=worker, by=acting_user, at=timezone.now())  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=case, changes={
        "center": [from_center.code, to_center.code], "assigned_to": [_name(from_worker), _name(worker)],
        "transfer": str(transfer.pk)})  # fmt: skip
    return case


@transaction.atomic
def case_transfer_refuse(*, acting_user: User, transfer: CaseTransfer, reason: str) -> CaseTransfer:
    """The receiving center refuses the transfer, saying why; the case stays where it is."""
    require(acting_user, "cases.assign_case", transfer, anchor="receiving_center")
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the transfer is refused.")]})
    transfer = _decide(transfer, acting_user, CaseTransfer.Status.REFUSED, refusal_reason=reason.strip()[:500])
    CaseEvent.objects.create(case=transfer.case, kind=Kind.TRANSFER_REFUSED, from_center=transfer.from_center,
                             to_center=transfer.to_center, note=reason.strip()[:500], by=acting_user,
                             at=timezone.now())  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=transfer, object_repr=transfer.case.reference,
                 changes={"status": ["pending", "refused"], "reason": reason.strip()})  # fmt: skip
    return transfer
