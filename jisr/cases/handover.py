"""Who holds a case: reassignment to another worker of the center, transfer to another center.

Every write here is scoped, validated, audited (old → new) and kept in the case's history
(`CaseEvent`), like the other case services (DESIGN.md conventions 1, 3 and 5). Both need
`cases.assign_case` (the center manager): over the case's center to reassign, offer a transfer or
cancel it while it waits, over the receiving center to accept or refuse one. Until it is accepted the
case stays where it is; once accepted, its plan goes with it (the open actions to the new worker) and
so do its open referrals (the referrals app moves them: `register_transfer_follower`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.cases import dashboard_months, notifications
from jisr.cases.models import Case, CaseEvent, CaseStatusChange, CaseTransfer, PlanAction
from jisr.cases.services import _check_worker, _locked
from jisr.centers.models import Center
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import in_scope, require
from jisr.people.models import Consent

Kind = CaseEvent.Kind

# What else follows a case to the center that accepts it: each follower is called inside the accepting
# transaction with (acting_user, case, from_center, to_center). An app built on cases registers one in its
# AppConfig.ready() (the referrals app moves the case's open referrals), so cases imports no such app.
TransferFollower = Callable[[User, Case, Center, Center], None]
_transfer_followers: list[TransferFollower] = []


def register_transfer_follower(follower: TransferFollower) -> None:
    if follower not in _transfer_followers:
        _transfer_followers.append(follower)


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
    notifications.case_assigned(case=case, worker=worker, actor=acting_user)
    return case


BULK_LIMIT = 200  # more than a page of the list: what a manager selects, not a whole province


@transaction.atomic
def case_reassign_many(*, acting_user: User, case_ids: Iterable[uuid.UUID], worker: User | None,
                       note: str = "") -> int:  # fmt: skip
    """Give several cases to one social worker, each through `case_reassign` (audited and on its history),
    in one transaction: all of them or none. Refused whole when one case is not the user's to reassign
    (outside their centers, or missing: the same answer), is closed, or is at a center the worker does
    not work at. Cases already with that worker are left as they are. Returns how many were reassigned."""
    require(acting_user, "cases.assign_case")
    wanted = set(case_ids)
    if not wanted:
        raise ValidationError({"cases": [_("Select at least one case.")]})
    if len(wanted) > BULK_LIMIT:
        raise ValidationError({"cases": [_("Select at most %(limit)d cases at a time.") % {"limit": BULK_LIMIT}]})
    if worker is None:
        raise ValidationError({"worker": [_("Choose a social worker of this center.")]})
    cases = list(in_scope(acting_user, "cases.assign_case", Case).filter(pk__in=wanted).order_by("reference"))
    if len(cases) != len(wanted):
        raise ValidationError(_("Some of the selected cases are not yours to reassign: nothing was changed."))
    changed = 0
    for case in cases:
        if case.assigned_to_id == worker.pk:
            continue
        try:
            case_reassign(acting_user=acting_user, case=case, worker=worker, note=note)
        except ValidationError as error:
            reasons = " ".join(error.messages)
            raise ValidationError(
                _("%(reference)s: %(reason)s Nothing was changed.") % {"reference": case.reference, "reason": reasons}
            ) from error
        changed += 1
    return changed


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
                                           at_registering_center=case.person.registered_at_id == to_center.pk,
                                           updated_at=timezone.now())  # fmt: skip
    CaseStatusChange.objects.filter(case=case).update(  # its history goes with it
        center=to_center, province_id=to_center.province_id, region_code=to_center.region_code
    )
    case.refresh_from_db()
    dashboard_months.refresh([from_center.pk, to_center.pk])  # the case's figures move with it
    _plan_follows(acting_user, case, worker)
    for follower in _transfer_followers:
        follower(acting_user, case, from_center, to_center)
    CaseEvent.objects.create(case=case, kind=Kind.TRANSFER_ACCEPTED, from_center=from_center, to_center=to_center,
                             from_worker=from_worker, to_worker=worker, by=acting_user, at=timezone.now())  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=case, changes={
        "center": [from_center.code, to_center.code], "assigned_to": [_name(from_worker), _name(worker)],
        "transfer": str(transfer.pk)})  # fmt: skip
    notifications.case_transferred(case=case, worker=worker, actor=acting_user)
    return case


def _plan_follows(acting_user: User, case: Case, worker: User | None) -> None:
    """The plan is the case's and moves with it (it is anchored where the case is). Its actions still to do
    were held by people of the sending center, who no longer see the case: they go to the worker who takes
    the case (or to nobody until the manager names one). Done and cancelled actions keep who did them."""
    actions = PlanAction.objects.filter(goal__plan__case=case, status=PlanAction.Status.PLANNED)
    moved = actions.exclude(responsible=worker).update(responsible=worker)  # worker None: those held by someone
    if moved:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=case,
                     changes={"plan_actions_responsible": {"actions": moved, "to": _name(worker)}})  # fmt: skip


@transaction.atomic
def case_transfer_cancel(*, acting_user: User, transfer: CaseTransfer, reason: str) -> CaseTransfer:
    """The sending center withdraws a transfer still waiting for an answer, saying why (cases.assign_case
    over the case's center); the case stays where it is, and a new transfer may be asked."""
    require(acting_user, "cases.assign_case", transfer)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the transfer is cancelled.")]})
    text = reason.strip()[:500]
    transfer = _decide(transfer, acting_user, CaseTransfer.Status.CANCELLED, cancellation_reason=text)
    CaseEvent.objects.create(case=transfer.case, kind=Kind.TRANSFER_CANCELLED, from_center=transfer.from_center,
                             to_center=transfer.to_center, note=text, by=acting_user, at=timezone.now())  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=transfer, object_repr=transfer.case.reference,
                 changes={"status": ["pending", "cancelled"], "reason": text})  # fmt: skip
    return transfer


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
