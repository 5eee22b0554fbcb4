"""Writes of the protection of the person: consents and their withdrawal, data-subject requests and
their answers, retention periods (scoped, validated, audited in the same transaction)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.centers.models import Center, Organization
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import require
from jisr.people.models import Consent, Person
from jisr.people.selectors import person_get
from jisr.privacy import notifications
from jisr.privacy.models import DataSubjectRequest, RetentionPolicy

if TYPE_CHECKING:
    from jisr.accounts.models import User


@transaction.atomic
def consent_record(
    *, acting_user: User, person: Person, center: Center, purpose: str, legal_basis: str = Consent.LegalBasis.CONSENT,
    recipient: Organization | None = None, note: str = "",
) -> Consent:  # fmt: skip
    """Record a consent (or another legal basis) for one purpose, at the center where it was given."""
    person_get(acting_user, person.pk, "people.change_person")
    require(acting_user, "people.change_person", center)
    consent = Consent(person=person, purpose=purpose, legal_basis=legal_basis, recipient=recipient, note=note.strip(),
                      given_at=timezone.now(), recorded_by=acting_user, recorded_at_center=center)  # fmt: skip
    consent.full_clean()
    consent.save()
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=consent, object_repr=str(person.pk),
                 changes={"purpose": purpose, "legal_basis": legal_basis})  # fmt: skip
    return consent


@transaction.atomic
def consent_withdraw(*, acting_user: User, consent: Consent, note: str = "") -> Consent:
    """The person withdraws a consent: from now on nothing may rest on it (it stays in the history)."""
    person_get(acting_user, consent.person_id, "people.change_person")
    withdrawn = Consent.objects.filter(pk=consent.pk, withdrawn_at=None).update(
        withdrawn_at=timezone.now(), withdrawn_by=acting_user
    )
    if not withdrawn:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.refresh_from_db()
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=consent, object_repr=str(consent.person_id),
                 changes={"withdrawn": True, "note": note.strip()})  # fmt: skip
    return consent


@transaction.atomic
def request_log(
    *, acting_user: User, person: Person, center: Center, kind: str, details: str,
    received_on: datetime.date | None = None,
) -> DataSubjectRequest:  # fmt: skip
    """Log a request (access, rectification, opposition) received at a center; the answer is due in
    JISR_DSR_ANSWER_DAYS days."""
    person_get(acting_user, person.pk)
    require(acting_user, "privacy.add_datasubjectrequest", center)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": [_("The date of receipt cannot be in the future.")]})
    request = DataSubjectRequest(
        person=person, center=center, kind=kind, details=details.strip(), received_on=received_on,
        due_on=received_on + datetime.timedelta(days=settings.JISR_DSR_ANSWER_DAYS), logged_by=acting_user,
    )  # fmt: skip
    request.full_clean()
    request.save()
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=request, object_repr=str(person.pk),
                 changes={"kind": kind})  # fmt: skip
    notifications.request_logged(request=request, actor=acting_user)
    return request


@transaction.atomic
def request_answer(
    *, acting_user: User, request: DataSubjectRequest, response: str, refused: bool = False,
    export_given: bool = False,
) -> DataSubjectRequest:  # fmt: skip
    """Answer in writing, once; a refusal gives its reasons in the answer."""
    require(acting_user, "privacy.change_datasubjectrequest", request)
    if not response.strip():
        raise ValidationError({"response": [_("Write the answer given to the person.")]})
    status = DataSubjectRequest.Status.REFUSED if refused else DataSubjectRequest.Status.ANSWERED
    answered = DataSubjectRequest.objects.filter(pk=request.pk, status=DataSubjectRequest.Status.OPEN).update(
        status=status, response=response.strip(), export_given=export_given, answered_by=acting_user,
        answered_at=timezone.now(),
    )  # fmt: skip
    if not answered:
        raise ValidationError(_("This request was already answered."))
    request.refresh_from_db()
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=request, object_repr=str(request.person_id),
                 changes={"status": ["open", status], "export_given": export_given})  # fmt: skip
    return request


@transaction.atomic
def retention_policy_set(
    *, acting_user: User, policy: RetentionPolicy, months: int, is_active: bool
) -> RetentionPolicy:
    """A national officer changes a retention period (`privacy.change_retentionpolicy`)."""
    require(acting_user, "privacy.change_retentionpolicy")
    before = {"months": policy.months, "is_active": policy.is_active}
    policy.months, policy.is_active, policy.updated_by = months, is_active, acting_user
    policy.full_clean()
    policy.save(update_fields=["months", "is_active", "updated_by", "updated_at"])
    changes = {"months": [before["months"], months], "is_active": [before["is_active"], is_active]}
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=policy, changes=changes)
    return policy
