"""Every write of the consultations: keyword-only, `scope.require` first, `full_clean`, one transaction, an
audit entry in it, and the public pages' cache cleared once the transaction commits (`public.forget`).

Permissions (data, jisr/accounts/roles.py): `consultations.manage_meetings`, `manage_recommendations`,
`manage_plans` over the region; `report_progress` over the region or the action's owner organization.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.centers.models import Organization
from jisr.consultations import duplicates, files, public, rollup
from jisr.consultations.models import (
    ActionPlan,
    Attendance,
    ConsultationRound,
    Meeting,
    Milestone,
    PlanAction,
    Recommendation,
    RecommendationEvent,
    Result,
    ResultStatus,
)
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.territories.models import Province, Region

MEETINGS = "consultations.manage_meetings"
RECOMMENDATIONS = "consultations.manage_recommendations"
PLANS = "consultations.manage_plans"
PROGRESS = "consultations.report_progress"

Status = Recommendation.Status
# Where a recommendation may go from each status (the decision's own rules are checked apart).
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.UNDER_STUDY, Status.MERGED, Status.NOT_RETAINED},
    Status.UNDER_STUDY: {Status.ACCEPTED, Status.MERGED, Status.NOT_RETAINED, Status.RECEIVED},
    Status.ACCEPTED: {Status.UNDER_STUDY},
    Status.NOT_RETAINED: {Status.UNDER_STUDY},
    Status.MERGED: set(),
}


def _changed() -> None:
    transaction.on_commit(public.forget)


def _province_in_region(province: Province | None, region_id: str, field: str = "province") -> None:
    if province is not None and province.region_id != region_id:
        raise ValidationError({field: _("This province is not in the meeting's region.")})


# ---------------------------------------------------------------- rounds and meetings


@transaction.atomic
def round_create(
    *, acting_user: User, code: str, name_ar: str, name_fr: str, starts_on: datetime.date, ends_on: datetime.date
) -> ConsultationRound:
    """Open a round of consultations (a national decision: manage_meetings held nationally)."""
    if not scope.may_access(acting_user, MEETINGS, scope.Anchor()):
        raise Http404
    consultation_round = ConsultationRound(
        code=code, name_ar=name_ar, name_fr=name_fr, starts_on=starts_on, ends_on=ends_on
    )
    consultation_round.full_clean()
    consultation_round.save()
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=consultation_round,
        changes=audit.snapshot(consultation_round),
    )
    return consultation_round


MEETING_FIELDS = ("held_on", "place", "chair", "agenda")


@transaction.atomic
def meeting_create(
    *,
    acting_user: User,
    consultation_round: ConsultationRound,
    region: Region,
    sequence: int,
    held_on: datetime.date,
    place: str,
    chair: str = "",
    agenda: str = "",
) -> Meeting:
    """Plan a meeting of the round in a region (manage_meetings over the region, else 404)."""
    meeting = Meeting(
        round=consultation_round,
        region=region,
        sequence=sequence,
        held_on=held_on,
        place=place,
        chair=chair,
        agenda=agenda,
    )
    scope.require(acting_user, MEETINGS, meeting)
    meeting.full_clean()
    meeting.save()
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=meeting, changes=audit.snapshot(meeting))
    _changed()
    return meeting


@transaction.atomic
def meeting_update(*, acting_user: User, meeting: Meeting, **changes: Any) -> Meeting:
    """Change a meeting's date, place, chair or agenda."""
    scope.require(acting_user, MEETINGS, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _values(meeting, MEETING_FIELDS)
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    changed = audit.diff(before, _values(meeting, MEETING_FIELDS))
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=meeting, changes=changed)
        _changed()
    return meeting


MEETING_NEXT: dict[str, str] = {
    Meeting.Status.PLANNED: Meeting.Status.HELD,
    Meeting.Status.HELD: Meeting.Status.REPORT_PUBLISHED,
}


@transaction.atomic
def meeting_advance(*, acting_user: User, meeting: Meeting) -> Meeting:
    """planned → held → report published. Publishing the report needs its minutes."""
    scope.require(acting_user, MEETINGS, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    following = MEETING_NEXT.get(meeting.status)
    if following is None:
        raise ValidationError(_("The report of this meeting is already published."))
    if following == Meeting.Status.HELD and meeting.held_on > timezone.localdate():
        raise ValidationError(_("A meeting cannot be marked held before its date."))
    if following == Meeting.Status.REPORT_PUBLISHED and not meeting.minutes_stored_name:
        raise ValidationError(_("Upload the minutes before publishing the report."))
    before, meeting.status = meeting.status, following
    meeting.save(update_fields=["status", "updated_at"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=meeting, changes={"status": [before, following]})
    _changed()
    return meeting


@transaction.atomic
def meeting_set_attendance(*, acting_user: User, meeting: Meeting, counts: dict[str, tuple[int, int]]) -> Meeting:
    """Replace the attendance counts: {category: (women, men)}; categories left out are removed."""
    scope.require(acting_user, MEETINGS, meeting)
    errors = {category: _("Unknown category.") for category in counts if category not in Attendance.Category.values}
    errors |= {category: _("Counts cannot be negative.") for category, pair in counts.items() if min(pair) < 0}
    if errors:
        raise ValidationError(errors)
    before = {row.category: [row.women, row.men] for row in meeting.attendance.all()}
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, category=category, women=women, men=men)
            for category, (women, men) in sorted(counts.items())
            if women or men
        ]
    )
    after = {category: [women, men] for category, (women, men) in counts.items() if women or men}
    if before != after:
        audit.record(
            actor=acting_user, action=AuditLog.Action.UPDATE, obj=meeting, changes={"attendance": [before, after]}
        )
        _changed()
    return meeting


@transaction.atomic
def meeting_add_organization(
    *,
    acting_user: User,
    meeting: Meeting,
    organization: Organization | None = None,
    name_ar: str = "",
    name_fr: str = "",
    kind: str = "",
    province: Province | None = None,
) -> Organization:
    """Add a participating organization: an existing one, or one created on the spot (names and kind)."""
    scope.require(acting_user, MEETINGS, meeting)
    if organization is None:
        _province_in_region(province, meeting.region_id)
        organization = Organization(
            name_ar=name_ar.strip(), name_fr=name_fr.strip(), name_en=name_fr.strip(), kind=kind, province=province
        )
        organization.full_clean()
        organization.save()
        audit.record(
            actor=acting_user, action=AuditLog.Action.CREATE, obj=organization, changes=audit.snapshot(organization)
        )
    meeting.organizations.add(organization)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=meeting,
        changes={"organizations": [None, str(organization.pk)]},
    )
    _changed()
    return organization


@transaction.atomic
def meeting_upload_minutes(*, acting_user: User, meeting: Meeting, file_name: str, content: bytes) -> Meeting:
    """Keep the meeting's minutes (a PDF), encrypted; a previous file is deleted once this one is committed."""
    scope.require(acting_user, MEETINGS, meeting)
    mime_type = files.check_minutes(file_name, content)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    previous = meeting.minutes_stored_name
    stored_name, key = files.FILES.store(content)
    try:
        meeting.minutes_stored_name, meeting.minutes_key = stored_name, key
        meeting.minutes_name, meeting.minutes_type = file_name.rsplit("/", 1)[-1][:200] or "minutes.pdf", mime_type
        meeting.save(update_fields=["minutes_stored_name", "minutes_key", "minutes_name", "minutes_type", "updated_at"])
    except Exception:
        files.FILES.delete([stored_name])
        raise
    if previous:
        files.FILES.delete_on_commit([previous])
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=meeting,
        changes={"minutes": [bool(previous), meeting.minutes_name]},
    )
    return meeting


# ---------------------------------------------------------------- recommendations


def _next_number(meeting: Meeting) -> int:
    last = Recommendation.objects.filter(meeting=meeting).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _check_recommendation(recommendation: Recommendation) -> None:
    _province_in_region(recommendation.province, recommendation.meeting.region_id)
    if not (recommendation.text_ar.strip() or recommendation.text_fr.strip()):
        raise ValidationError({"text_ar": _("Write the recommendation in Arabic or in French.")})


@transaction.atomic
def recommendation_create(
    *,
    acting_user: User,
    meeting: Meeting,
    text_ar: str = "",
    text_fr: str = "",
    organization: Organization | None = None,
    province: Province | None = None,
    target_group: str = "all",
    pillar: Any = None,
    lever: Any = None,
    now: datetime.datetime | None = None,
) -> Recommendation:
    """Record a recommendation made at the meeting; it starts as received."""
    scope.require(acting_user, RECOMMENDATIONS, meeting)
    now = now or timezone.now()
    recommendation = Recommendation(
        meeting=meeting,
        number=_next_number(meeting),
        text_ar=text_ar.strip(),
        text_fr=text_fr.strip(),
        organization=organization,
        province=province,
        target_group=target_group,
        pillar=pillar,
        lever=lever,
        status_changed_at=now,
    )
    _check_recommendation(recommendation)
    recommendation.key_ar, recommendation.key_fr = duplicates.keys(recommendation.text_ar, recommendation.text_fr)
    recommendation.full_clean()
    recommendation.save()
    RecommendationEvent.objects.create(recommendation=recommendation, at=now, by=acting_user, to_status=Status.RECEIVED)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=recommendation,
        changes={"number": [None, recommendation.number], "status": [None, Status.RECEIVED]},
    )
    _changed()
    return recommendation


RECOMMENDATION_FIELDS = ("text_ar", "text_fr", "organization", "province", "target_group", "pillar", "lever")


@transaction.atomic
def recommendation_update(*, acting_user: User, recommendation: Recommendation, **changes: Any) -> Recommendation:
    """Correct a recommendation's text or classification (its status moves only by `recommendation_decide`)."""
    scope.require(acting_user, RECOMMENDATIONS, recommendation)
    recommendation = Recommendation.objects.select_for_update().select_related("meeting").get(pk=recommendation.pk)
    unknown = set(changes) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = {name: str(getattr(recommendation, name)) for name in RECOMMENDATION_FIELDS}
    for name, value in changes.items():
        setattr(recommendation, name, value.strip() if isinstance(value, str) else value)
    _check_recommendation(recommendation)
    recommendation.key_ar, recommendation.key_fr = duplicates.keys(recommendation.text_ar, recommendation.text_fr)
    recommendation.full_clean()
    changed = audit.diff(before, {name: str(getattr(recommendation, name)) for name in RECOMMENDATION_FIELDS})
    if changed:
        recommendation.save()
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=recommendation, changes=changed)
        _changed()
    return recommendation


@transaction.atomic
def recommendation_decide(
    *,
    acting_user: User,
    recommendation: Recommendation,
    status: str,
    action: PlanAction | None = None,
    merged_into: Recommendation | None = None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Recommendation:
    """Move a recommendation along its workflow, dated and authored:

    received → under study → accepted (into an action of its region's plan) / merged into another
    recommendation / not retained (the reason is mandatory); an accepted or not retained one may go back under
    study. A merged one stays merged. 404 without manage_recommendations over its region."""
    scope.require(acting_user, RECOMMENDATIONS, recommendation)
    now = now or timezone.now()
    recommendation = Recommendation.objects.select_for_update().select_related("meeting").get(pk=recommendation.pk)
    current = recommendation.status
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status not in TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("A recommendation cannot go from “%(from)s” to “%(to)s”.")
                % {"from": Status(current).label, "to": Status(status).label}
            }
        )
    reason = reason.strip()
    errors: dict[str, str] = {}
    if status == Status.NOT_RETAINED and not reason:
        errors["reason"] = _("Say why the recommendation is not retained.")
    if status == Status.ACCEPTED:
        if action is None:
            errors["action"] = _("Choose the action of the plan that takes up this recommendation.")
        elif action.plan.region_id != recommendation.meeting.region_id:
            errors["action"] = _("The action must belong to the plan of the recommendation's region.")
    if status == Status.MERGED:
        if merged_into is None:
            errors["merged_into"] = _("Choose the recommendation it is merged into.")
        elif merged_into.pk == recommendation.pk:
            errors["merged_into"] = _("A recommendation cannot be merged into itself.")
        elif merged_into.status == Status.MERGED:
            errors["merged_into"] = _("That recommendation is itself merged: choose the one it was merged into.")
        elif not scope.may(acting_user, RECOMMENDATIONS, merged_into):
            errors["merged_into"] = _("Choose a recommendation you may manage.")
    if errors:
        raise ValidationError(errors)
    recommendation.status, recommendation.status_changed_at = status, now
    recommendation.action = action if status == Status.ACCEPTED else None
    recommendation.merged_into = merged_into if status == Status.MERGED else None
    recommendation.reason = reason if status in (Status.NOT_RETAINED, Status.MERGED) else ""
    recommendation.full_clean()
    recommendation.save(update_fields=["status", "status_changed_at", "action", "merged_into", "reason"])
    RecommendationEvent.objects.create(
        recommendation=recommendation,
        at=now,
        by=acting_user,
        from_status=current,
        to_status=status,
        action=recommendation.action,
        merged_into=recommendation.merged_into,
        note=reason,
    )
    changes: dict[str, Any] = {"status": [current, status]}
    if recommendation.action_id:
        changes["action"] = [None, str(recommendation.action)]
    if recommendation.merged_into:
        changes["merged_into"] = [None, recommendation.merged_into.reference]
    if reason:
        changes["reason"] = [None, reason]
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=recommendation, changes=changes)
    _changed()
    return recommendation


def recommendation_merge(
    *, acting_user: User, duplicate: Recommendation, into: Recommendation, note: str = ""
) -> Recommendation:
    """Merge a duplicate found across meetings into the recommendation that stays (a person's decision)."""
    return recommendation_decide(
        acting_user=acting_user, recommendation=duplicate, status=Status.MERGED, merged_into=into, reason=note
    )


# ---------------------------------------------------------------- plans, actions, results, milestones


@transaction.atomic
def plan_create(
    *,
    acting_user: User,
    region: Region,
    first_year: int,
    last_year: int,
    title_ar: str,
    title_fr: str,
    consultation_round: ConsultationRound | None = None,
) -> ActionPlan:
    """A region's action plan for a period (manage_plans over the region)."""
    plan = ActionPlan(
        region=region,
        first_year=first_year,
        last_year=last_year,
        title_ar=title_ar,
        title_fr=title_fr,
        round=consultation_round,
    )
    scope.require(acting_user, PLANS, plan)
    plan.full_clean()
    plan.save()
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=plan, changes=audit.snapshot(plan))
    _changed()
    return plan


@transaction.atomic
def action_create(
    *,
    acting_user: User,
    plan: ActionPlan,
    code: str,
    title_ar: str,
    title_fr: str,
    owner: Organization,
    partners: list[Organization] | None = None,
    province: Province | None = None,
    pillar: Any = None,
    target_group: str = "all",
    budget: Decimal = Decimal(0),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    indicators: list[Any] | None = None,
) -> PlanAction:
    """Add an action (a line) to a plan, with its owner, partners, budget in MAD, dates and indicators."""
    scope.require(acting_user, PLANS, plan)
    if not isinstance(budget, Decimal):
        raise ValidationError({"budget": _("The budget must be an amount in MAD.")})
    action = PlanAction(
        plan=plan,
        code=code,
        title_ar=title_ar,
        title_fr=title_fr,
        owner=owner,
        province=province,
        pillar=pillar,
        target_group=target_group,
        budget=budget,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _province_in_region(province, plan.region_id)
    action.full_clean()
    action.save()
    action.partners.set(partners or [])
    action.indicators.set(indicators or [])
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=action, changes=audit.snapshot(action))
    _changed()
    return action


ACTION_FIELDS = (
    "code", "title_ar", "title_fr", "owner", "province", "pillar", "target_group", "budget", "starts_on", "ends_on",
)  # fmt: skip
ACTION_SETS = ("partners", "indicators")


def _values(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields as the audit log keeps them: a related record by its id, a value as text."""
    values: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        values[name] = None if value is None else str(value)
    return values


@transaction.atomic
def action_update(*, acting_user: User, action: PlanAction, **changes: Any) -> PlanAction:
    """Correct an action of a plan after its creation (manage_plans over its region, else 404)."""
    scope.require(acting_user, PLANS, action)
    action = PlanAction.objects.select_for_update().select_related("plan").get(pk=action.pk)
    unknown = set(changes) - set(ACTION_FIELDS) - set(ACTION_SETS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "budget" in changes and not isinstance(changes["budget"], Decimal):
        raise ValidationError({"budget": _("The budget must be an amount in MAD.")})
    before = _values(action, ACTION_FIELDS)
    sets_before = {
        name: sorted(str(pk) for pk in getattr(action, name).values_list("pk", flat=True)) for name in ACTION_SETS
    }
    for name in ACTION_FIELDS:
        if name in changes:
            setattr(action, name, changes[name])
    _province_in_region(action.province, action.plan.region_id)
    action.full_clean()
    changed = audit.diff(before, _values(action, ACTION_FIELDS))
    action.save()
    for name in ACTION_SETS:
        if name in changes:
            getattr(action, name).set(changes[name] or [])
            after = sorted(str(item.pk) for item in changes[name] or [])
            if after != sets_before[name]:
                changed[name] = [sets_before[name], after]
    if changed:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=action, changes=changed)
        _changed()
    return action


RESULT_FIELDS = ("title_ar", "title_fr", "weight", "order")


@transaction.atomic
def result_update(*, acting_user: User, result: Result, **changes: Any) -> Result:
    """Correct a result's titles, weight or order; the action's progress is rolled up again."""
    action = PlanAction.objects.select_for_update().get(pk=result.action_id)
    scope.require(acting_user, PLANS, action)
    result = Result.objects.select_for_update().get(pk=result.pk)
    unknown = set(changes) - set(RESULT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _values(result, RESULT_FIELDS)
    for name, value in changes.items():
        setattr(result, name, value)
    result.full_clean()
    changed = audit.diff(before, _values(result, RESULT_FIELDS))
    if changed:
        result.save(update_fields=list(changed))
        rollup.recompute_action(action)
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=result, changes=changed)
        _changed()
    return result


@transaction.atomic
def result_create(
    *,
    acting_user: User,
    action: PlanAction,
    title_ar: str,
    title_fr: str,
    parent: Result | None = None,
    weight: Decimal | None = None,
    status: ResultStatus | None = None,
    own_progress: Decimal | None = None,
    order: int = 0,
) -> Result:
    """Add a result to an action (under a parent result or at its top); the progress is rolled up again."""
    scope.require(acting_user, PLANS, action)
    if parent is not None and parent.action_id != action.pk:
        raise ValidationError({"parent": _("The parent result belongs to another action.")})
    result = Result(
        action=action,
        parent=parent,
        title_ar=title_ar,
        title_fr=title_fr,
        weight=weight,
        status=status,
        own_progress=own_progress,
        order=order,
    )
    result.full_clean()
    result.save()
    rollup.recompute_action(action)
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=result, changes=audit.snapshot(result))
    _changed()
    return result


@transaction.atomic
def result_report(
    *, acting_user: User, result: Result, status: ResultStatus | None, own_progress: Decimal | None = None
) -> Result:
    """Report a result's status (and optionally its own progress): report_progress over the action's region or
    its owner organization. A result with parts takes its progress from them: only its status is kept."""
    action = PlanAction.objects.select_for_update().get(pk=result.action_id)
    scope.require(acting_user, PROGRESS, action)
    result = Result.objects.select_for_update().get(pk=result.pk)
    before = {"status": result.status_id, "own_progress": result.own_progress}
    result.status, result.own_progress = status, own_progress
    result.full_clean()
    changed = audit.diff(before, {"status": result.status_id, "own_progress": result.own_progress})
    if changed:
        result.save(update_fields=["status", "own_progress"])
        rollup.recompute_action(action)
        audit.record(
            actor=acting_user,
            action=AuditLog.Action.UPDATE,
            obj=result,
            changes={
                key: [str(old) if old is not None else None, str(new) if new is not None else None]
                for key, (old, new) in changed.items()
            },
        )
        _changed()
    return result


@transaction.atomic
def milestone_add(
    *,
    acting_user: User,
    action: PlanAction,
    reached_on: datetime.date,
    title_ar: str = "",
    title_fr: str = "",
    result: Result | None = None,
) -> Milestone:
    """Record a dated milestone of an action (report_progress over its region or owner organization)."""
    scope.require(acting_user, PROGRESS, action)
    if result is not None and result.action_id != action.pk:
        raise ValidationError({"result": _("The result belongs to another action.")})
    if not (title_ar.strip() or title_fr.strip()):
        raise ValidationError({"title_ar": _("Describe the milestone in Arabic or in French.")})
    if reached_on > timezone.localdate():
        raise ValidationError(
            {"reached_on": _("A milestone is recorded once reached: its date cannot be in the future.")}
        )
    milestone = Milestone(
        action=action,
        result=result,
        reached_on=reached_on,
        title_ar=title_ar.strip(),
        title_fr=title_fr.strip(),
        recorded_by=acting_user,
    )
    milestone.full_clean()
    milestone.save()
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=milestone,
        changes={"reached_on": [None, str(reached_on)], "title": [None, milestone.title]},
    )
    _changed()
    return milestone
