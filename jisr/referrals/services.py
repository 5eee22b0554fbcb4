"""Every write to a referral: consent first, scoped, race-safe transitions, audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.cases.models import Case, PlanAction
from jisr.centers.models import Center, Organization, ServiceType
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import may, require
from jisr.people.models import Consent, Person
from jisr.referrals import notifications
from jisr.referrals.models import DUPLICATE_MESSAGE, SENDER, Referral, ReferralEvent
from jisr.referrals.selectors import CANCEL, RESPOND, VIEW, recipient_side

RESPONSE_DAYS: dict[str, int] = {Case.Urgency.URGENT: 2, Case.Urgency.PRIORITY: 7, Case.Urgency.ROUTINE: 15}
Status = Referral.Status


def answer_due_on(sent_at: datetime.datetime, urgency: str) -> datetime.date:
    """The last day of the answer delay: the sending day in Morocco's time zone plus the delay of the
    urgency. On that day the referral is not yet overdue (`selectors.overdue_condition`)."""
    # The local day, not the UTC one: a referral sent at 00:30 in Casablanca is sent on that day.
    return timezone.localdate(sent_at) + datetime.timedelta(days=RESPONSE_DAYS.get(urgency, 15))


def _recipient_organization(to_center: Center | None, to_organization: Organization | None) -> Organization | None:
    return to_organization if to_organization is not None else (to_center.organization if to_center else None)


def has_referral_basis(person: Person, recipient: Organization | None) -> bool:
    """An active consent (or other basis) for referral, general or for this recipient."""
    return Consent.objects.filter(
        Q(recipient__isnull=True) | Q(recipient=recipient),
        person=person,
        purpose=Consent.Purpose.REFERRAL,
        withdrawn_at=None,
    ).exists()


def _event(referral: Referral, status: str, user: User, note: str = "") -> None:
    ReferralEvent.objects.create(referral=referral, status=status, note=note, by=user, at=timezone.now())


@transaction.atomic
def referral_send(
    *,
    acting_user: User,
    case: Case,
    reason: str,
    shared_fields: Iterable[str],
    to_center: Center | None = None,
    to_organization: Organization | None = None,
    service_type: ServiceType | None = None,
    service_requested: str = "",
    message: str = "",
    urgency: str = Case.Urgency.ROUTINE,
    consent_obtained: bool = False,
    plan_action: PlanAction | None = None,
) -> Referral:
    """Refer the case's person to another center or a partner, sharing only `shared_fields`.

    Refused unless the person consented to a referral (to this recipient, or in general), or the
    consent is obtained now (`consent_obtained`, recorded for this recipient).
    """
    require(acting_user, "referrals.add_referral", case)
    errors: dict[str, list[str]] = {}
    if (to_center is None) == (to_organization is None):
        errors["to_organization"] = [_("Choose one recipient: a center or a partner organization.")]
    if to_center is not None and to_center.pk == case.center_id:
        errors["to_center"] = [_("A referral goes to another center than the case's own.")]
    if not reason.strip():
        errors["reason"] = [_("Write why the person is referred.")]
    shared = list(dict.fromkeys(shared_fields))
    if set(shared) - set(Referral.SharedField.values) or "name" not in shared:
        errors["shared_fields"] = [_("Share at least the name, and only fields from the list.")]
    if case.status == Case.Status.CLOSED:
        errors["case"] = [_("This case is closed: reopen it first.")]
    if plan_action is not None and (
        plan_action.goal.plan.case_id != case.pk or plan_action.kind != PlanAction.Kind.REFERRAL
    ):
        errors["plan_action"] = [_("Choose a referral action of this case's plan.")]
    if errors:
        raise ValidationError(errors)
    recipient = _recipient_organization(to_center, to_organization)
    if not has_referral_basis(case.person, recipient):
        if not consent_obtained:
            raise ValidationError(
                {"consent_obtained": [_("The person must consent to sharing their data with this recipient first.")]}
            )
        Consent.objects.create(
            person=case.person,
            purpose=Consent.Purpose.REFERRAL,
            recipient=recipient,
            given_at=timezone.now(),
            recorded_by=acting_user,
            recorded_at_center=case.center,
        )
    referral = Referral(
        case=case,
        plan_action=plan_action,
        person=case.person,
        from_center=case.center,
        sent_by=acting_user,
        to_center=to_center,
        to_organization=to_organization,
        service_type=service_type,
        service_requested=service_requested.strip(),
        reason=reason.strip(),
        urgency=urgency,
        shared_fields=shared,
        message=message.strip(),
        due_on=answer_due_on(timezone.now(), urgency),
    )
    referral.full_clean()  # also refuses a second open referral to the same addressee (the constraint)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError as error:
        # The same referral sent at the same moment by another request: full_clean could not see it yet.
        raise ValidationError(DUPLICATE_MESSAGE) from error
    _event(referral, Status.SENT, acting_user, referral.message)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=referral,
        changes={"recipient": referral.recipient_name, "shared_fields": shared},
    )
    notifications.received(referral=referral, actor=acting_user)
    return referral


def _transition(
    referral: Referral, *, allowed_from: list[str], to: str, user: User, note: str, **fields: Any
) -> Referral:
    """Change the status only if it is still one of `allowed_from` (a conditional update)."""
    updated = Referral.objects.filter(pk=referral.pk, status__in=allowed_from).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if not updated:
        current = Referral.objects.filter(pk=referral.pk).values_list("status", flat=True).first()
        label = Status(current).label if current in Status.values else current
        raise ValidationError(_("This referral is “%(status)s”: it cannot be changed that way.") % {"status": label})
    _event(referral, to, user, note)
    audit.record(actor=user, action=AuditLog.Action.UPDATE, obj=referral, changes={"status": [referral.status, to]})
    referral.refresh_from_db()
    return referral


@transaction.atomic
def referral_accept(*, acting_user: User, referral: Referral, note: str = "") -> Referral:
    """The recipient accepts a referral waiting for an answer."""
    require(acting_user, RESPOND, referral, anchor=recipient_side(referral))
    now = timezone.now()
    referral = _transition(referral, allowed_from=[Status.SENT], to=Status.ACCEPTED, user=acting_user, note=note,
                           responded_by=acting_user, responded_at=now)  # fmt: skip
    notifications.answered(referral=referral, actor=acting_user)
    return referral


@transaction.atomic
def referral_decline(*, acting_user: User, referral: Referral, reason: str, note: str = "") -> Referral:
    """The recipient declines a referral waiting for an answer, saying why (explained when "other")."""
    require(acting_user, RESPOND, referral, anchor=recipient_side(referral))
    if reason not in Referral.DeclineReason.values:
        raise ValidationError({"decline_reason": [_("Choose why the referral is declined.")]})
    if reason == Referral.DeclineReason.OTHER and not note.strip():
        raise ValidationError({"feedback": [_("Explain the reason to the sender.")]})
    referral = _transition(referral, allowed_from=[Status.SENT], to=Status.DECLINED, user=acting_user, note=note,
                           responded_by=acting_user, responded_at=timezone.now(), decline_reason=reason,
                           feedback=note.strip())  # fmt: skip
    notifications.answered(referral=referral, actor=acting_user)
    return referral


@transaction.atomic
def referral_complete(*, acting_user: User, referral: Referral, service_given: str, feedback: str = "") -> Referral:
    """The recipient gave the service; the plan's referral action, if any, is done with it."""
    require(acting_user, RESPOND, referral, anchor=recipient_side(referral))
    if not service_given.strip():
        raise ValidationError({"service_given": [_("Say which service the person received.")]})
    referral = _transition(referral, allowed_from=[Status.ACCEPTED], to=Status.COMPLETED, user=acting_user,
                           note=feedback, service_given=service_given.strip(), feedback=feedback.strip(),
                           completed_at=timezone.now())  # fmt: skip
    if referral.plan_action_id:
        # The plan's referral action is done when the recipient completes the service.
        PlanAction.objects.filter(pk=referral.plan_action_id, status=PlanAction.Status.PLANNED).update(
            status=PlanAction.Status.DONE, result=referral.service_given[:500], closed_at=timezone.now()
        )
    notifications.answered(referral=referral, actor=acting_user)
    return referral


@transaction.atomic
def referral_cancel(*, acting_user: User, referral: Referral, note: str = "") -> Referral:
    """The sending side withdraws a referral not yet answered or not yet completed."""
    require(acting_user, CANCEL, referral, anchor=SENDER)
    return _transition(referral, allowed_from=[Status.SENT, Status.ACCEPTED], to=Status.CANCELLED,
                       user=acting_user, note=note)  # fmt: skip


def referrals_follow_transfer(acting_user: User, case: Case, from_center: Center, to_center: Center) -> None:
    """A case accepted by another center takes its open referrals (sent, or accepted and under way) with it:
    the accepting center becomes their sending side, follows the answers and may cancel them; the
    recipients keep them. Answered ones (completed, declined, cancelled) stay the record of the center that
    sent them. Called by the case transfer, inside its transaction (`cases.handover`)."""
    moving = Referral.objects.filter(case=case, from_center=from_center, status__in=[Status.SENT, Status.ACCEPTED])
    moved = [str(pk) for pk in moving.values_list("pk", flat=True)]
    if not moved:
        return
    Referral.objects.filter(pk__in=moved).update(from_center=to_center, updated_at=timezone.now())
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, object_type=Referral._meta.label_lower,
                 object_repr=case.reference, changes={"from_center": [from_center.code, to_center.code],
                                                      "referrals": moved})  # fmt: skip


@transaction.atomic
def referral_answer_seen(*, acting_user: User, referral: Referral) -> bool:
    """The case's social worker opened the referral after its latest answer: the answer leaves their home.

    Only for the worker the case is assigned to, seeing the referral from the sending side; anyone else
    reading it changes nothing. Returns whether an unread answer was marked read (then audited, once)."""
    answered_at = referral.completed_at or referral.responded_at
    if answered_at is None or referral.case.assigned_to_id != acting_user.pk:
        return False
    if not may(acting_user, VIEW, referral, anchor=SENDER):
        return False
    unread = Q(answer_seen_at__isnull=True) | Q(answer_seen_at__lt=answered_at)
    marked = Referral.objects.filter(unread, pk=referral.pk).update(answer_seen_at=timezone.now())
    if marked:
        audit.record(actor=acting_user, action=AuditLog.Action.VIEW, obj=referral,
                     changes={"answer_seen": referral.status})  # fmt: skip
    return bool(marked)
