"""Every write to a case (DESIGN.md conventions 1, 3 and 5): scoped, validated, audited, race-safe."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import Membership, User
from jisr.cases import dashboard_months, notifications, stage_rules
from jisr.cases.models import (
    Assessment,
    Case,
    CaseStatusChange,
    FollowUp,
    ListeningRecord,
    OrientationPlan,
    Outcome,
    Protocol,
)
from jisr.centers.models import Center
from jisr.core import audit
from jisr.core.dates import add_months
from jisr.core.models import AuditLog
from jisr.core.scope import may, require
from jisr.people.models import Consent, Person

Status = Case.Status

# The pathway, in order. A case moves one stage forward, or is closed from any open stage;
# a closed case is reopened into the stage it was closed from.
PATHWAY: list[str] = [
    Status.RECEPTION,
    Status.LISTENING,
    Status.DIAGNOSIS,
    Status.ORIENTATION,
    Status.PATHWAY,
    Status.FOLLOW_UP,
]
CLOSURE_REASONS = {
    "goals_achieved": gettext_lazy("goals achieved"),
    "moved": gettext_lazy("moved away"),
    "unreachable": gettext_lazy("unreachable"),
    "refused": gettext_lazy("refused the support"),
    "transferred": gettext_lazy("transferred to another center"),
    "deceased": gettext_lazy("deceased"),
    "other": gettext_lazy("other"),
}


def next_status(status: str) -> str | None:
    """The stage after `status` on the pathway (None after the last one, or for a closed case)."""
    if status not in PATHWAY or status == PATHWAY[-1]:
        return None
    return PATHWAY[PATHWAY.index(status) + 1]


def _reference(center: Center) -> str:
    """CENTER-YEAR-NNNNN, numbered per center and year; the center row is locked while it is drawn."""
    Center.objects.select_for_update().filter(pk=center.pk).first()
    year = timezone.localdate().year
    prefix = f"{center.code.upper()}-{year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True)
    ).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _check_worker(worker: User | None, center: Center) -> None:
    if worker is None:
        return
    works_there = Membership.objects.active().filter(user=worker, center=center).exists()
    if not works_there or not may(worker, "cases.change_case", center):
        raise ValidationError({"assigned_to": [_("Choose a social worker of this center.")]})


def _has_basis(person: Person, purpose: str) -> bool:
    return Consent.objects.filter(person=person, purpose=purpose, withdrawn_at=None).exists()


def _log_status(case: Case, from_status: str, to_status: str, user: User, reason: str = "") -> None:
    previous = case.status_changes.order_by("-changed_at").values_list("changed_at", flat=True).first()
    change = CaseStatusChange.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        changed_by=user,
        changed_at=timezone.now(),
        from_status_since=previous if from_status else None,
        center_id=case.center_id,
        province_id=case.province_id,
        region_code=case.region_code,
    )
    # the center's dashboard figures that count this change, for the months it changes, recomputed in this
    # transaction: the opening's month, the funnel of the month the case was opened, the month of the
    # closing (a closing or reopening writes `closed_at` before it: `case` still holds the one before),
    # the month a follow-up started
    figures: dict[str, list[Any]] = {}
    if not from_status:
        figures["opened"] = [case.opened_at]
    if to_status in dashboard_months.STAGES and from_status != Status.CLOSED:
        figures["reached"] = [case.opened_at]
    if Status.CLOSED in (from_status, to_status):
        written = Case.objects.filter(pk=case.pk).values_list("closed_at", flat=True).get()
        figures["closed"] = [case.closed_at, written]
    if (from_status, to_status) == (Status.PATHWAY, Status.FOLLOW_UP):
        figures["outcomes"] = [change.changed_at]
    dashboard_months.refresh([case.center_id], **figures)


@transaction.atomic
def case_open(
    *,
    acting_user: User,
    person: Person,
    center: Center,
    reason: str,
    channel: str,
    urgency: str = Case.Urgency.ROUTINE,
    assigned_to: User | None = None,
    consent_obtained: bool = False,
    legal_basis: str = "",
) -> Case:
    """Receive a person at a center: a case in reception, assigned to one of its social workers.

    Processing rests on a basis recorded first (law 09-08): an active consent for case management,
    or the consent obtained now (`consent_obtained`), or another legal basis (`legal_basis`).
    """
    require(acting_user, "cases.add_case", center)
    if not reason.strip():
        raise ValidationError({"reason": [_("Write why the person came.")]})
    if not _has_basis(person, Consent.Purpose.CASE_MANAGEMENT):
        basis = Consent.LegalBasis.CONSENT if consent_obtained else legal_basis
        if basis not in Consent.LegalBasis.values:
            raise ValidationError(
                {"consent_obtained": [_("Record the person's consent to case management, or the legal basis.")]}
            )
        Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.CASE_MANAGEMENT,
            legal_basis=basis,
            given_at=timezone.now(),
            recorded_by=acting_user,
            recorded_at_center=center,
        )
    _check_worker(assigned_to, center)
    case = Case(
        person=person,
        center=center,
        at_registering_center=person.registered_at_id == center.pk,
        province_id=center.province_id,
        region_code=center.region_code,
        reason=reason.strip(),
        channel=channel,
        urgency=urgency,
        assigned_to=assigned_to,
        opened_at=timezone.now(),
        opened_by=acting_user,
        reference="-",
    )
    case.full_clean(exclude=["reference"])
    case.reference = _reference(center)
    case.save()
    _log_status(case, "", Status.RECEPTION, acting_user)
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=case, changes=audit.snapshot(case))
    notifications.case_assigned(case=case, worker=assigned_to, actor=acting_user)
    return case


def _locked(case: Case) -> Case:
    """The case read again with its row locked until the end of the transaction."""
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def mark_at_registering_center(person_ids: list[Any]) -> None:
    """Recompute `Case.at_registering_center` for these persons' cases (after a merge moved cases between
    them): one UPDATE comparing each case's center with its person's registering center."""
    here = Person.objects.filter(pk=OuterRef("person_id"), registered_at_id=OuterRef("center_id"))
    Case.objects.filter(person_id__in=person_ids).update(at_registering_center=Exists(here))


def case_assign(*, acting_user: User, case: Case, worker: User | None) -> Case:
    """Give the case to a social worker of its center (or to nobody)."""
    require(acting_user, "cases.change_case", case)
    case = _locked(case)
    _check_worker(worker, case.center)
    before = case.assigned_to_id
    case.assigned_to = worker
    case.save(update_fields=["assigned_to", "updated_at"])
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=case,
        changes={"assigned_to": [str(before) if before else None, str(worker.pk) if worker else None]},
    )
    if worker is not None and worker.pk != before:
        notifications.case_assigned(case=case, worker=worker, actor=acting_user)
    return case


def _move(case: Case, *, expected: str, to: str, user: User, reason: str = "") -> Case:
    """Change the status only if it is still `expected` (a conditional update: two concurrent
    transitions cannot both succeed), once the protocol's stage rules allow it: every move forward
    and every closure goes through here, whichever service or page asked for it. Reopening returns
    to a stage the case had reached, so it is not checked again."""
    if expected != Status.CLOSED:
        stage_rules.check(case, to, Status(to).label, reason=reason)
    moved = Case.objects.filter(pk=case.pk, status=expected).update(status=to, updated_at=timezone.now())
    if not moved:
        raise ValidationError(_("The case changed meanwhile: reload the page and try again."))
    _log_status(case, expected, to, user, reason)
    audit.record(actor=user, action=AuditLog.Action.UPDATE, obj=case, changes={"status": [expected, to]})
    case.refresh_from_db()
    return case


def case_has_approved_plan(case: Case) -> bool:
    """Whether the case's orientation plan is approved (the integration pathway may start)."""
    return OrientationPlan.objects.filter(case=case, status=OrientationPlan.Status.APPROVED).exists()


@transaction.atomic
def case_advance(*, acting_user: User, case: Case, to: str, reason: str = "") -> Case:
    """Move the case to the next stage of the pathway once the protocol's stage rules allow it (the
    records the stage needs exist); any other move is refused with the reason, naming what is missing."""
    require(acting_user, "cases.change_case", case)
    case = _locked(case)
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    expected_next = next_status(case.status)
    if to != expected_next:
        labels = {"current": Status(case.status).label, "wanted": Status(to).label if to in Status.values else to}
        raise ValidationError(_("A case in “%(current)s” cannot move to “%(wanted)s”.") % labels)
    return _move(case, expected=case.status, to=to, user=acting_user, reason=reason)


@transaction.atomic
def case_close(*, acting_user: User, case: Case, reason: str) -> Case:
    """Close the case from any open stage, for one of CLOSURE_REASONS; the protocol's stage rules say
    whether an outcome must be recorded first (not at the start of the pathway, nor when the person left)."""
    require(acting_user, "cases.change_case", case)
    case = _locked(case)
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is already closed."))
    if reason not in CLOSURE_REASONS:
        raise ValidationError({"reason": [_("Choose the reason for closing the case.")]})
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now(), closure_reason=reason)
    return _move(case, expected=case.status, to=Status.CLOSED, user=acting_user, reason=reason)


@transaction.atomic
def case_reopen(*, acting_user: User, case: Case, reason: str) -> Case:
    """Reopen a closed case into the stage it was closed from; its history stays."""
    require(acting_user, "cases.reopen_case", case)
    case = _locked(case)
    if case.status != Status.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the case is reopened.")]})
    closing = case.status_changes.filter(to_status=Status.CLOSED).order_by("-changed_at").first()
    back_to = closing.from_status if closing else Status.RECEPTION
    Case.objects.filter(pk=case.pk).update(closed_at=None, closure_reason="")
    return _move(case, expected=Status.CLOSED, to=back_to, user=acting_user, reason=reason.strip())


@transaction.atomic
def listening_record(
    *, acting_user: User, case: Case, needs: Iterable[str], notes: str = "", held_at: datetime.datetime | None = None
) -> ListeningRecord:
    """Record a listening interview; the first one moves the case from reception to listening."""
    require(acting_user, "cases.view_listening", case)
    require(acting_user, "cases.change_case", case)
    case = _locked(case)
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    needs = list(dict.fromkeys(needs))
    unknown = set(needs) - set(ListeningRecord.Need.values)
    if unknown or not needs:
        raise ValidationError({"needs": [_("Choose at least one need among the listed ones.")]})
    record = ListeningRecord(
        case=case, interviewer=acting_user, held_at=held_at or timezone.now(), needs=needs, notes=notes.strip()
    )
    record.full_clean()
    record.save()
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        object_type=ListeningRecord._meta.label_lower,
        object_id=str(record.pk),
        object_repr=case.reference,
        changes={"needs": needs},  # never the confidential notes
    )
    if case.status == Status.RECEPTION:
        _move(case, expected=Status.RECEPTION, to=Status.LISTENING, user=acting_user)
    return record


@transaction.atomic
def assessment_record(*, acting_user: User, case: Case, protocol: Protocol, answers: dict[str, str]) -> Assessment:
    """Score the answers with this protocol version; the first assessment moves the case to diagnosis."""
    from jisr.cases.protocols import score

    require(acting_user, "cases.change_case", case)
    case = _locked(case)
    if case.status == Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))
    if case.status == Status.RECEPTION:
        raise ValidationError(_("Hold the listening interview before the diagnosis."))
    if protocol.status != Protocol.Status.PUBLISHED:
        raise ValidationError({"protocol": [_("Use a published protocol.")]})
    result = score(protocol.definition, answers)
    assessment = Assessment.objects.create(
        case=case, protocol=protocol, assessed_by=acting_user, assessed_at=timezone.now(), answers=answers, **result
    )
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        object_type=Assessment._meta.label_lower,
        object_id=str(assessment.pk),
        object_repr=case.reference,
        changes={"protocol": str(protocol), "priority": result["priority"], "needs_profile": result["needs_profile"]},
    )
    if case.status == Status.LISTENING:
        _move(case, expected=Status.LISTENING, to=Status.DIAGNOSIS, user=acting_user)
    return assessment


@transaction.atomic
def protocol_save(
    *, acting_user: User, protocol: Protocol, definition: dict[str, Any], title_ar: str, title_fr: str,
    title_en: str, requires_plan_approval: bool,
) -> Protocol:  # fmt: skip
    """Save edits: a draft changes in place; a published or retired version is never touched — the
    edits become the next version, as a draft."""
    from jisr.cases.protocols import validate_definition

    require(acting_user, "cases.change_protocol")
    validate_definition(definition)
    if not all(title.strip() for title in (title_ar, title_fr, title_en)):
        raise ValidationError({"title_ar": [_("Give the title in Arabic, French and English.")]})
    titles = {"title_ar": title_ar.strip(), "title_fr": title_fr.strip(), "title_en": title_en.strip()}
    if protocol.status == Protocol.Status.DRAFT:
        for name, value in titles.items():
            setattr(protocol, name, value)
        protocol.definition = definition
        protocol.requires_plan_approval = requires_plan_approval
        protocol.save(update_fields=[*titles, "definition", "requires_plan_approval"])
        saved = protocol
    else:
        Protocol.objects.select_for_update().filter(code=protocol.code).first()
        last = Protocol.objects.filter(code=protocol.code).order_by("-version").values_list("version", flat=True)
        saved = Protocol.objects.create(
            code=protocol.code, version=last[0] + 1, definition=definition, created_by=acting_user,
            requires_plan_approval=requires_plan_approval, **titles,
        )  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=saved, changes={"version": saved.version})
    return saved


@transaction.atomic
def protocol_publish(*, acting_user: User, protocol: Protocol) -> Protocol:
    """Publish a draft; the version published before it is retired (its assessments keep it)."""
    require(acting_user, "cases.change_protocol")
    if protocol.status != Protocol.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    Protocol.objects.filter(code=protocol.code, status=Protocol.Status.PUBLISHED).update(status=Protocol.Status.RETIRED)
    protocol.status = Protocol.Status.PUBLISHED
    protocol.published_at = timezone.now()
    protocol.save(update_fields=["status", "published_at"])
    audit.record(
        actor=acting_user, action=AuditLog.Action.UPDATE, obj=protocol, changes={"status": ["draft", "published"]}
    )
    return protocol


FOLLOW_UP_MONTHS = (3, 6, 12)


@transaction.atomic
def followups_schedule(*, acting_user: User, case: Case, months: tuple[int, ...] = FOLLOW_UP_MONTHS) -> list[FollowUp]:
    """Schedule the follow-ups (3, 6 and 12 months from today by default); the case enters follow-up."""
    require(acting_user, "cases.change_case", case)
    case = _locked(case)
    if case.status not in (Status.PATHWAY, Status.FOLLOW_UP):
        raise ValidationError(_("Follow-ups are scheduled once the person is on an integration pathway."))
    if case.followups.filter(status=FollowUp.Status.SCHEDULED).exists():
        raise ValidationError(_("Follow-ups are already scheduled for this case."))
    today = timezone.localdate()
    followups = FollowUp.objects.bulk_create(
        [FollowUp(case=case, due_on=add_months(today, count)) for count in sorted(set(months))]
    )
    if case.status == Status.PATHWAY:
        _move(case, expected=Status.PATHWAY, to=Status.FOLLOW_UP, user=acting_user)
    # the center's kept follow-ups of the months they are due
    dashboard_months.refresh([case.center_id], followups=[followup.due_on for followup in followups])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=case,
                 changes={"followups": [str(f.due_on) for f in followups]})  # fmt: skip
    return followups


@transaction.atomic
def followup_record(*, acting_user: User, followup: FollowUp, done: bool, notes: str = "") -> FollowUp:
    """Record that a scheduled follow-up took place (or was missed); recorded once."""
    require(acting_user, "cases.change_case", followup)
    if not done and not notes.strip():
        raise ValidationError({"notes": [_("Say what was tried when the follow-up is missed.")]})
    updated = FollowUp.objects.filter(pk=followup.pk, status=FollowUp.Status.SCHEDULED).update(
        status=FollowUp.Status.DONE if done else FollowUp.Status.MISSED,
        notes=notes.strip(),
        recorded_by=acting_user,
        recorded_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("This follow-up was already recorded."))
    followup.refresh_from_db()
    dashboard_months.refresh([followup.case.center_id], followups=[followup.due_on])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=followup.case,
                 changes={"followup": [str(followup.due_on), followup.status]})  # fmt: skip
    return followup


@transaction.atomic
def outcome_record(
    *, acting_user: User, case: Case, kind: str, achieved_on: datetime.date | None = None, evidence: str = ""
) -> Outcome:
    """Record a result of the pathway (employed, housed, training certified…)."""
    require(acting_user, "cases.change_case", case)
    achieved_on = achieved_on or timezone.localdate()
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": [_("An outcome cannot be in the future.")]})
    if achieved_on < timezone.localdate(case.opened_at):
        raise ValidationError({"achieved_on": [_("An outcome cannot precede the opening of the case.")]})
    outcome = Outcome(case=case, kind=kind, achieved_on=achieved_on, evidence=evidence.strip(),
                      recorded_by=acting_user, recorded_at=timezone.now())  # fmt: skip
    outcome.full_clean()
    outcome.save()
    # the center's kept outcomes, by the month the case's follow-up started
    starts = case.status_changes.filter(from_status=Status.PATHWAY, to_status=Status.FOLLOW_UP)
    dashboard_months.refresh([case.center_id], outcomes=list(starts.values_list("changed_at", flat=True)))
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=case, changes={"outcome": kind})
    return outcome
