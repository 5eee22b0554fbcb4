"""Every write of the rehabilitation works: enrol a center, plan its phases, move it on, photos, services.

Each service checks the acting user's permission over the works' center (`scope.require`, Http404 outside
it), validates, and writes its audit entry in the same transaction. The center's summary fields
(`rehabilitation_status`, `rehabilitation_budget_mad`, and `is_jisr` once it opens) follow the works
record in the same transaction: the works record is the truth (docs/decisions.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jisr.centers.models import Center, ServiceType
from jisr.centers.works import photos
from jisr.centers.works.models import (
    CENTER_STATUS_OF_PHASE,
    PHASE_ORDER,
    CenterWorks,
    Phase,
    WorksPhase,
    WorksPhoto,
    phase_index,
)
from jisr.core import audit, scope
from jisr.core.models import AuditLog

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from jisr.accounts.models import User

VIEW = "centers.view_centerworks"
ADD = "centers.add_centerworks"
CHANGE = "centers.change_centerworks"
DELETE = "centers.delete_centerworks"
ADD_PHOTO = "centers.add_worksphoto"
DELETE_PHOTO = "centers.delete_worksphoto"

WORKS_EDITABLE_FIELDS = frozenset({"contractor", "progress_percent", "budget_mad", "notes"})
CAPTION_CHARS = 200

PlannedDates = tuple[datetime.date | None, datetime.date | None]


def _today() -> datetime.date:
    return timezone.localdate()


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"budget_mad": _("Enter the budget as an amount in MAD, such as 850000.00.")}) from exc
    if amount < 0:
        raise ValidationError({"budget_mad": _("The budget cannot be negative.")})
    return amount


def _sync_center(acting_user: User, works: CenterWorks) -> None:
    """Bring the center's summary fields in step with its works record (audited on the center)."""
    center = Center.objects.select_for_update().get(pk=works.center_id)
    wanted: dict[str, Any] = {
        "rehabilitation_status": CENTER_STATUS_OF_PHASE[works.phase],
        "rehabilitation_budget_mad": works.budget_mad,
    }
    if works.phase == Phase.OPERATIONAL:
        wanted["is_jisr"] = True  # an opened center of the programme is a new-generation center
    before = audit.snapshot(center, list(wanted))
    for name, value in wanted.items():
        setattr(center, name, value)
    changed = audit.diff(before, audit.snapshot(center, list(wanted)))
    if changed:
        center.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=center, changes=changed)
    works.center = center


def _check_plan(plan: Mapping[str, PlannedDates]) -> None:
    """Planned dates: each end on or after its start, and no phase planned to start before the one before it."""
    previous_start: tuple[str, datetime.date] | None = None
    for phase in PHASE_ORDER:
        start, end = plan.get(phase, (None, None))
        label = Phase(phase).label
        if start and end and end < start:
            raise ValidationError(
                {"planned_end": _("%(phase)s: the planned end (%(end)s) is before the planned start (%(start)s).")
                 % {"phase": label, "end": _day(end), "start": _day(start)}}
            )  # fmt: skip
        if start and previous_start and start < previous_start[1]:
            raise ValidationError(
                {"planned_start": _("%(phase)s cannot be planned to start (%(start)s) before %(previous)s "
                                    "(%(previous_start)s): the phases follow one another.")
                 % {"phase": label, "start": _day(start), "previous": Phase(previous_start[0]).label,
                    "previous_start": _day(previous_start[1])}}
            )  # fmt: skip
        if start:
            previous_start = (phase, start)


def _plan_of(works: CenterWorks) -> dict[str, PlannedDates]:
    return {row.phase: (row.planned_start, row.planned_end) for row in works.phases.all()}


@transaction.atomic
def works_enrol(
    *,
    acting_user: User,
    center: Center,
    budget_mad: Decimal | str,
    contractor: str = "",
    identified_on: datetime.date | None = None,
    plan: Mapping[str, PlannedDates] | None = None,
    future_services: Iterable[ServiceType] = (),
) -> CenterWorks:
    """Put a center in the rehabilitation programme at the phase "identified" (centers.add_centerworks over it).

    `plan` gives planned (start, end) dates per phase; the seven phase rows are made whatever is planned.
    """
    scope.require(acting_user, ADD, center)
    if CenterWorks.objects.filter(center=center).exists():
        raise ValidationError(_("This center is already in the rehabilitation programme."))
    identified_on = identified_on or _today()
    if identified_on > _today():
        raise ValidationError({"identified_on": _("The date of identification cannot be in the future.")})
    plan = dict(plan or {})
    unknown = set(plan) - set(PHASE_ORDER)
    if unknown:
        raise ValidationError({"phase": _("Unknown phase: %(phases)s.") % {"phases": ", ".join(sorted(unknown))}})
    _check_plan(plan)
    works = CenterWorks(center=center, budget_mad=_money(budget_mad), contractor=contractor.strip())
    works.full_clean()
    works.save()
    rows = []
    for phase in PHASE_ORDER:
        start, end = plan.get(phase, (None, None))
        row = WorksPhase(works=works, phase=phase, planned_start=start, planned_end=end)
        if phase == Phase.IDENTIFIED:
            row.actual_start = identified_on
        row.full_clean(exclude=["works"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    WorksPhase.objects.bulk_create(rows)
    services = list(future_services)
    works.future_services.set(services)
    _sync_center(acting_user, works)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=works,
        changes={**audit.snapshot(works), "future_services": sorted(s.code for s in services),
                 "plan": {phase: [str(s or ""), str(e or "")] for phase, (s, e) in plan.items()}},
    )  # fmt: skip
    return works


@transaction.atomic
def works_update(*, acting_user: User, works: CenterWorks, **changes: Any) -> CenterWorks:
    """Change the contractor, progress, budget or notes (centers.change_centerworks over the center)."""
    unknown = set(changes) - WORKS_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Fields that cannot be set here: {sorted(unknown)}")
    scope.require(acting_user, CHANGE, works)
    works = CenterWorks.objects.select_for_update().select_related("center").get(pk=works.pk)
    if "budget_mad" in changes:
        changes["budget_mad"] = _money(changes["budget_mad"])
    if "progress_percent" in changes:
        try:
            changes["progress_percent"] = int(changes["progress_percent"])
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                {"progress_percent": _("Enter the progress as a whole number from 0 to 100.")}
            ) from exc
        if not 0 <= changes["progress_percent"] <= 100:
            raise ValidationError({"progress_percent": _("Enter the progress as a whole number from 0 to 100.")})
    before = audit.snapshot(works)
    for name, value in changes.items():
        setattr(works, name, value.strip() if isinstance(value, str) else value)
    works.full_clean()
    changed = audit.diff(before, audit.snapshot(works))
    if changed:
        works.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=works, changes=changed)
        _sync_center(acting_user, works)
    return works


@transaction.atomic
def works_plan(*, acting_user: User, works: CenterWorks, plan: Mapping[str, PlannedDates]) -> CenterWorks:
    """Set the planned dates of the phases named in `plan` (the others keep theirs); checked as a whole."""
    scope.require(acting_user, CHANGE, works)
    unknown = set(plan) - set(PHASE_ORDER)
    if unknown:
        raise ValidationError({"phase": _("Unknown phase: %(phases)s.") % {"phases": ", ".join(sorted(unknown))}})
    rows = {row.phase: row for row in WorksPhase.objects.select_for_update().filter(works=works)}
    merged = {phase: (row.planned_start, row.planned_end) for phase, row in rows.items()} | dict(plan)
    _check_plan(merged)
    changed: dict[str, list[str]] = {}
    for phase, (start, end) in plan.items():
        row = rows[phase]
        if (row.planned_start, row.planned_end) != (start, end):
            changed[phase] = [f"{row.planned_start or ''}–{row.planned_end or ''}", f"{start or ''}–{end or ''}"]
            row.planned_start, row.planned_end = start, end
            row.save(update_fields=["planned_start", "planned_end"])
    if changed:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=works, changes={"plan": changed})
    return works


@transaction.atomic
def works_advance(*, acting_user: User, works: CenterWorks, on_date: datetime.date | None = None) -> CenterWorks:
    """Move the center to the next phase on `on_date` (today by default): the current phase ends that day.

    Phases follow their order, one step at a time; the date is neither in the future nor before the
    current phase began. Reaching "operational" sets the progress to 100 % and makes the center a
    new-generation center.
    """
    scope.require(acting_user, CHANGE, works)
    works = CenterWorks.objects.select_for_update().select_related("center").get(pk=works.pk)
    on_date = on_date or _today()
    if works.phase == Phase.OPERATIONAL:
        raise ValidationError(_("This center is already operational: there is no phase after it."))
    if on_date > _today():
        raise ValidationError({"on_date": _("The date cannot be in the future: record a phase when it is reached.")})
    rows = {row.phase: row for row in WorksPhase.objects.select_for_update().filter(works=works)}
    current = rows[works.phase]
    if current.actual_start and on_date < current.actual_start:
        raise ValidationError(
            {"on_date": _("The date (%(date)s) is before the start of the current phase, %(phase)s (%(start)s).")
             % {"date": _day(on_date), "phase": current.get_phase_display(), "start": _day(current.actual_start)}}
        )  # fmt: skip
    following = PHASE_ORDER[phase_index(works.phase) + 1]
    nxt = rows[following]
    current.actual_end = on_date
    nxt.actual_start = on_date
    nxt.actual_end = on_date if following == Phase.OPERATIONAL else None
    current.save(update_fields=["actual_end"])
    nxt.save(update_fields=["actual_start", "actual_end"])
    before = {"phase": works.phase, "progress_percent": works.progress_percent}
    works.phase = following
    update = ["phase", "updated_at"]
    if following == Phase.OPERATIONAL:
        works.progress_percent = 100
        update.append("progress_percent")
    works.save(update_fields=update)
    changes = audit.diff(before, {"phase": works.phase, "progress_percent": works.progress_percent})
    changes["on_date"] = [None, str(on_date)]
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=works, changes=changes)
    _sync_center(acting_user, works)
    return works


@transaction.atomic
def works_step_back(*, acting_user: User, works: CenterWorks, reason: str, confirm: bool = False) -> CenterWorks:
    """Undo the last phase move (a move recorded by mistake): needs `confirm` and a reason, both audited.

    The current phase's actual dates are cleared and the phase before it is open again.
    """
    scope.require(acting_user, CHANGE, works)
    works = CenterWorks.objects.select_for_update().select_related("center").get(pk=works.pk)
    reason = " ".join(reason.split())
    if works.phase == Phase.IDENTIFIED:
        raise ValidationError(_("This center is at the first phase: there is no phase before it."))
    if not reason:
        raise ValidationError({"reason": _("Say why the phase is taken back.")})
    if not confirm:
        raise ValidationError({"confirm": _("Confirm that the last phase move is to be undone.")})
    rows = {row.phase: row for row in WorksPhase.objects.select_for_update().filter(works=works)}
    previous = PHASE_ORDER[phase_index(works.phase) - 1]
    current, back = rows[works.phase], rows[previous]
    undone = {"phase": [works.phase, previous], "actual_start": [str(current.actual_start or ""), None]}
    current.actual_start = current.actual_end = None
    back.actual_end = None
    current.save(update_fields=["actual_start", "actual_end"])
    back.save(update_fields=["actual_end"])
    works.phase = previous
    works.save(update_fields=["phase", "updated_at"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=works, changes={**undone, "reason": reason})
    _sync_center(acting_user, works)
    return works


@transaction.atomic
def works_set_future_services(
    *, acting_user: User, works: CenterWorks, service_types: Iterable[ServiceType]
) -> CenterWorks:
    """The services the center will offer once open (from the centers' taxonomy)."""
    scope.require(acting_user, CHANGE, works)
    wanted = list(dict.fromkeys(service_types))
    before = sorted(works.future_services.values_list("code", flat=True))
    works.future_services.set(wanted)
    after = sorted(service.code for service in wanted)
    if before != after:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=works,
                     changes={"future_services": [before, after]})  # fmt: skip
    return works


def works_photo_add(*, acting_user: User, works: CenterWorks, upload: photos.Upload, caption: str = "") -> WorksPhoto:
    """Add a photo of the works at its current phase: refused, with nothing stored, when it is too large,
    not a JPEG or PNG by its content, or unreadable; stored without its metadata (EXIF, GPS)."""
    scope.require(acting_user, ADD_PHOTO, works)
    clean = photos.clean_photo(upload)
    stored_name, key = photos.store(clean.content)
    try:
        with transaction.atomic():
            photo = WorksPhoto(
                works=works, phase=works.phase, caption=" ".join(caption.split())[:CAPTION_CHARS],
                content_type=clean.content_type, size=len(clean.content), width=clean.width, height=clean.height,
                stored_name=stored_name, file_key=key, added_by=acting_user, added_at=timezone.now(),
            )  # fmt: skip
            photo.full_clean()
            photo.save()
            audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=photo,
                         changes={"works": str(works.pk), "phase": photo.phase, "caption": photo.caption,
                                  "format": photo.content_type, "size": photo.size})  # fmt: skip
    except BaseException:
        photos.delete([stored_name])
        raise
    return photo


@transaction.atomic
def works_photo_remove(*, acting_user: User, photo: WorksPhoto, confirm: bool = False) -> None:
    """Delete a photo (`confirm` needed): its row goes, its file once the deletion commits."""
    scope.require(acting_user, DELETE_PHOTO, photo)
    if not confirm:
        raise ValidationError({"confirm": _("Confirm that the photo is to be deleted.")})
    stored_name, pk, works_id = photo.stored_name, str(photo.pk), str(photo.works_id)
    snapshot = {"works": works_id, "phase": photo.phase, "caption": photo.caption}
    photo.delete()
    audit.record(actor=acting_user, action=AuditLog.Action.DELETE, object_type="centers.worksphoto", object_id=pk,
                 object_repr=snapshot["caption"] or works_id, changes=snapshot)  # fmt: skip
    photos.delete_on_commit([stored_name])


@transaction.atomic
def works_remove(*, acting_user: User, works: CenterWorks, reason: str, confirm: bool = False) -> None:
    """Take a center out of the programme (`confirm` and a reason needed): its works record, phases and
    photos go; the center's rehabilitation status goes back to "not in the programme"."""
    scope.require(acting_user, DELETE, works)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the center leaves the programme.")})
    if not confirm:
        raise ValidationError({"confirm": _("Confirm that the center is to leave the programme.")})
    names = list(works.photos.values_list("stored_name", flat=True))
    snapshot = {**audit.snapshot(works), "reason": reason, "photos": len(names)}
    pk, name, center_id = str(works.pk), str(works), works.center_id
    works.delete()
    audit.record(actor=acting_user, action=AuditLog.Action.DELETE, object_type="centers.centerworks", object_id=pk,
                 object_repr=name, changes=snapshot)  # fmt: skip
    center = Center.objects.select_for_update().get(pk=center_id)
    before = audit.snapshot(center, ["rehabilitation_status"])
    center.rehabilitation_status = Center.Rehabilitation.NONE
    center.save(update_fields=["rehabilitation_status", "updated_at"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=center,
                 changes=audit.diff(before, audit.snapshot(center, ["rehabilitation_status"])))  # fmt: skip
    photos.delete_on_commit(names)
